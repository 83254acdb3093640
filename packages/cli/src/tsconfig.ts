import { nearestTsconfig, readTsconfig } from '@backend-guard/config';

/**
 * Reads every tsconfig.json that gives one of the files its type information (each file's nearest,
 * up to the root, as in a monorepo with one per package), so problems surface before linting: a
 * tsconfig that cannot be read stops the run (ConfigError, exit 2); one whose base config is not
 * installed yet is reported and its files are checked without types.
 */
export function checkTsconfigs(root: string, files: readonly string[], warn: (message: string) => void): void {
  const nearest = new Map<string, string | undefined>();
  const read = new Set<string>();
  for (const file of files) {
    const tsconfig = nearestTsconfig(file, root, nearest);
    if (tsconfig === undefined || read.has(tsconfig)) continue;
    read.add(tsconfig);
    readTsconfig(tsconfig, warn);
  }
}
