import { createRequire } from 'node:module';
import type * as TypeUtils from '@typescript-eslint/type-utils';
import type * as TS from 'typescript';

let loaded: typeof TS | undefined;
let loadedTypeUtils: typeof TypeUtils | undefined;

/**
 * The TypeScript module, loaded through `require`: an ESM `import` of it makes Node scan its 9 MB
 * CommonJS source for export names on every run (~150 ms), with or without type information. Under
 * ESLint the parser has loaded it already, so this is a cache hit.
 */
export function typescript(): typeof TS {
  loaded ??= createRequire(import.meta.url)('typescript') as typeof TS;
  return loaded;
}

/**
 * typescript-eslint's type utilities, loaded on the first type question: they load TypeScript and
 * its ESTree converter, which a run without type questions (the oxlint engine, mostly) never needs.
 */
export function typeUtils(): typeof TypeUtils {
  loadedTypeUtils ??= createRequire(import.meta.url)('@typescript-eslint/type-utils') as typeof TypeUtils;
  return loadedTypeUtils;
}
