import type { TSESTree } from '@typescript-eslint/utils';
import { createRule } from './_utils/create-rule.js';
import { importsDrizzleCore, readTable } from './_utils/drizzle-schema.js';
import { fileRoles } from './_utils/guard.js';

export type Options = [{ allowTables: string[] }];
export type MessageIds = 'extensionTable';

export default createRule<Options, MessageIds>({
  name: 'extension-first-schema',
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Disallow 1:1 extension tables whose primary key is a foreign key to another table',
      recommended: 'recommended',
      requiresTypeChecking: false,
    },
    messages: {
      extensionTable: '`{{table}}` is a 1:1 extension of `{{target}}` (its primary key references it); add the columns to `{{target}}`.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          allowTables: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            uniqueItems: true,
            description:
              'Extension tables with a hard justification (SQL name or the exported variable), e.g. a table with its own access rules. Default: none.',
          },
        },
      },
    ],
    defaultOptions: [{ allowTables: [] }],
  },
  create(context, [options]) {
    const { roles } = fileRoles(context);
    if (!(roles.has('schema') || roles.has('server')) || roles.has('migrations')) return {};
    if (!importsDrizzleCore(context)) return {};
    const allowed = new Set(options.allowTables);

    return {
      CallExpression(node) {
        const table = readTable(context, node);
        if (!table) return;
        if ((table.name !== undefined && allowed.has(table.name)) || (table.variable !== undefined && allowed.has(table.variable))) return;
        const name = table.variable ?? table.name ?? 'table';
        // The primary key: one column marked `.primaryKey()`, or a `primaryKey({ columns: [one] })`.
        const columnKeys = [...table.columns.values()].filter((column) => column.primaryKey).map((column) => column.key);
        const composite = table.constraints.filter((constraint) => constraint.kind === 'primaryKey');
        const keys = [...columnKeys, ...composite.flatMap((constraint) => constraint.columns ?? [undefined])];
        const [key] = keys;
        if (keys.length !== 1 || key === undefined) return;
        const column = table.columns.get(key);
        let target: string | undefined;
        let at: TSESTree.Node | undefined;
        if (column?.references) {
          target = column.references.target;
          at = column.keyNode;
        } else {
          const foreignKey = table.constraints.find((c) => c.kind === 'foreignKey' && c.columns?.length === 1 && c.columns[0] === key);
          target = foreignKey?.target;
          at = foreignKey?.node;
        }
        // A reference to the table itself (by its name or the extra config's parameter) is not an extension.
        if (!at || target === undefined || target === table.variable || target === table.tableParam) return;
        context.report({ node: at, messageId: 'extensionTable', data: { table: name, target } });
      },
    };
  },
});
