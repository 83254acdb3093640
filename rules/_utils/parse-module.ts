import { createRequire } from 'node:module';
import type { TSESTree } from '@typescript-eslint/utils';

type Parse = typeof import('@typescript-eslint/parser').parse;
let parse: Parse | undefined;

/**
 * Parses a project module read from disk (an import's target) with typescript-eslint's parser,
 * loaded on first use: most files never need one, and loading it pulls in TypeScript (half a second
 * of every oxlint process's start).
 */
export function parseModule(text: string, options: { jsx: boolean; range: boolean; loc: boolean }): TSESTree.Program {
  parse ??= (createRequire(import.meta.url)('@typescript-eslint/parser') as typeof import('@typescript-eslint/parser')).parse;
  return parse(text, options) as TSESTree.Program;
}
