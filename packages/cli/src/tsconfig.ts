import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as TS from 'typescript';
import { GuardFailure } from './report.js';

// Through require, and only when types are on: an ESM import makes Node scan TypeScript's 9 MB
// CommonJS source for export names on every run (the parser has loaded the module already).
const loadTypeScript = (): typeof TS => createRequire(import.meta.url)('typescript') as typeof TS;

// "File not found" for an `extends` or reference: the project's dependencies are not installed.
const MISSING_BASE_CONFIG = 6053;
// "No inputs were found": an empty project is not an error here.
const NO_INPUTS = 18003;

/** The nearest tsconfig.json from a file's folder up to the root, as TypeScript's project service finds it. */
function nearestTsconfig(file: string, root: string, cache: Map<string, string | undefined>): string | undefined {
  const visited: string[] = [];
  let dir = path.dirname(file);
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
    if (dir === root || path.dirname(dir) === dir) break;
    dir = path.dirname(dir);
  }
  for (const seen of visited) cache.set(seen, found);
  return found;
}

/** The files one tsconfig includes; undefined (with a warning) when its base config is not installed. */
function includedFiles(ts: typeof TS, tsconfigPath: string, warn: (message: string) => void): string[] | undefined {
  const read = ts.readConfigFile(tsconfigPath, (p) => ts.sys.readFile(p));
  if (read.error) {
    throw new GuardFailure(`${tsconfigPath}: ${ts.flattenDiagnosticMessageText(read.error.messageText, '\n')} (fix it, or run with --no-types)`);
  }
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(tsconfigPath), undefined, tsconfigPath);
  const errors = parsed.errors.filter((d) => d.category === ts.DiagnosticCategory.Error && d.code !== NO_INPUTS);
  const missing = errors.find((d) => d.code === MISSING_BASE_CONFIG);
  if (missing) {
    warn(
      `${tsconfigPath}: ${ts.flattenDiagnosticMessageText(missing.messageText, '\n')}; linting its files without type information (install the project's dependencies for typed checks)`,
    );
    return undefined;
  }
  if (errors.length > 0) {
    const text = errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')).join('; ');
    throw new GuardFailure(`${tsconfigPath}: ${text} (fix it, or run with --no-types)`);
  }
  return parsed.fileNames.map((f) => path.resolve(f));
}

/**
 * The files that can be linted with type information: each file's nearest tsconfig.json (up to the
 * root, as in a monorepo with one per package) must include it. A tsconfig that cannot be read is
 * bad input (exit 2); one whose base config is not installed yet leaves its files untyped, with a
 * warning: rules never report because a type did not resolve.
 */
export function typedFiles(root: string, files: readonly string[], warn: (message: string) => void): Set<string> {
  const ts = loadTypeScript();
  const nearest = new Map<string, string | undefined>();
  const included = new Map<string, Set<string> | undefined>();
  const typed = new Set<string>();
  for (const file of files) {
    const tsconfig = nearestTsconfig(file, root, nearest);
    if (tsconfig === undefined) continue;
    if (!included.has(tsconfig)) {
      const names = includedFiles(ts, tsconfig, warn);
      included.set(tsconfig, names ? new Set(names) : undefined);
    }
    if (included.get(tsconfig)?.has(file)) typed.add(file);
  }
  return typed;
}
