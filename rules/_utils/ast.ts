import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import * as ASTUtils from '@typescript-eslint/utils/ast-utils';
import type { TSESLint } from '@typescript-eslint/utils';

type AnyContext = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** Wrappers that do not change a value: TypeScript-only syntax and the optional-chain boundary. */
export const VALUE_WRAPPERS: ReadonlySet<string> = new Set([
  AST_NODE_TYPES.TSAsExpression,
  AST_NODE_TYPES.TSSatisfiesExpression,
  AST_NODE_TYPES.TSNonNullExpression,
  AST_NODE_TYPES.TSTypeAssertion,
  AST_NODE_TYPES.TSInstantiationExpression,
  AST_NODE_TYPES.ChainExpression,
]);

/** Strips `as`, `satisfies`, `!`, `<T>x`, `f<T>` and `?.` chain wrappers down to the value. */
export function unwrap(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (VALUE_WRAPPERS.has(current.type)) {
    current = (current as TSESTree.TSAsExpression).expression;
  }
  return current;
}

/** The value of a string literal or a template literal without expressions. */
export function staticString(node: TSESTree.Node | null | undefined): string | undefined {
  if (!node) return undefined;
  const inner = unwrap(node);
  if (inner.type === AST_NODE_TYPES.Literal && typeof inner.value === 'string') return inner.value;
  if (inner.type === AST_NODE_TYPES.TemplateLiteral && inner.expressions.length === 0) {
    return inner.quasis[0]?.value.cooked ?? undefined;
  }
  return undefined;
}

/** The property name of `a.b` / `a['b']`; undefined for other nodes and non-constant keys. */
export function memberName(node: TSESTree.Node): string | undefined {
  if (node.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  if (!node.computed) return node.property.type === AST_NODE_TYPES.Identifier ? node.property.name : undefined;
  return staticString(node.property);
}

/** The variable an identifier refers to, through the scope manager (null for undeclared globals). */
export function variableOf(context: AnyContext, node: TSESTree.Identifier): TSESLint.Scope.Variable | null {
  return ASTUtils.findVariable(context.sourceCode.getScope(node), node);
}

/**
 * The initialiser of a variable with one declaration and no later writes (`const x = …`, or a
 * `let` never reassigned unless `constOnly`); undefined for parameters, imports and anything
 * reassigned. A destructured binding (`const { a } = obj`) gives the destructured value (`obj`)
 * only when `destructured` is set: the caller then reads the pattern itself. `reassigned` gives a
 * `let`'s first value even when later writes follow (the caller then judges those writes). The
 * one answer to "what value does this name hold" for every rule.
 */
export function initializerOf(
  variable: TSESLint.Scope.Variable | null,
  { constOnly = false, destructured = false, reassigned = false }: { constOnly?: boolean; destructured?: boolean; reassigned?: boolean } = {},
): TSESTree.Expression | undefined {
  if (!variable || variable.defs.length !== 1) return undefined;
  const def = variable.defs[0]!;
  if (def.type !== 'Variable' || !def.node.init) return undefined;
  if (def.node.id.type !== AST_NODE_TYPES.Identifier && !destructured) return undefined;
  if (def.parent.kind === 'const' || reassigned) return def.node.init;
  if (constOnly || variable.references.some((ref) => ref.isWrite() && !ref.init)) return undefined;
  return def.node.init;
}
