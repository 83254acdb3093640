import { glob } from 'tinyglobby';
import type { BackendGuardConfig } from '@backend-guard/config';

/** The source files under the root that the config's `files` and `ignores` select, sorted. */
export async function findSourceFiles(root: string, config: BackendGuardConfig): Promise<string[]> {
  const files = await glob([...config.files], {
    cwd: root,
    ignore: [...config.ignores],
    absolute: true,
    dot: false,
    onlyFiles: true,
    followSymbolicLinks: false,
  });
  return files.sort();
}
