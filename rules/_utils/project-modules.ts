import { existsSync } from 'node:fs';
import path from 'node:path';
import type ts from 'typescript';
import { resolveRelativeModule } from './modules.js';
import { typescript } from './typescript.js';

// Module specifiers that name files of the project: relative paths, and tsconfig `paths` aliases
// (`@/db`, `@api/utils/teller`), which real backends use for most of their imports.

const tsconfigOfDir = new Map<string, string | undefined>();
const optionsOfTsconfig = new Map<string, ts.CompilerOptions | undefined>();

/** The compiler options of the tsconfig.json nearest to `file` (paths, baseUrl), without listing its files. */
function compilerOptionsFor(file: string): ts.CompilerOptions | undefined {
  const visited: string[] = [];
  let dir = path.dirname(file);
  let found: string | undefined;
  for (;;) {
    if (tsconfigOfDir.has(dir)) {
      found = tsconfigOfDir.get(dir);
      break;
    }
    visited.push(dir);
    if (existsSync(path.join(dir, 'tsconfig.json'))) {
      found = path.join(dir, 'tsconfig.json');
      break;
    }
    if (path.dirname(dir) === dir) break;
    dir = path.dirname(dir);
  }
  for (const seen of visited) tsconfigOfDir.set(seen, found);
  if (found === undefined) return undefined;
  if (!optionsOfTsconfig.has(found)) {
    const tsm = typescript();
    const read = tsm.readConfigFile(found, (file) => tsm.sys.readFile(file));
    // Only the options matter here: a host that lists no files keeps this from globbing the project.
    const host = { ...tsm.sys, readDirectory: () => [] };
    optionsOfTsconfig.set(found, read.error ? undefined : tsm.parseJsonConfigFileContent(read.config, host, path.dirname(found)).options);
  }
  return optionsOfTsconfig.get(found);
}

const aliasResolutions = new Map<string, string | undefined>();

/**
 * The project file a specifier names: relative paths directly, others (tsconfig `paths` aliases such
 * as `@api/utils/teller`) through TypeScript's resolution with the nearest tsconfig's options.
 * Declaration files and installed packages are not project modules: undefined.
 */
export function resolveProjectModule(fromFile: string, specifier: string): string | undefined {
  const relative = resolveRelativeModule(fromFile, specifier);
  if (relative !== undefined) return relative;
  // Bare specifiers of installed packages never reach here cheaply: only tsconfigs with `paths` resolve.
  const key = `${path.dirname(fromFile)}\0${specifier}`;
  if (aliasResolutions.has(key)) return aliasResolutions.get(key);
  const options = compilerOptionsFor(fromFile);
  let target: string | undefined;
  if (options?.paths) {
    const resolved = typescript().resolveModuleName(specifier, fromFile, options, typescript().sys).resolvedModule;
    if (resolved && !resolved.isExternalLibraryImport && !resolved.resolvedFileName.endsWith('.d.ts')) target = path.resolve(resolved.resolvedFileName);
  }
  aliasResolutions.set(key, target);
  return target;
}
