import type { TSESTree } from '@typescript-eslint/utils';
import { createRule } from './_utils/create-rule.js';
import { importsDrizzleCore, readTable, type Table } from './_utils/drizzle-schema.js';
import { fileRoles } from './_utils/guard.js';

export type Options = [];
export type MessageIds = 'unindexedReference' | 'unindexedForeignKey';

const COVERING = new Set(['index', 'uniqueIndex', 'unique', 'primaryKey']);

/** True when an index, unique constraint or primary key of the table starts with `key`. */
function isLeadingColumn(table: Table, key: string): boolean {
  const column = table.columns.get(key);
  if (column?.primaryKey || column?.unique) return true;
  return table.constraints.some((constraint) => COVERING.has(constraint.kind) && constraint.columns?.[0] === key);
}

export default createRule<Options, MessageIds>({
  name: 'fk-index',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require an index led by every foreign-key column',
      recommended: 'recommended',
      requiresTypeChecking: false,
    },
    messages: {
      unindexedReference: 'Foreign key `{{table}}.{{column}}` has no index that starts with it; add `index().on(t.{{column}})`.',
      unindexedForeignKey: 'Foreign key on `{{table}}.{{column}}` has no index that starts with it; add `index().on(t.{{column}})`.',
    },
    schema: [],
  },
  create(context) {
    const { roles } = fileRoles(context);
    if (!(roles.has('schema') || roles.has('server')) || roles.has('migrations')) return {};
    if (!importsDrizzleCore(context)) return {};

    return {
      CallExpression(node) {
        const table = readTable(context, node);
        // InnoDB indexes every MySQL foreign key itself; an opaque extra config may hold the index.
        if (!table || table.dialect === 'mysql' || table.opaqueConstraints) return;
        const name = table.variable ?? table.name ?? 'table';
        const report = (target: TSESTree.Node, messageId: MessageIds, column: string): void => {
          context.report({ node: target, messageId, data: { table: name, column } });
        };
        for (const column of table.columns.values()) {
          if (column.references && !isLeadingColumn(table, column.key)) report(column.keyNode, 'unindexedReference', column.key);
        }
        for (const constraint of table.constraints) {
          const first = constraint.kind === 'foreignKey' ? constraint.columns?.[0] : undefined;
          if (first === undefined || isLeadingColumn(table, first)) continue;
          // Reported once: a column with both `.references()` and a `foreignKey()` already has its finding.
          if (table.columns.get(first)?.references) continue;
          report(constraint.node, 'unindexedForeignKey', first);
        }
      },
    };
  },
});
