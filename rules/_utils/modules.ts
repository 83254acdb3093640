import { existsSync } from 'node:fs';
import path from 'node:path';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import { initializerOf, memberName, staticString, unwrap, variableOf } from './ast.js';

type AnyContext = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;
type Variable = TSESLint.Scope.Variable;

/** How a module is referenced. */
export type ModuleReferenceKind = 'import' | 'export' | 'require' | 'dynamicImport';

/**
 * One name taken from a referenced module: `imported` is the export's name, `default`, or `*` for a
 * namespace (a namespace import, `export * from`, `const ns = require(...)`).
 */
export interface ModuleBinding {
  imported: string;
  /** The local binding, when the reference creates one (imports, destructured require/import()). */
  local: TSESTree.Identifier | undefined;
  /** Where to report this binding. */
  node: TSESTree.Node;
}

export interface ModuleReference {
  kind: ModuleReferenceKind;
  /** The module specifier, e.g. `pg` or `../db.js`. */
  source: string;
  /** The specifier's string node (where whole-module findings are reported). */
  sourceNode: TSESTree.Node;
  /** The import/export declaration, `require(...)` or `import(...)` call. */
  node: TSESTree.Node;
  /**
   * The value names taken from the module (type-only specifiers are left out); empty for a
   * side-effect import; undefined when the shape does not say (`require('x').y.z()`, `await import('x')` passed along).
   */
  bindings: ModuleBinding[] | undefined;
}

function moduleExportName(node: TSESTree.Identifier | TSESTree.StringLiteral): string {
  return node.type === AST_NODE_TYPES.Identifier ? node.name : node.value;
}

/**
 * True when `node` is a reference to the global named `name` (not a local, a parameter or an
 * import of the same name). Globals declared by the environment or TypeScript's lib have no definitions.
 */
export function isGlobalReference(context: AnyContext, node: TSESTree.Node, name: string): boolean {
  const inner = unwrap(node);
  if (inner.type !== AST_NODE_TYPES.Identifier || inner.name !== name) return false;
  const variable = variableOf(context, inner);
  return variable === null || variable.defs.length === 0;
}

const NODE_MODULE = new Set(['module', 'node:module']);
const importsNodeModuleCache = new WeakMap<object, boolean>();

function importsNodeModule(context: AnyContext): boolean {
  const { ast } = context.sourceCode;
  let found = importsNodeModuleCache.get(ast);
  if (found === undefined) {
    found = ast.body.some((statement) => statement.type === AST_NODE_TYPES.ImportDeclaration && NODE_MODULE.has(statement.source.value));
    importsNodeModuleCache.set(ast, found);
  }
  return found;
}

/**
 * A module loader: the global `require`, or (Node ESM) a function made by `createRequire(...)`
 * from `node:module`, whatever its name. Not a local function that merely happens to be called require.
 */
function isRequireFunction(context: AnyContext, node: TSESTree.Node): boolean {
  const inner = unwrap(node);
  if (inner.type !== AST_NODE_TYPES.Identifier) return false;
  if (inner.name === 'require' && isGlobalReference(context, inner, 'require')) return true;
  // Scope lookups are paid only in files that import node:module at all (a cheap scan, once).
  if (!importsNodeModule(context)) return false;
  const value = initializerOf(variableOf(context, inner), { constOnly: true });
  if (!value) return false;
  const init = unwrap(value);
  if (init.type !== AST_NODE_TYPES.CallExpression) return false;
  const factory = importedNameOf(context, init.callee);
  return factory !== undefined && !factory.typeOnly && factory.imported === 'createRequire' && NODE_MODULE.has(factory.source);
}

/** `require('x')` with a static specifier, through the global `require` or a `createRequire` one. */
export function requireSource(context: AnyContext, node: TSESTree.Node): TSESTree.Node | undefined {
  if (node.type !== AST_NODE_TYPES.CallExpression || node.arguments.length !== 1) return undefined;
  const [arg] = node.arguments;
  if (!arg || staticString(arg) === undefined || !isRequireFunction(context, node.callee)) return undefined;
  return arg;
}

/** `import('x')` with a static specifier. */
function dynamicImportSource(node: TSESTree.Node): TSESTree.Node | undefined {
  if (node.type !== AST_NODE_TYPES.ImportExpression) return undefined;
  return staticString(node.source) === undefined ? undefined : node.source;
}

function bindingsFromPattern(pattern: TSESTree.Node): ModuleBinding[] | undefined {
  if (pattern.type === AST_NODE_TYPES.Identifier) return [{ imported: '*', local: pattern, node: pattern }];
  if (pattern.type !== AST_NODE_TYPES.ObjectPattern) return undefined;
  const bindings: ModuleBinding[] = [];
  for (const property of pattern.properties) {
    if (property.type === AST_NODE_TYPES.RestElement) return undefined;
    const key = property.computed ? staticString(property.key) : property.key.type === AST_NODE_TYPES.Identifier ? property.key.name : staticString(property.key);
    if (key === undefined) return undefined;
    let value: TSESTree.Node = property.value;
    if (value.type === AST_NODE_TYPES.AssignmentPattern) value = value.left;
    bindings.push({ imported: key, local: value.type === AST_NODE_TYPES.Identifier ? value : undefined, node: property });
  }
  return bindings;
}

/** What names a `require(...)` / `import(...)` call takes, from where its value goes. */
function bindingsOfCall(call: TSESTree.Node): ModuleBinding[] | undefined {
  let value: TSESTree.Node = call;
  let parent = value.parent;
  while (parent && (parent.type === AST_NODE_TYPES.AwaitExpression || parent.type === AST_NODE_TYPES.TSAsExpression || parent.type === AST_NODE_TYPES.TSNonNullExpression)) {
    value = parent;
    parent = value.parent;
  }
  if (!parent) return undefined;
  if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.init === value) return bindingsFromPattern(parent.id);
  if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === value) {
    const name = memberName(parent);
    return name === undefined ? undefined : [{ imported: name, local: undefined, node: parent }];
  }
  // A bare statement: the module is loaded for its side effects.
  if (parent.type === AST_NODE_TYPES.ExpressionStatement) return [];
  return undefined;
}

/**
 * Listener that calls `onReference` for every runtime reference to a module: static imports
 * (side-effect, default, namespace, named; `import x = require()`), `export … from`, `export * from`,
 * `require('x')` and `import('x')` with a static specifier. Type-only imports and specifiers are
 * left out: they open no connection and call nothing.
 */
export function moduleReferenceListener(
  context: AnyContext,
  onReference: (reference: ModuleReference) => void,
): TSESLint.RuleListener {
  return {
    ImportDeclaration(node) {
      if (node.importKind === 'type') return;
      const valueSpecifiers = node.specifiers.filter(
        (s) => !(s.type === AST_NODE_TYPES.ImportSpecifier && s.importKind === 'type'),
      );
      // `import { type A } from 'x'` is elided by TypeScript: nothing is loaded.
      if (node.specifiers.length > 0 && valueSpecifiers.length === 0) return;
      const bindings = valueSpecifiers.map((s): ModuleBinding => {
        if (s.type === AST_NODE_TYPES.ImportDefaultSpecifier) return { imported: 'default', local: s.local, node: s };
        if (s.type === AST_NODE_TYPES.ImportNamespaceSpecifier) return { imported: '*', local: s.local, node: s };
        return { imported: moduleExportName(s.imported), local: s.local, node: s };
      });
      onReference({ kind: 'import', source: node.source.value, sourceNode: node.source, node, bindings });
    },
    TSImportEqualsDeclaration(node) {
      if (node.importKind === 'type' || node.moduleReference.type !== AST_NODE_TYPES.TSExternalModuleReference) return;
      const source = staticString(node.moduleReference.expression);
      if (source === undefined) return;
      onReference({
        kind: 'require',
        source,
        sourceNode: node.moduleReference.expression,
        node,
        bindings: [{ imported: '*', local: node.id, node: node.id }],
      });
    },
    ExportNamedDeclaration(node) {
      if (!node.source || node.exportKind === 'type') return;
      const valueSpecifiers = node.specifiers.filter((s) => s.exportKind !== 'type');
      if (valueSpecifiers.length === 0) return;
      const bindings = valueSpecifiers.map((s): ModuleBinding => ({ imported: moduleExportName(s.local), local: undefined, node: s }));
      onReference({ kind: 'export', source: node.source.value, sourceNode: node.source, node, bindings });
    },
    ExportAllDeclaration(node) {
      if (node.exportKind === 'type') return;
      onReference({
        kind: 'export',
        source: node.source.value,
        sourceNode: node.source,
        node,
        bindings: [{ imported: '*', local: undefined, node }],
      });
    },
    CallExpression(node) {
      const sourceNode = requireSource(context, node);
      const source = staticString(sourceNode);
      if (!sourceNode || source === undefined) return;
      onReference({ kind: 'require', source, sourceNode, node, bindings: bindingsOfCall(node) });
    },
    ImportExpression(node) {
      const sourceNode = dynamicImportSource(node);
      const source = staticString(sourceNode);
      if (!sourceNode || source === undefined) return;
      onReference({ kind: 'dynamicImport', source, sourceNode, node, bindings: bindingsOfCall(node) });
    },
  };
}

/** Where a local name comes from, when it is bound to a module's export. */
export interface ImportedName {
  source: string;
  /** Export name, `default`, or `*` for the namespace. */
  imported: string;
  /** True for `import type` / `import { type X }` bindings. */
  typeOnly: boolean;
}

const MAX_ALIAS_DEPTH = 8;

/**
 * Follows `const a = b` aliases from an identifier to the variable that holds the value
 * (at most a few hops; cycles and unresolved names end the walk).
 */
export function resolveAliasedVariable(context: AnyContext, node: TSESTree.Identifier): Variable | null {
  let variable = variableOf(context, node);
  for (let depth = 0; variable && depth < MAX_ALIAS_DEPTH; depth++) {
    const init = initializerOf(variable, { constOnly: true });
    const inner = init && unwrap(init);
    if (!inner || inner.type !== AST_NODE_TYPES.Identifier) return variable;
    const next = variableOf(context, inner);
    if (!next || next === variable) return variable;
    variable = next;
  }
  return variable;
}

/** The module binding behind a variable: an import, `import x = require()`, or a destructured `require`/`import()`. */
export function importedNameOfVariable(context: AnyContext, variable: Variable): ImportedName | undefined {
  if (variable.defs.length !== 1) return undefined;
  const def = variable.defs[0];
  if (!def) return undefined;
  if (def.type === 'ImportBinding') {
    const spec = def.node;
    if (spec.type === AST_NODE_TYPES.TSImportEqualsDeclaration) {
      if (spec.moduleReference.type !== AST_NODE_TYPES.TSExternalModuleReference) return undefined;
      const source = staticString(spec.moduleReference.expression);
      return source === undefined ? undefined : { source, imported: '*', typeOnly: spec.importKind === 'type' };
    }
    const declaration = spec.parent;
    if (declaration.type !== AST_NODE_TYPES.ImportDeclaration) return undefined;
    const typeOnly = declaration.importKind === 'type' || (spec.type === AST_NODE_TYPES.ImportSpecifier && spec.importKind === 'type');
    const imported =
      spec.type === AST_NODE_TYPES.ImportDefaultSpecifier ? 'default' : spec.type === AST_NODE_TYPES.ImportNamespaceSpecifier ? '*' : moduleExportName(spec.imported);
    return { source: declaration.source.value, imported, typeOnly };
  }
  const value = def.type === 'Variable' ? initializerOf(variable, { constOnly: true, destructured: true }) : undefined;
  if (def.type === 'Variable' && value) {
    let init: TSESTree.Node = unwrap(value);
    if (init.type === AST_NODE_TYPES.AwaitExpression) init = unwrap(init.argument);
    const sourceNode = requireSource(context, init) ?? dynamicImportSource(init);
    const source = staticString(sourceNode);
    if (source === undefined) return undefined;
    const binding = bindingsFromPattern(def.node.id)?.find((b) => b.local === def.name);
    return binding ? { source, imported: binding.imported, typeOnly: false } : undefined;
  }
  return undefined;
}

/**
 * The module export an expression stands for: an imported identifier (through `const` aliases) or
 * `ns.name` on a namespace import. `import { sql as q } from 'drizzle-orm'` makes `q` → drizzle-orm `sql`.
 */
export function importedNameOf(context: AnyContext, node: TSESTree.Node): ImportedName | undefined {
  const inner = unwrap(node);
  if (inner.type === AST_NODE_TYPES.Identifier) {
    const variable = resolveAliasedVariable(context, inner);
    return variable ? importedNameOfVariable(context, variable) : undefined;
  }
  if (inner.type === AST_NODE_TYPES.MemberExpression) {
    const name = memberName(inner);
    const object = unwrap(inner.object);
    if (name === undefined || object.type !== AST_NODE_TYPES.Identifier) return undefined;
    const namespace = importedNameOf(context, object);
    if (namespace?.imported !== '*' || namespace.typeOnly) return undefined;
    return { source: namespace.source, imported: name, typeOnly: false };
  }
  return undefined;
}

/** True for `drizzle-orm` and its subpaths (`drizzle-orm/pg-core`, `drizzle-orm/sql`). */
export function isDrizzleModule(source: string): boolean {
  return source === 'drizzle-orm' || source.startsWith('drizzle-orm/');
}

const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
const JS_TO_TS: Record<string, string[]> = { '.js': ['.ts', '.tsx'], '.jsx': ['.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'] };

/**
 * The file a relative specifier points to, resolved against the importing file the way TypeScript
 * does (`./db` → db.ts or db/index.ts, `./db.js` → db.ts). The first candidate on disk wins; when
 * none exists (virtual files, a project not checked out), the first candidate is assumed.
 * Bare and aliased specifiers (`pkg`, `~/db`) are not resolved: undefined.
 */
export function resolveRelativeModule(fromFile: string, specifier: string): string | undefined {
  if (!(specifier === '.' || specifier === '..' || specifier.startsWith('./') || specifier.startsWith('../'))) return undefined;
  const base = path.resolve(path.dirname(fromFile), specifier);
  const candidates: string[] = [];
  const ext = path.extname(base);
  if (SOURCE_EXTENSIONS.includes(ext)) {
    const stem = base.slice(0, -ext.length);
    for (const tsExt of JS_TO_TS[ext] ?? []) candidates.push(stem + tsExt);
    candidates.push(base);
  } else {
    for (const extension of SOURCE_EXTENSIONS) candidates.push(base + extension);
    for (const extension of SOURCE_EXTENSIONS) candidates.push(path.join(base, `index${extension}`));
  }
  return candidates.find((candidate) => existsSync(candidate)) ?? candidates[0];
}

/** Source text of a node for a message, on one line and cut when long. */
export function shortText(context: AnyContext, node: TSESTree.Node, max = 40): string {
  const flat = context.sourceCode.getText(node).replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 3)}...` : flat;
}

/** Combines rule listeners; handlers for the same selector all run, in order. */
export function mergeListeners(...listeners: TSESLint.RuleListener[]): TSESLint.RuleListener {
  const merged: Record<string, Array<(node: never) => void>> = {};
  for (const listener of listeners) {
    for (const [selector, handler] of Object.entries(listener)) {
      if (handler) (merged[selector] ??= []).push(handler as (node: never) => void);
    }
  }
  return Object.fromEntries(
    Object.entries(merged).map(([selector, handlers]) => [
      selector,
      handlers.length === 1 ? handlers[0] : (node: never) => handlers.forEach((handler) => handler(node)),
    ]),
  ) as TSESLint.RuleListener;
}

/**
 * The import a type annotation's name comes from (`log: Logger`, `db: orm.PgDatabase` → `orm`'s
 * import), or undefined for local types, keywords and unions.
 */
export function importOfTypeAnnotation(context: AnyContext, annotation: TSESTree.TypeNode | undefined): ImportedName | undefined {
  if (annotation?.type !== AST_NODE_TYPES.TSTypeReference) return undefined;
  let name: TSESTree.EntityName = annotation.typeName;
  while (name.type === AST_NODE_TYPES.TSQualifiedName) name = name.left;
  if (name.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = variableOf(context, name);
  return variable ? importedNameOfVariable(context, variable) : undefined;
}
