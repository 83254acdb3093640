import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import { initializerOf, memberName, staticString, unwrap } from './ast.js';
import { importedNameOf, resolveAliasedVariable } from './modules.js';

/**
 * Drizzle table definitions read from syntax: `pgTable('name', columns, extraConfig)` (also
 * `sqliteTable`, `mysqlTable`, a `pgTableCreator(...)` result and `pgSchema(...).table`), with the
 * columns in the object or `(t) => ({...})` form and the extra config in the array (Drizzle ≥ 0.36)
 * or object (older) form.
 */

type AnyContext = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

export type Dialect = 'pg' | 'mysql' | 'sqlite';

const CORE_MODULES: Record<string, Dialect> = {
  'drizzle-orm/pg-core': 'pg',
  'drizzle-orm/mysql-core': 'mysql',
  'drizzle-orm/sqlite-core': 'sqlite',
};
const TABLE_FACTORIES = new Set(['pgTable', 'mysqlTable', 'sqliteTable']);
const TABLE_CREATORS = new Set(['pgTableCreator', 'mysqlTableCreator', 'sqliteTableCreator']);
const SCHEMA_FACTORIES = new Set(['pgSchema', 'mysqlSchema']);

interface FileTables {
  /** Local names that may make a table: imported factories, creators and schema builders, namespaces. */
  names: ReadonlySet<string>;
  /** Every local name imported from a core module (`uuid`, `index`, …): never a table call unless in `names`. */
  coreLocals: ReadonlySet<string>;
  /** Tables read so far (both schema rules ask about the same calls). */
  tables: WeakMap<TSESTree.CallExpression, Table | null>;
}

const files = new WeakMap<object, FileTables>();

/** What the file imports from Drizzle's core modules, read once per file and shared by the schema rules. */
function fileTables(context: AnyContext): FileTables {
  const { ast } = context.sourceCode;
  let state = files.get(ast);
  if (state) return state;
  const names = new Set<string>();
  const coreLocals = new Set<string>();
  for (const statement of ast.body) {
    if (statement.type !== AST_NODE_TYPES.ImportDeclaration || statement.importKind === 'type' || !(statement.source.value in CORE_MODULES)) continue;
    for (const specifier of statement.specifiers) {
      coreLocals.add(specifier.local.name);
      if (specifier.type !== AST_NODE_TYPES.ImportSpecifier) names.add(specifier.local.name);
      else if (specifier.importKind !== 'type') {
        const imported = specifier.imported.type === AST_NODE_TYPES.Identifier ? specifier.imported.name : specifier.imported.value;
        if (TABLE_FACTORIES.has(imported) || TABLE_CREATORS.has(imported) || SCHEMA_FACTORIES.has(imported)) names.add(specifier.local.name);
      }
    }
  }
  state = { names, coreLocals, tables: new WeakMap() };
  files.set(ast, state);
  return state;
}

/** True when the file imports a table factory (or a core namespace) from a Drizzle core module: the schema rules' gate. */
export function importsDrizzleCore(context: AnyContext): boolean {
  return fileTables(context).names.size > 0;
}

/**
 * A cheap test before `readTable`: the callee is an imported factory or namespace member, or a
 * name (a `pgTableCreator` result, a `pgSchema` value) that a factory may have made. Calls on
 * anything else (`uuid('id').primaryKey()`, `index('x').on(...)`) are skipped without a lookup.
 */
function mayBeTableCall(context: AnyContext, callee: TSESTree.Node): boolean {
  const inner = unwrap(callee);
  if (inner.type === AST_NODE_TYPES.Identifier) {
    const { names, coreLocals } = fileTables(context);
    return names.has(inner.name) || !coreLocals.has(inner.name);
  }
  if (inner.type !== AST_NODE_TYPES.MemberExpression) return false;
  const object = unwrap(inner.object);
  if (object.type !== AST_NODE_TYPES.Identifier) return false;
  const name = memberName(inner);
  return name === 'table' || (name !== undefined && TABLE_FACTORIES.has(name) && fileTables(context).names.has(object.name));
}

function coreImport(context: AnyContext, node: TSESTree.Node, names: ReadonlySet<string>): Dialect | undefined {
  const imported = importedNameOf(context, node);
  if (!imported || imported.typeOnly || !names.has(imported.imported)) return undefined;
  return CORE_MODULES[imported.source];
}

/** The dialect when `callee` makes a table: `pgTable`, a `pgTableCreator(...)` result, `pgSchema(...).table`. */
export function tableFactoryDialect(context: AnyContext, callee: TSESTree.Node): Dialect | undefined {
  const inner = unwrap(callee);
  const direct = coreImport(context, inner, TABLE_FACTORIES);
  if (direct) return direct;
  if (inner.type === AST_NODE_TYPES.Identifier) {
    const variable = resolveAliasedVariable(context, inner);
    const init = initializerOf(variable, { constOnly: true });
    const value = init && unwrap(init);
    if (value?.type === AST_NODE_TYPES.CallExpression) return coreImport(context, value.callee, TABLE_CREATORS);
    return undefined;
  }
  if (inner.type === AST_NODE_TYPES.MemberExpression && memberName(inner) === 'table') {
    let object = unwrap(inner.object);
    if (object.type === AST_NODE_TYPES.Identifier) {
      const init = initializerOf(resolveAliasedVariable(context, object), { constOnly: true });
      if (init) object = unwrap(init);
    }
    if (object.type === AST_NODE_TYPES.CallExpression) return coreImport(context, object.callee, SCHEMA_FACTORIES);
  }
  return undefined;
}

export interface ColumnReference {
  /** The `.references(...)` call or the `foreignKey({...})` call. */
  node: TSESTree.Node;
  /** Source text of the referenced table (`users` in `() => users.id`), when it reads plainly. */
  target: string | undefined;
}

export interface Column {
  /** The property key in the columns object (the name code uses: `table.mentoradoId`). */
  key: string;
  keyNode: TSESTree.Node;
  primaryKey: boolean;
  unique: boolean;
  references: ColumnReference | undefined;
}

export type ConstraintKind = 'index' | 'uniqueIndex' | 'unique' | 'primaryKey' | 'foreignKey' | 'check' | 'other';

export interface Constraint {
  kind: ConstraintKind;
  node: TSESTree.Node;
  /**
   * Column keys in order, undefined for an entry that is not a plain `table.key` (an expression);
   * the whole list undefined when the columns cannot be read at all.
   */
  columns: (string | undefined)[] | undefined;
  /** For `foreignKey`: the referenced table's text. */
  target?: string | undefined;
}

export interface Table {
  call: TSESTree.CallExpression;
  dialect: Dialect;
  /** The SQL name (first argument), when it is a string. */
  name: string | undefined;
  /** The variable the table is assigned to (`export const users = pgTable(...)`). */
  variable: string | undefined;
  columns: Map<string, Column>;
  constraints: Constraint[];
  /** True when the extra config holds something not understood (a spread, a helper call): constraints may be missing. */
  opaqueConstraints: boolean;
  /** The extra config's table parameter (`t` in `(t) => [...]`): a reference to it is a self-reference. */
  tableParam: string | undefined;
}

function keyOf(property: TSESTree.Property): string | undefined {
  if (!property.computed && property.key.type === AST_NODE_TYPES.Identifier) return property.key.name;
  return staticString(property.key);
}

/** The object a column or config function returns: `(t) => ({...})`, `(t) => { return {...}; }`, `(t) => [...]`. */
function returnedValue(fn: TSESTree.Node): TSESTree.Node | undefined {
  const inner = unwrap(fn);
  if (inner.type !== AST_NODE_TYPES.ArrowFunctionExpression && inner.type !== AST_NODE_TYPES.FunctionExpression) return inner;
  if (inner.body.type !== AST_NODE_TYPES.BlockStatement) return unwrap(inner.body);
  const last = inner.body.body.at(-1);
  return last?.type === AST_NODE_TYPES.ReturnStatement && last.argument ? unwrap(last.argument) : undefined;
}

/** Method calls of a builder chain, innermost first: `uuid('x').notNull().references(f)` → [uuid call, notNull, references]. */
function chainCalls(node: TSESTree.Node): { method: string | undefined; call: TSESTree.CallExpression }[] {
  const calls: { method: string | undefined; call: TSESTree.CallExpression }[] = [];
  let current = unwrap(node);
  while (current.type === AST_NODE_TYPES.CallExpression) {
    const callee = unwrap(current.callee);
    calls.unshift({ method: callee.type === AST_NODE_TYPES.MemberExpression ? memberName(callee) : undefined, call: current });
    if (callee.type !== AST_NODE_TYPES.MemberExpression) break;
    current = unwrap(callee.object);
  }
  return calls;
}

/** `users` in `() => users.id` (or `() => schema.users.id`). */
function referencedTable(context: AnyContext, node: TSESTree.Node | undefined): string | undefined {
  if (!node) return undefined;
  const value = returnedValue(node);
  if (value?.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  return context.sourceCode.getText(value.object);
}

/** The column key of `t.key`, `t.key.asc()`, `t.key.desc().nullsLast()` where `t` is the config parameter. */
function columnKey(node: TSESTree.Node, param: string | undefined): string | undefined {
  let current = unwrap(node);
  while (current.type === AST_NODE_TYPES.CallExpression && current.callee.type === AST_NODE_TYPES.MemberExpression) {
    current = unwrap(current.callee.object);
  }
  if (current.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const object = unwrap(current.object);
  if (param === undefined || object.type !== AST_NODE_TYPES.Identifier || object.name !== param) return undefined;
  return memberName(current);
}

function columnList(nodes: readonly TSESTree.Node[], param: string | undefined): (string | undefined)[] {
  return nodes.map((node) => (node.type === AST_NODE_TYPES.SpreadElement ? undefined : columnKey(node, param)));
}

const CONSTRAINT_NAMES = new Set(['index', 'uniqueIndex', 'unique', 'primaryKey', 'foreignKey', 'check']);

/** One entry of the extra config, e.g. `index('x').on(t.a, t.b)` or `primaryKey({ columns: [t.a] })`. */
function readConstraint(context: AnyContext, node: TSESTree.Node, param: string | undefined): Constraint | undefined {
  const calls = chainCalls(node);
  const root = calls[0];
  if (!root || root.method !== undefined) return undefined;
  const imported = importedNameOf(context, root.call.callee);
  if (!imported || !(imported.source in CORE_MODULES)) return undefined;
  // Anything else of the core module (`pgPolicy`, …) is known not to be an index or a key.
  const kind = (CONSTRAINT_NAMES.has(imported.imported) ? imported.imported : 'other') as ConstraintKind;
  let columns: (string | undefined)[] | undefined;
  let target: string | undefined;
  if (kind === 'index' || kind === 'uniqueIndex' || kind === 'unique') {
    const on = calls.find((c) => c.method === 'on' || c.method === 'using');
    if (on) {
      const args = on.method === 'using' ? on.call.arguments.slice(1) : on.call.arguments;
      columns = columnList(args, param);
    }
  } else if (kind === 'primaryKey' || kind === 'foreignKey') {
    const [first] = root.call.arguments;
    const options = first && unwrap(first);
    if (options?.type === AST_NODE_TYPES.ObjectExpression) {
      const property = (name: string) =>
        options.properties.find((p): p is TSESTree.Property => p.type === AST_NODE_TYPES.Property && keyOf(p) === name);
      const list = property('columns')?.value;
      columns = list?.type === AST_NODE_TYPES.ArrayExpression ? columnList(list.elements.filter((e) => e !== null), param) : undefined;
      const foreign = property('foreignColumns')?.value;
      if (foreign?.type === AST_NODE_TYPES.ArrayExpression && foreign.elements[0]?.type === AST_NODE_TYPES.MemberExpression) {
        target = context.sourceCode.getText(foreign.elements[0].object);
      }
    } else {
      // Older form: `primaryKey(t.a, t.b)`.
      columns = columnList(root.call.arguments, param);
    }
  } else {
    columns = [];
  }
  return { kind, node, columns, target };
}

/** Reads a table definition (once per call, for every rule), or undefined when `call` is not a recognised Drizzle table. */
export function readTable(context: AnyContext, call: TSESTree.CallExpression): Table | undefined {
  // A table call has a name and a columns argument.
  if (call.arguments.length < 2 || !mayBeTableCall(context, call.callee)) return undefined;
  const { tables } = fileTables(context);
  const cached = tables.get(call);
  if (cached !== undefined) return cached ?? undefined;
  const table = readTableUncached(context, call);
  tables.set(call, table ?? null);
  return table;
}

function readTableUncached(context: AnyContext, call: TSESTree.CallExpression): Table | undefined {
  const dialect = tableFactoryDialect(context, call.callee);
  if (!dialect) return undefined;
  const [nameArg, columnsArg, extraArg] = call.arguments;
  const columnsObject = columnsArg && returnedValue(columnsArg);
  if (columnsObject?.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
  const columns = new Map<string, Column>();
  for (const property of columnsObject.properties) {
    if (property.type !== AST_NODE_TYPES.Property) continue;
    const key = keyOf(property);
    if (key === undefined) continue;
    const calls = chainCalls(property.value);
    const references = calls.find((c) => c.method === 'references');
    columns.set(key, {
      key,
      keyNode: property.key,
      primaryKey: calls.some((c) => c.method === 'primaryKey'),
      unique: calls.some((c) => c.method === 'unique'),
      references: references ? { node: references.call, target: referencedTable(context, references.call.arguments[0]) } : undefined,
    });
  }
  const constraints: Constraint[] = [];
  let opaqueConstraints = false;
  let tableParam: string | undefined;
  if (extraArg) {
    const fn = unwrap(extraArg);
    const firstParam =
      (fn.type === AST_NODE_TYPES.ArrowFunctionExpression || fn.type === AST_NODE_TYPES.FunctionExpression) && fn.params[0]?.type === AST_NODE_TYPES.Identifier
        ? fn.params[0].name
        : undefined;
    tableParam = firstParam;
    const value = returnedValue(fn);
    const entries =
      value?.type === AST_NODE_TYPES.ArrayExpression
        ? value.elements
        : value?.type === AST_NODE_TYPES.ObjectExpression
          ? value.properties.map((p) => (p.type === AST_NODE_TYPES.Property ? p.value : p))
          : undefined;
    if (!entries) opaqueConstraints = true;
    for (const entry of entries ?? []) {
      const constraint = entry && entry.type !== AST_NODE_TYPES.SpreadElement ? readConstraint(context, entry, firstParam) : undefined;
      if (constraint) constraints.push(constraint);
      else opaqueConstraints = true;
    }
  }
  const parent = call.parent;
  const variable =
    parent.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier ? parent.id.name : undefined;
  return { call, dialect, name: staticString(nameArg), variable, columns, constraints, opaqueConstraints, tableParam };
}
