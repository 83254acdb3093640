import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as TS from 'typescript';
import { ConfigError } from './errors.js';

// Through require: an ESM import makes Node scan TypeScript's 9 MB CommonJS source for export
// names on every run; loaded only when type information is on.
export const loadTypeScript = (): typeof TS => createRequire(import.meta.url)('typescript') as typeof TS;

// "File not found" for an `extends`: the project's dependencies are not installed.
const MISSING_BASE_CONFIG = 6053;
// "No inputs were found": an empty project is not an error here.
const NO_INPUTS = 18003;

/** The nearest tsconfig.json from a file's folder up to `root`, as TypeScript's project service finds it. */
export function nearestTsconfig(file: string, root: string, cache: Map<string, string | undefined>): string | undefined {
  const visited: string[] = [];
  let dir = path.dirname(path.resolve(file));
  let found: string | undefined;
  for (;;) {
    if (cache.has(dir)) {
      found = cache.get(dir);
      break;
    }
    visited.push(dir);
    const candidate = path.join(dir, 'tsconfig.json');
    if (existsSync(candidate)) {
      found = candidate;
      break;
    }
    if (dir === root || path.dirname(dir) === dir || !dir.startsWith(root)) break;
    dir = path.dirname(dir);
  }
  for (const seen of visited) cache.set(seen, found);
  return found;
}

export interface TsconfigProject {
  tsconfig: string;
  fileNames: string[];
  options: TS.CompilerOptions;
  projectReferences: readonly TS.ProjectReference[] | undefined;
}

/**
 * Reads a tsconfig.json. A file that cannot be read or has errors is bad input (ConfigError); one
 * whose base config is not installed yet gives undefined and a warning: its files are checked
 * without type information, and rules never report because a type did not resolve.
 */
export function readTsconfig(tsconfig: string, warn: (message: string) => void): TsconfigProject | undefined {
  const ts = loadTypeScript();
  const read = ts.readConfigFile(tsconfig, (p) => ts.sys.readFile(p));
  if (read.error) {
    throw new ConfigError(`${tsconfig}: ${ts.flattenDiagnosticMessageText(read.error.messageText, '\n')} (fix it, or run with --no-types)`, tsconfig);
  }
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(tsconfig), undefined, tsconfig);
  const errors = parsed.errors.filter((d) => d.category === ts.DiagnosticCategory.Error && d.code !== NO_INPUTS);
  const missing = errors.find((d) => d.code === MISSING_BASE_CONFIG);
  if (missing) {
    warn(
      `${tsconfig}: ${ts.flattenDiagnosticMessageText(missing.messageText, '\n')}; linting its files without type information (install the project's dependencies for typed checks)`,
    );
    return undefined;
  }
  if (errors.length > 0) {
    const text = errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')).join('; ');
    throw new ConfigError(`${tsconfig}: ${text} (fix it, or run with --no-types)`, tsconfig);
  }
  return {
    tsconfig,
    fileNames: parsed.fileNames.map((f) => path.resolve(f)),
    options: { ...parsed.options, noEmit: true },
    projectReferences: parsed.projectReferences,
  };
}
