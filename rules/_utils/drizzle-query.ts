import { readFileSync, statSync } from 'node:fs';
import { parseModule } from './parse-module.js';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import type ts from 'typescript';
import { initializerOf, memberName, unwrap, variableOf } from './ast.js';
import { drizzleByType, isDrizzleDbBySyntax, isUnresolvedType, typeInfo } from './drizzle-db.js';
import { importedNameOf, resolveAliasedVariable, resolveRelativeModule } from './modules.js';
import { getGuard } from './guard.js';
import { getProcedure } from './trpc.js';
import { resolveAliasedModule } from './path-aliases.js';
import { resolveWorkspaceModule } from './workspace.js';
import { typeUtils } from './typescript.js';

/**
 * Drizzle query recognition shared by the data-access rules: which value is a Drizzle database or
 * transaction (syntax first, types only for what syntax leaves open), which driver built it, and
 * the shape of a query-builder chain (`db.update(t).set(v).where(c)`).
 */

type AnyContext = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

const MAX_DEPTH = 6;

/** `drizzle-orm/<driver>` for a driver entry point (`drizzle-orm/neon-http`), undefined for `drizzle-orm`, `drizzle-orm/pg-core`… */
function driverModule(source: string): string | undefined {
  if (!source.startsWith('drizzle-orm/')) return undefined;
  const sub = source.slice('drizzle-orm/'.length);
  if (sub.includes('/') || sub.endsWith('-core') || sub === 'sql' || sub === 'relations') return undefined;
  return source;
}

/** The driver module of a `drizzle(...)` call (its callee imported from `drizzle-orm/<driver>`), else undefined. */
function driverOfCall(context: AnyContext, node: TSESTree.Node): string | undefined {
  const call = unwrap(node);
  if (call.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const imported = importedNameOf(context, call.callee);
  if (!imported || imported.typeOnly || imported.imported !== 'drizzle') return undefined;
  return driverModule(imported.source);
}

/** The `<db>.transaction(…)` call whose callback's first parameter is `variable` (the `tx`), if it is one. */
function transactionOfParameter(variable: TSESLint.Scope.Variable): TSESTree.MemberExpression | undefined {
  const def = variable.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.type !== 'Parameter') return undefined;
  const fn = def.node;
  if (
    (fn.type !== AST_NODE_TYPES.ArrowFunctionExpression && fn.type !== AST_NODE_TYPES.FunctionExpression) ||
    fn.params[0] !== def.name
  ) {
    return undefined;
  }
  const call = fn.parent;
  if (call.type !== AST_NODE_TYPES.CallExpression || call.arguments[0] !== fn) return undefined;
  const callee = unwrap(call.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression && memberName(callee) === 'transaction' ? callee : undefined;
}

/**
 * The driver of a database built in this file: `const db = drizzle(...)` (through `const` aliases),
 * or the `tx` of a transaction opened on one. Undefined when the value is not traced to such a call.
 */
export function localDrizzleDriver(context: AnyContext, node: TSESTree.Node, depth = 0): string | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const inner = unwrap(node);
  if (inner.type === AST_NODE_TYPES.CallExpression) return driverOfCall(context, inner);
  if (inner.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = resolveAliasedVariable(context, inner);
  if (!variable) return undefined;
  const init = initializerOf(variable, { constOnly: true });
  if (init) return driverOfCall(context, init);
  const transaction = transactionOfParameter(variable);
  return transaction ? drizzleDriverOf(context, transaction.object, depth + 1) : undefined;
}

/**
 * The driver module of a Drizzle database (`drizzle-orm/neon-http`): built in this file, imported
 * from a relative module that builds it, or the `tx` of a transaction on either. Undefined when
 * syntax does not trace it.
 */
export function drizzleDriverOf(context: AnyContext, node: TSESTree.Node, depth = 0): string | undefined {
  return localDrizzleDriver(context, node, depth) ?? importedDrizzleDriver(context, node);
}

/**
 * `ctx.db` (or `opts.ctx.db`) inside a tRPC resolver: the context's database, which the context
 * module builds from the db module. `ctx` must be the resolver's own parameter, so a `ctx` of any
 * other function does not count.
 */
export function isResolverContextDb(context: AnyContext, node: TSESTree.Node): boolean {
  const inner = unwrap(node);
  if (inner.type !== AST_NODE_TYPES.MemberExpression || memberName(inner) !== 'db') return false;
  let object = unwrap(inner.object);
  let viaOptions = false;
  if (object.type === AST_NODE_TYPES.MemberExpression && memberName(object) === 'ctx') {
    object = unwrap(object.object);
    viaOptions = true;
  }
  if (object.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = variableOf(context, object);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.type !== 'Parameter') return false;
  const fn = def.node;
  if (fn.type !== AST_NODE_TYPES.ArrowFunctionExpression && fn.type !== AST_NODE_TYPES.FunctionExpression) return false;
  const param = fn.params[0];
  if (!param) return false;
  if (viaOptions) {
    if (param !== def.name) return false;
  } else {
    // `({ ctx }) => …` / `({ ctx: c, input }) => …`
    if (param.type !== AST_NODE_TYPES.ObjectPattern) return false;
    const property = param.properties.find(
      (p): p is TSESTree.Property => p.type === AST_NODE_TYPES.Property && p.value === def.name,
    );
    if (!property) return false;
    const key = property.computed ? undefined : property.key;
    if (key?.type !== AST_NODE_TYPES.Identifier || key.name !== 'ctx') return false;
  }
  return resolverOf(context, fn) !== undefined;
}

function patternKey(property: TSESTree.Property): string | undefined {
  return !property.computed && property.key.type === AST_NODE_TYPES.Identifier ? property.key.name : undefined;
}

/**
 * `db` destructured from a tRPC resolver's context in its parameter: `({ ctx: { db } }) => …`
 * (also renamed, `{ ctx: { db: database } }`).
 */
export function isResolverContextDbBinding(context: AnyContext, node: TSESTree.Identifier): boolean {
  const variable = variableOf(context, node);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.type !== 'Parameter') return false;
  const fn = def.node;
  if (fn.type !== AST_NODE_TYPES.ArrowFunctionExpression && fn.type !== AST_NODE_TYPES.FunctionExpression) return false;
  const inner = def.name.parent;
  const ctxPattern = inner?.parent;
  if (inner?.type !== AST_NODE_TYPES.Property || inner.value !== def.name || patternKey(inner) !== 'db') return false;
  if (ctxPattern?.type !== AST_NODE_TYPES.ObjectPattern) return false;
  const outer = ctxPattern.parent;
  if (outer?.type !== AST_NODE_TYPES.Property || outer.value !== ctxPattern || patternKey(outer) !== 'ctx') return false;
  if (outer.parent !== fn.params[0]) return false;
  return resolverOf(context, fn) !== undefined;
}

/** The procedure whose resolver is `fn` (the argument of `.query/.mutation/.subscription`). */
export function resolverOf(context: AnyContext, fn: TSESTree.Node): ReturnType<typeof getProcedure> {
  const call = fn.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || call.arguments[0] !== fn) return undefined;
  return getProcedure(context, call);
}

/**
 * A Drizzle database or transaction by syntax: imported from the db module, annotated with a
 * Drizzle type, built by a `drizzle(...)` call in this file, a tRPC resolver's `ctx.db` (or its
 * `{ ctx: { db } }` parameter), or the
 * `tx` of a transaction opened on any of those.
 */
export function isDrizzleReceiverBySyntax(context: AnyContext, node: TSESTree.Node, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  const inner = unwrap(node);
  if (inner.type === AST_NODE_TYPES.MemberExpression) {
    return isResolverContextDb(context, inner) || isDrizzleDbBySyntax(context, inner, { annotatedAndTransactions: true });
  }
  if (inner.type !== AST_NODE_TYPES.Identifier) return false;
  if (isDrizzleDbBySyntax(context, inner, { annotatedAndTransactions: true })) return true;
  if (drizzleDriverOf(context, inner) !== undefined) return true;
  if (isResolverContextDbBinding(context, inner)) return true;
  if (isProjectDbImport(context, inner)) return true;
  const variable = resolveAliasedVariable(context, inner);
  const transaction = variable ? transactionOfParameter(variable) : undefined;
  return transaction !== undefined && isDrizzleReceiverBySyntax(context, transaction.object, depth + 1);
}

/**
 * Is `object` (of `object.member(...)`) a Drizzle database or transaction? Syntax first; the type
 * is asked only when syntax does not say yes (in the CLI's lazy mode a type question may build a
 * program, so callers ask only about calls that would otherwise be reported, and pass
 * `askTypes: false` when the call's shape already makes Drizzle unlikely). Never true for a value
 * whose type did not resolve and whose syntax does not trace.
 */
export function isDrizzleReceiver(context: AnyContext, object: TSESTree.Node, member: string, askTypes = true): boolean {
  if (object.type === AST_NODE_TYPES.Super) return false;
  if (isDrizzleReceiverBySyntax(context, object)) return true;
  if (!askTypes || isConstructedLocally(context, object)) return false;
  const info = typeInfo(context);
  return info !== undefined && drizzleByType(info, object, member) === true;
}

/** `const cache = new Map()` (any `new`): a Drizzle database is made by `drizzle(...)`, never by `new`. */
function isConstructedLocally(context: AnyContext, node: TSESTree.Node): boolean {
  const inner = unwrap(node);
  if (inner.type === AST_NODE_TYPES.NewExpression) return true;
  if (inner.type !== AST_NODE_TYPES.Identifier) return false;
  const init = initializerOf(resolveAliasedVariable(context, inner));
  return init !== undefined && unwrap(init).type === AST_NODE_TYPES.NewExpression;
}

/** The file a non-relative specifier of the project points to: a tsconfig `paths` alias or a workspace package. */
function resolveProjectImport(context: AnyContext, source: string): string | undefined {
  const root = getGuard(context).roles.root;
  return resolveAliasedModule(context.filename, source, root) ?? resolveWorkspaceModule(root, source);
}

/** The file an import specifier points to: relative, a `paths` alias, or a package of the root's own workspace. */
function resolveImport(context: AnyContext, source: string): string | undefined {
  return resolveRelativeModule(context.filename, source) ?? resolveProjectImport(context, source);
}

/**
 * An identifier imported through an alias or a workspace package whose file is in the db role
 * (`import { db } from '@acme/db'` where `packages/db/src/index.ts` is the db module, `@/server/db`).
 */
function isProjectDbImport(context: AnyContext, node: TSESTree.Identifier): boolean {
  const imported = importedNameOf(context, node);
  if (!imported || imported.typeOnly || imported.imported === '*' || imported.source.startsWith('.')) return false;
  const target = resolveProjectImport(context, imported.source);
  return target !== undefined && getGuard(context).roles.is(target, 'db');
}

// ---- The driver of an imported database -------------------------------------------------------

interface ModuleDrivers {
  mtimeMs: number;
  /** Driver of each exported name built by a `drizzle(...)` call in the module. */
  exports: Map<string, string>;
  /** Every driver the module imports `drizzle` from. */
  drivers: Set<string>;
}

const moduleCache = new Map<string, ModuleDrivers | null>();

function importSourceOf(program: TSESTree.Program, local: string): { source: string; imported: string } | undefined {
  for (const statement of program.body) {
    if (statement.type !== AST_NODE_TYPES.ImportDeclaration || statement.importKind === 'type') continue;
    for (const specifier of statement.specifiers) {
      if (specifier.local.name !== local) continue;
      if (specifier.type !== AST_NODE_TYPES.ImportSpecifier) return { source: statement.source.value, imported: '*' };
      const imported = specifier.imported.type === AST_NODE_TYPES.Identifier ? specifier.imported.name : specifier.imported.value;
      return { source: statement.source.value, imported };
    }
  }
  return undefined;
}

/** Reads a db module once (per modification time): which exports are `drizzle(...)` calls, and of which driver. */
function driversOfModule(file: string): ModuleDrivers | undefined {
  let mtimeMs: number;
  try {
    mtimeMs = statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
  const cached = moduleCache.get(file);
  if (cached !== undefined && (cached === null || cached.mtimeMs === mtimeMs)) return cached ?? undefined;
  let result: ModuleDrivers | null = null;
  try {
    const program = parseModule(readFileSync(file, 'utf8'), { jsx: file.endsWith('x'), range: false, loc: false });
    const drivers = new Set<string>();
    for (const statement of program.body) {
      if (statement.type !== AST_NODE_TYPES.ImportDeclaration || statement.importKind === 'type') continue;
      const driver = driverModule(statement.source.value);
      if (driver && statement.specifiers.some((s) => s.type === AST_NODE_TYPES.ImportSpecifier && (s.imported.type === AST_NODE_TYPES.Identifier ? s.imported.name : s.imported.value) === 'drizzle')) {
        drivers.add(driver);
      }
    }
    const exports = new Map<string, string>();
    const driverOfInit = (init: TSESTree.Expression | null): string | undefined => {
      const value = init && unwrap(init);
      if (value?.type !== AST_NODE_TYPES.CallExpression) return undefined;
      const callee = unwrap(value.callee);
      if (callee.type !== AST_NODE_TYPES.Identifier) return undefined;
      const origin = importSourceOf(program, callee.name);
      return origin?.imported === 'drizzle' ? driverModule(origin.source) : undefined;
    };
    for (const statement of program.body) {
      if (statement.type !== AST_NODE_TYPES.ExportNamedDeclaration || statement.declaration?.type !== AST_NODE_TYPES.VariableDeclaration) continue;
      for (const declarator of statement.declaration.declarations) {
        const driver = driverOfInit(declarator.init);
        if (driver && declarator.id.type === AST_NODE_TYPES.Identifier) exports.set(declarator.id.name, driver);
      }
    }
    result = { mtimeMs, exports, drivers };
  } catch {
    result = null;
  }
  moduleCache.set(file, result);
  return result ?? undefined;
}

/**
 * The driver of a database imported from a relative module (`import { db } from './db'`) or a
 * package of the workspace (`import { db } from '@acme/db'`): the
 * export's own `drizzle(...)` call, or, when the export is built indirectly, the one driver the
 * module imports `drizzle` from. Undefined when the module imports several drivers and the export
 * does not say which, or when the import cannot be resolved.
 */
export function importedDrizzleDriver(context: AnyContext, node: TSESTree.Node): string | undefined {
  const inner = unwrap(node);
  if (inner.type !== AST_NODE_TYPES.Identifier) return undefined;
  const imported = importedNameOf(context, inner);
  if (!imported || imported.typeOnly || imported.imported === '*') return undefined;
  const target = resolveImport(context, imported.source);
  const module = target ? driversOfModule(target) : undefined;
  if (!module) return undefined;
  const own = module.exports.get(imported.imported);
  if (own) return own;
  return module.drivers.size === 1 ? [...module.drivers][0] : undefined;
}

/**
 * With type information: true when `node`'s type is (or contains, in a union or intersection) one
 * of the named classes of `drizzle-orm`, e.g. `NeonHttpDatabase`. Undefined when the type did not resolve.
 */
export function hasDrizzleClassType(context: AnyContext, node: TSESTree.Node, names: readonly string[]): boolean | undefined {
  const info = typeInfo(context);
  if (!info) return undefined;
  const type = info.services.getTypeAtLocation(node);
  if (isUnresolvedType(type)) return undefined;
  const program = info.services.program;
  const matches = (part: ts.Type, depth: number): boolean => {
    if (typeUtils().typeMatchesSpecifier(part, { from: 'package', package: 'drizzle-orm', name: [...names] }, program)) return true;
    if (depth < 3 && part.isUnionOrIntersection()) return part.types.some((t) => matches(t, depth + 1));
    return false;
  };
  return matches(type, 0);
}

// ---- Query-builder chains --------------------------------------------------------------------

/** One method call of a chain above a start call: `.set(v)`, `.where(c)`, `.returning()`. */
export interface ChainLink {
  method: string;
  call: TSESTree.CallExpression;
}

/**
 * The calls chained on `start` (`start.set(v).where(c)` → set, where) and the outermost
 * expression of the chain. Type-only wrappers (`as`, `!`, `?.`) are looked through.
 */
export function chainAbove(start: TSESTree.CallExpression): { links: ChainLink[]; outer: TSESTree.Node } {
  const links: ChainLink[] = [];
  let current: TSESTree.Node = start;
  for (;;) {
    let parent: TSESTree.Node | undefined = current.parent;
    while (parent && (parent.type === AST_NODE_TYPES.TSNonNullExpression || parent.type === AST_NODE_TYPES.TSAsExpression || parent.type === AST_NODE_TYPES.ChainExpression)) {
      current = parent;
      parent = current.parent;
    }
    if (parent?.type !== AST_NODE_TYPES.MemberExpression || parent.object !== current) break;
    const call: TSESTree.Node | undefined = parent.parent;
    const method = memberName(parent);
    if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== parent || method === undefined) break;
    links.push({ method, call });
    current = call;
  }
  return { links, outer: current };
}
