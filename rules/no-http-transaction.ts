import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import { memberName, unwrap, variableOf } from './_utils/ast.js';
import { createRule } from './_utils/create-rule.js';
import { drizzleDriverOf, hasDrizzleClassType } from './_utils/drizzle-query.js';
import { fileRoles } from './_utils/guard.js';
import { importedNameOf, shortText } from './_utils/modules.js';

export type Options = [];
export type MessageIds = 'httpTransaction';

const NEON_HTTP = 'drizzle-orm/neon-http';

export default createRule<Options, MessageIds>({
  name: 'no-http-transaction',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow interactive transactions on a Drizzle database built on the Neon HTTP driver',
      recommended: 'recommended',
      requiresTypeChecking: false,
    },
    messages: {
      httpTransaction:
        '`{{db}}` is on the Neon HTTP driver, whose `transaction()` throws; use `batch([...])` or neon-serverless.',
    },
    schema: [],
  },
  create(context) {
    const { roles } = fileRoles(context);
    if (!roles.has('server') || roles.has('migrations')) return {};

    /** `db: NeonHttpDatabase` (imported from drizzle-orm/neon-http) on a parameter or variable. */
    const annotatedNeonHttp = (object: TSESTree.Node): boolean => {
      const inner = unwrap(object);
      if (inner.type !== AST_NODE_TYPES.Identifier) return false;
      const def = variableOf(context, inner)?.defs[0];
      const annotation = def?.name.type === AST_NODE_TYPES.Identifier ? def.name.typeAnnotation?.typeAnnotation : undefined;
      if (annotation?.type !== AST_NODE_TYPES.TSTypeReference) return false;
      const imported = importedNameOf(context, annotation.typeName);
      return imported?.source === NEON_HTTP && imported.imported === 'NeonHttpDatabase';
    };

    /** True/false when syntax traces the db to its `drizzle(...)` call or type; undefined when it does not. */
    const isNeonHttpBySyntax = (object: TSESTree.Node): boolean | undefined => {
      if (annotatedNeonHttp(object)) return true;
      const driver = drizzleDriverOf(context, object);
      return driver === undefined ? undefined : driver === NEON_HTTP;
    };

    return {
      CallExpression(node) {
        const callee = unwrap(node.callee);
        if (callee.type !== AST_NODE_TYPES.MemberExpression || memberName(callee) !== 'transaction') return;
        // A Drizzle transaction takes a callback; `neon(url).transaction([queries])` (an array) is the HTTP driver's own batch.
        const [callback] = node.arguments;
        if (callback?.type !== AST_NODE_TYPES.ArrowFunctionExpression && callback?.type !== AST_NODE_TYPES.FunctionExpression) return;
        if (callee.object.type === AST_NODE_TYPES.Super) return;
        const bySyntax = isNeonHttpBySyntax(callee.object);
        const isHttp = bySyntax ?? hasDrizzleClassType(context, callee.object, ['NeonHttpDatabase']) === true;
        if (!isHttp) return;
        context.report({ node: callee.property, messageId: 'httpTransaction', data: { db: shortText(context, callee.object, 30) } });
      },
    };
  },
});
