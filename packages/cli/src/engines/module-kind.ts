import { packageOf } from '@backend-guard/config';

/** Files parsed as CommonJS scripts: `.cjs`, and `.js` in a package that declares `"type": "commonjs"`. */
export function isCommonjs(file: string, root: string): boolean {
  return file.endsWith('.cjs') || (file.endsWith('.js') && (packageOf(file, root)?.commonjs ?? false));
}
