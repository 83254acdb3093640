import path from 'node:path';
import picomatch from 'picomatch';
import type { Guard } from '@backend-guard/config';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import { VALUE_WRAPPERS } from './ast.js';
import { trpcFile, type AnyContext, type FileState } from './trpc-file.js';
import type { Procedure, ProcedurePath } from './trpc-model.js';

/** Where a procedure sits in the API: its router (file or app-router key), folders and keys. */

type Node = TSESTree.Node;

const routerBases = new WeakMap<Guard, string[]>();

/** The static directories the routers globs start from (`server/routers` for `server/routers/**`). */
function routersBases(guard: Guard): string[] {
  let bases = routerBases.get(guard);
  if (!bases) {
    bases = guard.config.roles.routers.map((glob) => picomatch.scan(glob).base).filter((base) => base !== '');
    routerBases.set(guard, bases);
  }
  return bases;
}

function routerFolders(state: FileState, filename: string): string[] {
  const relative = state.guard.roles.relative(filename);
  if (relative === undefined) return [];
  const base = routersBases(state.guard)
    .filter((candidate) => relative.startsWith(`${candidate}/`))
    .sort((a, b) => b.length - a.length)[0];
  if (base === undefined) return [];
  return relative.slice(base.length + 1).split('/').slice(0, -1);
}

function keyName(property: TSESTree.Property): string {
  const key = property.key;
  if (!property.computed && key.type === AST_NODE_TYPES.Identifier) return key.name;
  if (key.type === AST_NODE_TYPES.Literal && (typeof key.value === 'string' || typeof key.value === 'number')) return String(key.value);
  return '[computed]';
}

/** Router name from the file: basename before its first dot, `index` naming its folder. */
function routerNameOfFile(filename: string): string {
  const base = path.basename(filename).split('.')[0] ?? '';
  return base === 'index' ? path.basename(path.dirname(filename)) : base;
}

/**
 * Where a procedure sits: keys of the object literals it is nested in (crossing `router({...})`
 * calls), named after the router file (routers role) or the app router's top-level key.
 */
export function procedurePath(context: AnyContext, procedure: Procedure): ProcedurePath {
  const state = trpcFile(context);
  const keys: string[] = [];
  let node: Node = procedure.call;
  for (let parent: Node | undefined = node.parent; parent; node = parent, parent = node.parent) {
    if (VALUE_WRAPPERS.has(parent.type)) continue;
    if (parent.type === AST_NODE_TYPES.Property && parent.value === node && parent.parent.type === AST_NODE_TYPES.ObjectExpression) {
      keys.unshift(keyName(parent));
      continue;
    }
    if (parent.type === AST_NODE_TYPES.ObjectExpression && node.type === AST_NODE_TYPES.Property) continue;
    if (parent.type === AST_NODE_TYPES.CallExpression && parent.arguments.includes(node as TSESTree.Expression)) continue;
    break;
  }
  let router: string | undefined;
  let folders: string[] = [];
  if (state.roles.has('routers')) {
    router = routerNameOfFile(context.filename);
    folders = routerFolders(state, context.filename);
  } else if (state.roles.has('appRouter')) router = keys.shift();
  return { router, keys, folders, id: [router, ...keys].filter((part) => part !== undefined && part !== '').join('.') };
}
