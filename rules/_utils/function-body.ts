import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import { visitorKeys } from '@typescript-eslint/visitor-keys';
import { initializerOf } from './ast.js';

type AnyContext = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

export type FunctionNode = TSESTree.ArrowFunctionExpression | TSESTree.FunctionDeclaration | TSESTree.FunctionExpression;

const FUNCTION_TYPES: ReadonlySet<string> = new Set([
  AST_NODE_TYPES.ArrowFunctionExpression,
  AST_NODE_TYPES.FunctionDeclaration,
  AST_NODE_TYPES.FunctionExpression,
]);

export function isFunctionNode(node: TSESTree.Node | null | undefined): node is FunctionNode {
  return node !== null && node !== undefined && FUNCTION_TYPES.has(node.type);
}

/** What `visit` returns: `skip` leaves the node's children out; anything else walks on. */
export type VisitResult = 'skip' | void;

/**
 * Visits every node under `root` (root included) with its parent, in source order, by
 * typescript-eslint's visitor keys (TypeScript nodes covered; parent links not needed, so trees of
 * imported files parsed outside ESLint work too). `visit` returning false skips the node's children.
 */
export function walkWithParents(root: TSESTree.Node, visit: (node: TSESTree.Node, parent: TSESTree.Node | undefined) => boolean | void): void {
  const stack: Array<[TSESTree.Node, TSESTree.Node | undefined]> = [[root, undefined]];
  while (stack.length > 0) {
    const [node, parent] = stack.pop()!;
    if (visit(node, parent) === false) continue;
    const children: TSESTree.Node[] = [];
    for (const key of visitorKeys[node.type as keyof typeof visitorKeys] ?? []) {
      const value = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(value)) {
        for (const item of value) if (item && typeof (item as TSESTree.Node).type === 'string') children.push(item as TSESTree.Node);
      } else if (value && typeof (value as TSESTree.Node).type === 'string') {
        children.push(value as TSESTree.Node);
      }
    }
    for (let index = children.length - 1; index >= 0; index--) stack.push([children[index]!, node]);
  }
}

/**
 * Walks the subtree under `root` (root included) in source order. Nested functions are entered
 * only when `intoFunctions`: what runs in a callback is not what runs here.
 */
export function walk(
  _context: AnyContext,
  root: TSESTree.Node,
  visit: (node: TSESTree.Node) => VisitResult,
  { intoFunctions = false }: { intoFunctions?: boolean } = {},
): void {
  walkWithParents(root, (node) => !(node !== root && !intoFunctions && isFunctionNode(node)) && visit(node) !== 'skip');
}

/** True when some node under `root` (nested functions excluded unless asked) satisfies `test`. */
export function some(
  context: AnyContext,
  root: TSESTree.Node,
  test: (node: TSESTree.Node) => boolean,
  options: { intoFunctions?: boolean } = {},
): boolean {
  let found = false;
  walk(
    context,
    root,
    (node) => {
      if (found) return 'skip';
      if (test(node)) found = true;
      return found ? 'skip' : undefined;
    },
    options,
  );
  return found;
}

/** The nearest function around `node` (undefined at module level). */
export function enclosingFunction(node: TSESTree.Node): FunctionNode | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionNode(current)) return current;
  }
  return undefined;
}

/** True when `inner` is `outer` or lies inside it. */
export function isWithin(inner: TSESTree.Node, outer: TSESTree.Node): boolean {
  return inner.range[0] >= outer.range[0] && inner.range[1] <= outer.range[1];
}

/** True when an identifier under `root` refers to `variable` (through the scope manager's references). */
export function mentions(variable: TSESLint.Scope.Variable, root: TSESTree.Node): boolean {
  return variable.references.some((reference) => isWithin(reference.identifier, root));
}

/**
 * The same-file function a callee names: `f(...)` of a function declaration or a `const f = () => …`
 * (one definition, never reassigned). Undefined for imports, parameters and anything else.
 */
export function localFunctionOf(variable: TSESLint.Scope.Variable | null): FunctionNode | undefined {
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.type === 'FunctionName' && def.node.type === AST_NODE_TYPES.FunctionDeclaration) return def.node;
  const init = initializerOf(variable, { constOnly: true });
  return isFunctionNode(init) ? init : undefined;
}
