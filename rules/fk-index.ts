import type { TSESTree } from '@typescript-eslint/utils';
import { createRule } from './_utils/create-rule.js';
import { importsDrizzleCore, readTable, type Table } from './_utils/drizzle-schema.js';
import { fileRoles } from './_utils/guard.js';

export type Options = [];
export type MessageIds = 'unindexedReference' | 'unindexedForeignKey';

const COVERING = new Set(['index', 'uniqueIndex', 'unique', 'primaryKey']);

/**
 * True when an index, unique constraint or primary key of the table starts with the columns
 * `keys`, in any order (an index on `(b, a)` serves a foreign key on `(a, b)`).
 */
function isLeading(table: Table, keys: readonly string[]): boolean {
  if (keys.length === 1) {
    const column = table.columns.get(keys[0]!);
    if (column?.primaryKey || column?.unique) return true;
  }
  const wanted = new Set(keys);
  return table.constraints.some((constraint) => {
    if (!COVERING.has(constraint.kind) || !constraint.columns || constraint.columns.length < keys.length) return false;
    const leading = constraint.columns.slice(0, keys.length);
    return leading.every((key) => key !== undefined && wanted.has(key)) && new Set(leading).size === wanted.size;
  });
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
      unindexedForeignKey: 'Foreign key on `{{table}}` ({{column}}) has no index that starts with its columns; add one.',
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
        const reported = new Set<string>();
        for (const column of table.columns.values()) {
          if (!column.references || isLeading(table, [column.key])) continue;
          reported.add(column.key);
          report(column.keyNode, 'unindexedReference', column.key);
        }
        for (const constraint of table.constraints) {
          if (constraint.kind !== 'foreignKey' || !constraint.columns || constraint.columns.length === 0) continue;
          const keys = constraint.columns;
          if (!keys.every((key): key is string => key !== undefined) || isLeading(table, keys)) continue;
          // Once per column set: a column with both `.references()` and a `foreignKey()`, or two keys on it.
          const id = keys.join(',');
          if (reported.has(id)) continue;
          reported.add(id);
          report(constraint.node, 'unindexedForeignKey', keys.join(', '));
        }
      },
    };
  },
});
