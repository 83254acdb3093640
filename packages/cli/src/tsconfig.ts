import { nearestTsconfig, readTsconfig } from '@backend-guard/config';

/**
 * Reads every tsconfig.json that gives one of the files its type information (each file's nearest,
 * up to the root, as in a monorepo with one per package), so problems surface before linting: a
 * tsconfig that cannot be read stops the run (ConfigError, exit 2); one whose base config is not
 * installed yet is reported and its files are checked without types. Returns how many files a
 * tsconfig includes.
 */
export function checkTsconfigs(root: string, files: readonly string[], warn: (message: string) => void): number {
  const nearest = new Map<string, string | undefined>();
  const included = new Map<string, ReadonlySet<string> | undefined>();
  let typed = 0;
  for (const file of files) {
    const tsconfig = nearestTsconfig(file, root, nearest);
    if (tsconfig === undefined) continue;
    if (!included.has(tsconfig)) {
      const project = readTsconfig(tsconfig, warn);
      included.set(tsconfig, project ? new Set(project.fileNames) : undefined);
    }
    if (included.get(tsconfig)?.has(file)) typed++;
  }
  return typed;
}
