import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import { memberName, staticString, unwrap } from './_utils/ast.js';
import { createRule } from './_utils/create-rule.js';
import { chainAbove, isDrizzleReceiver } from './_utils/drizzle-query.js';
import { fileRoles } from './_utils/guard.js';
import { importedNameOf, isDrizzleModule } from './_utils/modules.js';

export type Options = [{ relationalQueries: boolean }];
export type MessageIds = 'selectAll' | 'findAllColumns';

const SELECTS = new Set(['select', 'selectDistinct']);
const FINDS = new Set(['findMany', 'findFirst']);
/** Drizzle operators whose subquery's columns never reach the caller. */
const SUBQUERY_OPERATORS = new Set(['exists', 'notExists']);

export default createRule<Options, MessageIds>({
  name: 'explicit-projection',
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Require an explicit column projection on Drizzle selects in routers and services',
      recommended: 'strict',
      requiresTypeChecking: false,
    },
    messages: {
      selectAll: '`{{method}}()` returns every column; name the fields this contract needs: `{{method}}({ id: t.id, … })`.',
      findAllColumns: '`{{method}}()` returns every column; list the fields this contract needs in `columns: { … }`.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          relationalQueries: {
            type: 'boolean',
            description: 'Also require `columns` on relational queries (`db.query.t.findMany/findFirst`). Default true.',
          },
        },
      },
    ],
    defaultOptions: [{ relationalQueries: true }],
  },
  create(context, [options]) {
    const { roles } = fileRoles(context);
    if (!(roles.has('routers') || roles.has('appRouter') || roles.has('services'))) return {};

    /** `exists(db.select().from(t)…)` or `db.select().from(t).as('sq')`: the columns never reach the caller. */
    const isSubquery = (call: TSESTree.CallExpression): boolean => {
      const { links, outer } = chainAbove(call);
      if (links.some((link) => link.method === 'as')) return true;
      const parent = outer.parent;
      if (parent?.type !== AST_NODE_TYPES.CallExpression || !parent.arguments.includes(outer as TSESTree.Expression)) return false;
      const operator = importedNameOf(context, parent.callee);
      return operator !== undefined && isDrizzleModule(operator.source) && SUBQUERY_OPERATORS.has(operator.imported);
    };

    /** `{ columns: … }` (a spread or a non-literal argument may carry it: not reported). */
    const hasColumns = (argument: TSESTree.Node | undefined): boolean => {
      if (!argument) return false;
      const value = unwrap(argument);
      if (value.type !== AST_NODE_TYPES.ObjectExpression) return true;
      return value.properties.some(
        (p) =>
          p.type === AST_NODE_TYPES.SpreadElement ||
          (!p.computed && p.key.type === AST_NODE_TYPES.Identifier ? p.key.name : staticString(p.key)) === 'columns',
      );
    };

    return {
      CallExpression(node) {
        const callee = unwrap(node.callee);
        if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.property.type !== AST_NODE_TYPES.Identifier) return;
        const method = callee.property.name;
        if (SELECTS.has(method)) {
          if (node.arguments.length > 0 || isSubquery(node)) return;
          // Types are asked only for a query shape (`.select().from(t)`), not for any `select()`.
          const fromTable = chainAbove(node).links[0]?.method === 'from';
          if (!isDrizzleReceiver(context, callee.object, method, fromTable)) return;
          context.report({ loc: { start: callee.property.loc.start, end: node.loc.end }, messageId: 'selectAll', data: { method } });
          return;
        }
        if (!options.relationalQueries || !FINDS.has(method) || hasColumns(node.arguments[0])) return;
        // `db.query.<table>.findMany(...)`
        const table = unwrap(callee.object);
        if (table.type !== AST_NODE_TYPES.MemberExpression) return;
        const query = unwrap(table.object);
        if (query.type !== AST_NODE_TYPES.MemberExpression || memberName(query) !== 'query') return;
        if (!isDrizzleReceiver(context, query.object, 'query')) return;
        context.report({ loc: { start: callee.property.loc.start, end: node.loc.end }, messageId: 'findAllColumns', data: { method } });
      },
    };
  },
});
