import { createRequire } from 'node:module';
import type * as TS from 'typescript';

let loaded: typeof TS | undefined;

/**
 * The TypeScript module, loaded through `require`: an ESM `import` of it makes Node scan its 9 MB
 * CommonJS source for export names on every run (~150 ms), with or without type information. The
 * parser has loaded it already, so this is a cache hit.
 */
export function typescript(): typeof TS {
  loaded ??= createRequire(import.meta.url)('typescript') as typeof TS;
  return loaded;
}
