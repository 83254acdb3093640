import { createRule } from './_utils/create-rule.js';
import { isDrizzleDb, typeInfo } from './_utils/drizzle-db.js';
import { fileRoles } from './_utils/guard.js';
import { memberName } from './_utils/ast.js';
import { mergeListeners, moduleReferenceListener, shortText } from './_utils/modules.js';

export type Options = [];
export type MessageIds = 'driverOutsideDb' | 'clientOutsideDb';

export default createRule<Options, MessageIds>({
  name: 'drizzle-only-sql',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow SQL drivers, other query layers and the raw `$client` outside the db module',
      recommended: 'recommended',
      requiresTypeChecking: false,
    },
    messages: {
      driverOutsideDb: "'{{module}}' is a SQL driver; query through the db module's Drizzle `db`.",
      clientOutsideDb: '`{{object}}.$client` bypasses Drizzle; use the query builder instead.',
    },
    schema: [],
  },
  create(context) {
    const { guard, roles } = fileRoles(context);
    if (!roles.has('server') || roles.has('db')) return {};
    const info = typeInfo(context);
    return mergeListeners(
      moduleReferenceListener(context, (reference) => {
        const pattern = guard.sqlDriver(reference.source);
        if (pattern === undefined) return;
        context.report({
          node: reference.sourceNode,
          messageId: 'driverOutsideDb',
          data: { module: reference.source },
        });
      }),
      {
        MemberExpression(node) {
          if (memberName(node) !== '$client') return;
          if (!isDrizzleDb(context, info, node.object, '$client', { annotatedAndTransactions: true })) return;
          context.report({
            node,
            messageId: 'clientOutsideDb',
            data: { object: shortText(context, node.object) },
          });
        },
      },
    );
  },
});

