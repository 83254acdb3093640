import { createRequire } from 'node:module';
import type * as TsMorph from 'ts-morph';

// Through require: an ESM import of a CommonJS package makes Node scan it for export names on every
// run (cjs-module-lexer over ts-morph's bundle); the types come from the type-only import.
const tsMorph = createRequire(import.meta.url)('ts-morph') as typeof TsMorph;

export const { Node, Project, SyntaxKind, ts } = tsMorph;
export type Node = TsMorph.Node;
export type { CallExpression, ExportDeclaration, ImportDeclaration, SourceFile, VariableDeclaration } from 'ts-morph';
