import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import { initializerOf, memberName, unwrap, variableOf } from './_utils/ast.js';
import { createRule } from './_utils/create-rule.js';
import { chainAbove, isDrizzleReceiver } from './_utils/drizzle-query.js';
import { fileRoles } from './_utils/guard.js';
import { importedNameOf, isDrizzleModule, shortText } from './_utils/modules.js';

export type Options = [];
export type MessageIds = 'deleteWithoutWhere' | 'updateWithoutWhere';

/**
 * Methods after which the chain is a query built on elsewhere (`$dynamic()` hands it to code that
 * adds conditions), so a missing `where` here says nothing.
 */
const DEFERRED = new Set(['$dynamic']);

/**
 * Where the finished chain goes: into a variable or a property it is a query still being built
 * (`let q = db.delete(t); if (id) q = q.where(…)`); anywhere else (awaited, returned, passed to
 * `Promise.all` or `db.batch`, an expression statement) it runs as written.
 */
function isStored(outer: TSESTree.Node): boolean {
  const parent = outer.parent;
  if (!parent) return false;
  if (parent.type === AST_NODE_TYPES.VariableDeclarator) return parent.init === outer;
  if (parent.type === AST_NODE_TYPES.AssignmentExpression) return parent.right === outer;
  if (parent.type === AST_NODE_TYPES.PropertyDefinition) return parent.value === outer;
  return false;
}

/**
 * An argument that can be a Drizzle table: imported from another module (`users`, `schema.users`)
 * or a local `const` built by a Drizzle call (`pgTable(...)`). A local key (`map.delete(id)`) is not.
 */
function isTableLike(context: Readonly<TSESLint.RuleContext<MessageIds, Options>>, argument: TSESTree.Node): boolean {
  const inner = unwrap(argument);
  if (importedNameOf(context, inner.type === AST_NODE_TYPES.MemberExpression ? inner.object : inner) !== undefined) return true;
  if (inner.type !== AST_NODE_TYPES.Identifier) return false;
  const init = initializerOf(variableOf(context, inner));
  const call = init && unwrap(init);
  if (call?.type !== AST_NODE_TYPES.CallExpression) return false;
  const factory = importedNameOf(context, call.callee);
  return factory !== undefined && isDrizzleModule(factory.source);
}

export default createRule<Options, MessageIds>({
  name: 'require-where',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require a where clause on every Drizzle delete and update',
      recommended: 'recommended',
      requiresTypeChecking: false,
    },
    messages: {
      deleteWithoutWhere: '`{{call}}` has no `.where(...)`, so it deletes every row; add the condition.',
      updateWithoutWhere: '`{{call}}.set(...)` has no `.where(...)`, so it rewrites every row; add the condition.',
    },
    schema: [],
  },
  create(context) {
    const { roles } = fileRoles(context);
    if (!roles.has('server') || roles.has('migrations')) return {};

    const check = (node: TSESTree.CallExpression, callee: TSESTree.MemberExpression, kind: 'delete' | 'update'): void => {
      const { links, outer } = chainAbove(node);
      // `db.update(t)` alone is not a statement yet; `hash.update(x).digest()` never has `.set`.
      if (kind === 'update' && links[0]?.method !== 'set') return;
      if (links.some((link) => link.method === 'where' || DEFERRED.has(link.method))) return;
      if (isStored(outer)) return;
      // The receiver is asked last: it may need the type checker, which is worth asking only when
      // the argument is a table from another module (`users`, `schema.users`), not a local key.
      if (!isDrizzleReceiver(context, callee.object, kind, isTableLike(context, node.arguments[0]!))) return;
      const property = callee.property;
      context.report({
        loc: { start: property.loc.start, end: node.loc.end },
        messageId: kind === 'delete' ? 'deleteWithoutWhere' : 'updateWithoutWhere',
        data: { call: `${kind}(${shortText(context, node.arguments[0]!, 30)})` },
      });
    };

    return {
      CallExpression(node) {
        const callee = unwrap(node.callee);
        if (callee.type !== AST_NODE_TYPES.MemberExpression || node.arguments.length !== 1) return;
        const [argument] = node.arguments;
        // A table is a name (`users`, `schema.users`), never a literal, a spread or a call result.
        const table = argument && unwrap(argument);
        if (table?.type !== AST_NODE_TYPES.Identifier && table?.type !== AST_NODE_TYPES.MemberExpression) return;
        const method = memberName(callee);
        if (method === 'delete' || method === 'update') check(node, callee, method);
      },
    };
  },
});
