import path from 'node:path';
import picomatch from 'picomatch';
import type { Guard, RoleName } from '@backend-guard/config';
import { AST_NODE_TYPES, type ParserServicesWithTypeInformation, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import type ts from 'typescript';
import { typescript } from './typescript.js';
import { memberName, unwrap, VALUE_WRAPPERS, variableOf } from './ast.js';
import { fileRoles } from './guard.js';
import { importedNameOfVariable } from './modules.js';
import { typeServices } from './type-services.js';

export { typeServices };

/**
 * Recognition of tRPC procedures: a call chain ending in `.query/.mutation/.subscription` whose root
 * resolves to a configured tier builder or to tRPC's raw builder (`t.procedure`). Resolution follows
 * renamed and namespace imports, local aliases and builder methods; with type information it also
 * recognises builders by their `ProcedureBuilder` type. Nothing that does not resolve is a procedure.
 */

type AnyContext = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;
type Node = TSESTree.Node;
type Variable = TSESLint.Scope.Variable;

export type ProcedureKind = 'query' | 'mutation' | 'subscription';
const PROCEDURE_KINDS: ReadonlySet<string> = new Set<ProcedureKind>(['query', 'mutation', 'subscription']);

export type BuilderMethod = 'use' | 'meta' | 'input' | 'output' | 'concat' | 'unstable_concat';
const BUILDER_METHODS: ReadonlySet<string> = new Set<BuilderMethod>(['use', 'meta', 'input', 'output', 'concat', 'unstable_concat']);
/** Builder methods that add middleware, i.e. make a new trust boundary. */
export const MIDDLEWARE_METHODS: ReadonlySet<string> = new Set<BuilderMethod>(['use', 'concat', 'unstable_concat']);

const TRPC_MODULE = '@trpc/server';
/** Bounds alias and import following, so pathological code cannot loop. */
const MAX_DEPTH = 12;

/** One builder-method call of a chain (`.input(schema)`), possibly inside a local alias's initialiser. */
export interface BuilderLink {
  method: BuilderMethod;
  call: TSESTree.CallExpression;
  /** True when the call sits in an alias's initialiser rather than in the chain itself. */
  viaAlias: boolean;
}

/** Where a builder chain starts, once aliases and imports are followed. */
export type BuilderRoot =
  /** A configured tier builder (`protectedProcedure`), by imported name or core-file declaration. */
  | { kind: 'tier'; tier: string; node: Node }
  /** tRPC's raw builder: `t.procedure` or `procedure` destructured from the `initTRPC...create()` instance. */
  | { kind: 'raw'; node: Node }
  /**
   * A value whose type is tRPC's ProcedureBuilder but that no configured tier names. `inputSet` says
   * whether the type shows an input parser already (undefined when the type does not tell).
   */
  | { kind: 'typed'; node: Node; inputSet: boolean | undefined };

export interface BuilderChain {
  root: BuilderRoot;
  /** Every builder-method call from the root to the end, root-most first, aliases included. */
  links: BuilderLink[];
  /** True when a configured tier was reached through an imported shared builder that adds an input (types only). */
  inputFromType?: boolean;
}

export interface Procedure extends BuilderChain {
  /** The terminal `.query(...)`, `.mutation(...)` or `.subscription(...)` call. */
  call: TSESTree.CallExpression;
  kind: ProcedureKind;
  /** The `query`/`mutation`/`subscription` property of the terminal call. */
  property: TSESTree.Identifier;
  /** The innermost expression of the procedure's own chain as written (an alias name, `t.procedure`...). */
  start: TSESTree.Expression;
}

export interface ProcedurePath {
  /** Router name: file basename in the routers role, top-level key in the app router; else undefined. */
  router: string | undefined;
  /** Keys inside `router({...})` object literals of this file, below the router name. */
  keys: string[];
  /** `router.key.key` for messages and policy globs (empty when nothing names it). */
  id: string;
  /**
   * Folders between the routers directory and the file (`routers/admin/users.ts` → `['admin']`):
   * a router in an `admin/` folder is an admin router too.
   */
  folders: string[];
}

const routerBases = new WeakMap<Guard, string[]>();

/** The static directories the routers globs start from (`server/routers` for `server/routers/**`). */
function routersBases(guard: Guard): string[] {
  let bases = routerBases.get(guard);
  if (!bases) {
    bases = guard.config.roles.routers.map((glob) => picomatch.scan(glob).base).filter((base) => base !== '');
    routerBases.set(guard, bases);
  }
  return bases;
}

function routerFolders(state: FileState, filename: string): string[] {
  const relative = state.guard.roles.relative(filename);
  if (relative === undefined) return [];
  const base = routersBases(state.guard)
    .filter((candidate) => relative.startsWith(`${candidate}/`))
    .sort((a, b) => b.length - a.length)[0];
  if (base === undefined) return [];
  return relative.slice(base.length + 1).split('/').slice(0, -1);
}

type Resolved = BuilderChain | { root: { kind: 'unresolved'; node: Node }; links: BuilderLink[] };

interface FileState {
  context: AnyContext;
  guard: Guard;
  roles: ReadonlySet<RoleName>;
  tiers: ReadonlySet<string>;
  isCore: boolean;
  services: ParserServicesWithTypeInformation | undefined;
  checker: ts.TypeChecker | undefined;
  procedures: WeakMap<TSESTree.CallExpression, Procedure | null>;
  aliases: Map<Variable, Resolved | null>;
  instances: Map<Variable, boolean>;
  /**
   * False when recognition cannot succeed in this file, so the rules register no listeners (most
   * of a backend is services and schema): without type information a procedure's root must come
   * from an import of a tier or of @trpc/server, or from the core's own declarations.
   */
  mayHaveProcedures: boolean;
}

/** An import that can bring a tier builder or tRPC's raw builder into the file. */
function importsBuilders(ast: TSESTree.Program, tiers: ReadonlySet<string>): boolean {
  for (const statement of ast.body) {
    if (statement.type !== AST_NODE_TYPES.ImportDeclaration || statement.importKind === 'type') continue;
    const source = statement.source.value;
    if (source === TRPC_MODULE || source.startsWith(`${TRPC_MODULE}/`)) return true;
    for (const specifier of statement.specifiers) {
      // A namespace or default import may carry the tiers (`trpc.protectedProcedure`).
      if (specifier.type !== AST_NODE_TYPES.ImportSpecifier) return true;
      const imported = specifier.imported.type === AST_NODE_TYPES.Identifier ? specifier.imported.name : specifier.imported.value;
      if (specifier.importKind !== 'type' && tiers.has(imported)) return true;
    }
  }
  return false;
}

const states = new WeakMap<object, FileState>();

/** Per-file state shared by every rule linting the same file (keyed by the SourceCode object). */
export function trpcFile(context: AnyContext): FileState {
  const existing = states.get(context.sourceCode);
  if (existing) return existing;
  const { guard, roles } = fileRoles(context);
  const types = typeServices(context);
  const tiers = new Set(guard.config.tiers);
  const isCore = roles.has('trpcCore');
  const state: FileState = {
    context,
    guard,
    roles,
    tiers,
    isCore,
    services: types?.services,
    // A getter: in the CLI's lazy mode asking for the checker builds the program.
    get checker() {
      return types?.checker;
    },
    procedures: new WeakMap(),
    aliases: new Map(),
    instances: new Map(),
    // With types, builders are also recognised by their type, whatever their import looks like.
    mayHaveProcedures: types !== undefined || isCore || importsBuilders(context.sourceCode.ast, tiers),
  };
  states.set(context.sourceCode, state);
  return state;
}

/** The single definition of a variable that is never reassigned after its initialiser. */
function singleDef(variable: Variable | null): TSESLint.Scope.Definition | undefined {
  if (!variable || variable.defs.length !== 1) return undefined;
  const writes = variable.references.filter((ref) => ref.isWrite());
  if (writes.length > 1 || writes.some((ref) => !ref.init)) return undefined;
  return variable.defs[0];
}

/** The import a local identifier comes from: its module and imported name (`*` namespace, `default`). */
export function importOf(
  context: AnyContext,
  identifier: TSESTree.Identifier,
): { source: string; imported: string } | undefined {
  const variable = variableOf(context, identifier);
  const origin = variable ? importedNameOfVariable(context, variable) : undefined;
  return origin && !origin.typeOnly ? { source: origin.source, imported: origin.imported } : undefined;
}

/** True when `node` is the tRPC instance: `initTRPC[.context<C>()...].create(...)`, directly or via a const. */
function isTrpcInstance(state: FileState, node: Node, depth = 0): boolean {
  const value = unwrap(node);
  if (depth > MAX_DEPTH) return false;
  if (value.type === AST_NODE_TYPES.Identifier) {
    const variable = variableOf(state.context, value);
    if (!variable) return false;
    const cached = state.instances.get(variable);
    if (cached !== undefined) return cached;
    state.instances.set(variable, false);
    const def = singleDef(variable);
    const result =
      def?.type === 'Variable' &&
      def.node.id.type === AST_NODE_TYPES.Identifier &&
      def.node.init != null &&
      isTrpcInstance(state, def.node.init, depth + 1);
    state.instances.set(variable, result);
    return result;
  }
  if (value.type !== AST_NODE_TYPES.CallExpression || memberName(unwrap(value.callee)) !== 'create') return false;
  let current: Node = value;
  while (current.type === AST_NODE_TYPES.CallExpression) {
    const callee = unwrap(current.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
    current = unwrap(callee.object);
  }
  return isInitTrpc(state, current);
}

function isInitTrpc(state: FileState, node: Node): boolean {
  if (node.type === AST_NODE_TYPES.Identifier) {
    const origin = importOf(state.context, node);
    return origin?.source === TRPC_MODULE && origin.imported === 'initTRPC';
  }
  if (memberName(node) === 'initTRPC' && node.type === AST_NODE_TYPES.MemberExpression) {
    const object = unwrap(node.object);
    if (object.type !== AST_NODE_TYPES.Identifier) return false;
    const origin = importOf(state.context, object);
    return origin?.source === TRPC_MODULE && (origin.imported === '*' || origin.imported === 'default');
  }
  return false;
}

/** Follows a builder chain (`x.use(a).input(b)`) down to its root, through local aliases. */
function resolveChain(state: FileState, expression: Node, viaAlias: boolean, depth: number): Resolved {
  const links: BuilderLink[] = [];
  let current = unwrap(expression);
  while (current.type === AST_NODE_TYPES.CallExpression) {
    const callee = unwrap(current.callee);
    const method = memberName(callee);
    if (method === undefined || !BUILDER_METHODS.has(method) || callee.type !== AST_NODE_TYPES.MemberExpression) break;
    links.unshift({ method: method as BuilderMethod, call: current, viaAlias });
    current = unwrap(callee.object);
  }
  const base = resolveRoot(state, current, depth);
  return { ...base, links: [...base.links, ...links] } as Resolved;
}

function unresolved(node: Node): Resolved {
  return { root: { kind: 'unresolved', node }, links: [] };
}

function resolveRoot(state: FileState, node: Node, depth: number): Resolved {
  if (depth > MAX_DEPTH) return unresolved(node);
  if (node.type === AST_NODE_TYPES.Identifier) return resolveIdentifier(state, node, depth);
  if (node.type === AST_NODE_TYPES.MemberExpression) {
    const name = memberName(node);
    if (name === undefined) return unresolved(node);
    if (name === 'procedure' && isTrpcInstance(state, node.object, depth + 1)) return { root: { kind: 'raw', node }, links: [] };
    const object = unwrap(node.object);
    if (object.type === AST_NODE_TYPES.Identifier && state.tiers.has(name)) {
      const origin = importOf(state.context, object);
      // `trpc.protectedProcedure` through `import * as trpc` (or a default-exported module object).
      if (origin && (origin.imported === '*' || origin.imported === 'default')) {
        return { root: { kind: 'tier', tier: name, node }, links: [] };
      }
    }
  }
  return unresolved(node);
}

function resolveIdentifier(state: FileState, node: TSESTree.Identifier, depth: number): Resolved {
  const variable = variableOf(state.context, node);
  const def = singleDef(variable);
  if (!variable || !def) return unresolved(node);
  if (def.type === 'ImportBinding') {
    const name = importOf(state.context, node)?.imported;
    if (name !== undefined && state.tiers.has(name)) return { root: { kind: 'tier', tier: name, node }, links: [] };
    return unresolved(node);
  }
  if (def.type !== 'Variable') return unresolved(node);
  const declarator = def.node;
  if (declarator.id.type === AST_NODE_TYPES.ObjectPattern) {
    // `const { procedure } = t` / `const { procedure: p } = t`
    const property = declarator.id.properties.find(
      (p): p is TSESTree.Property => p.type === AST_NODE_TYPES.Property && unwrapPattern(p.value) === def.name,
    );
    if (
      property &&
      !property.computed &&
      property.key.type === AST_NODE_TYPES.Identifier &&
      property.key.name === 'procedure' &&
      declarator.init &&
      isTrpcInstance(state, declarator.init, depth + 1)
    ) {
      return { root: { kind: 'raw', node }, links: [] };
    }
    return unresolved(node);
  }
  if (declarator.id.type !== AST_NODE_TYPES.Identifier) return unresolved(node);
  // The tier definitions themselves: a tier is what the core file declares under that name.
  if (state.isCore && state.tiers.has(declarator.id.name)) {
    return { root: { kind: 'tier', tier: declarator.id.name, node }, links: [] };
  }
  if (!declarator.init) return unresolved(node);
  const cached = state.aliases.get(variable);
  if (cached === null) return unresolved(node);
  if (cached) return cached;
  state.aliases.set(variable, null);
  const result = resolveChain(state, declarator.init, true, depth + 1);
  state.aliases.set(variable, result);
  return result;
}

function unwrapPattern(node: Node): Node {
  return node.type === AST_NODE_TYPES.AssignmentPattern ? node.left : node;
}

// ---- Type information ----------------------------------------------------------------------------

function isFromTrpc(declarations: readonly ts.Declaration[] | undefined): boolean {
  return (declarations ?? []).some((d) => /[\\/]@trpc[\\/]server[\\/]/.test(d.getSourceFile().fileName));
}

/** The ProcedureBuilder type reference when `type` is tRPC's procedure builder. */
function procedureBuilderType(type: ts.Type): ts.Type | undefined {
  const symbol = type.getSymbol();
  if (symbol?.getName() === 'ProcedureBuilder' && isFromTrpc(symbol.getDeclarations())) return type;
  const alias = type.aliasSymbol;
  if (alias?.getName() === 'ProcedureBuilder' && isFromTrpc(alias.getDeclarations())) return type;
  return undefined;
}

/** Whether the builder type already has an input parser (its `TInputIn` is not tRPC's unset marker). */
function builderInputSet(checker: ts.TypeChecker, type: ts.Type): boolean | undefined {
  const args =
    type.aliasTypeArguments ??
    ((type as ts.ObjectType).objectFlags & typescript().ObjectFlags.Reference ? checker.getTypeArguments(type as ts.TypeReference) : undefined);
  const inputIn = args?.[3];
  if (!inputIn) return undefined;
  return !/unsetMarker/i.test(checker.typeToString(inputIn));
}

/**
 * Follows an imported builder to its declaration in another file (types only): a configured tier
 * declared in a trpcCore file, possibly through a shared builder such as `protectedProcedure.input(x)`.
 */
function tierFromDeclaration(
  state: FileState,
  tsNode: ts.Node,
): { tier: string; inputSet: boolean } | undefined {
  const checker = state.checker;
  if (!checker) return undefined;
  const tsm = typescript();
  let inputSet = false;
  let current: ts.Node | undefined = tsNode;
  for (let depth = 0; current && depth < MAX_DEPTH; depth++) {
    while (tsm.isCallExpression(current) && tsm.isPropertyAccessExpression(current.expression) && BUILDER_METHODS.has(current.expression.name.text)) {
      if (current.expression.name.text === 'input') inputSet = true;
      current = current.expression.expression;
    }
    while (tsm.isParenthesizedExpression(current) || tsm.isAsExpression(current) || tsm.isSatisfiesExpression(current) || tsm.isNonNullExpression(current)) {
      current = current.expression;
    }
    const at: ts.Node = tsm.isPropertyAccessExpression(current) ? current.name : current;
    let symbol = checker.getSymbolAtLocation(at);
    if (symbol && symbol.flags & tsm.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    const declaration = symbol?.valueDeclaration;
    if (!declaration || !tsm.isVariableDeclaration(declaration) || !tsm.isIdentifier(declaration.name)) return undefined;
    const name = declaration.name.text;
    if (state.tiers.has(name) && state.guard.roles.is(declaration.getSourceFile().fileName, 'trpcCore')) return { tier: name, inputSet };
    current = declaration.initializer;
  }
  return undefined;
}

/** Recognises an unresolved root by its type: tRPC's ProcedureBuilder, declared in @trpc/server. */
function resolveByType(state: FileState, node: Node): BuilderChain | undefined {
  const { services, checker } = state;
  if (!services || !checker) return undefined;
  const tsNode = services.esTreeNodeToTSNodeMap.get(node as TSESTree.Expression);
  if (!tsNode) return undefined;
  const type = procedureBuilderType(checker.getTypeAtLocation(tsNode));
  if (!type) return undefined;
  const declared = tierFromDeclaration(state, tsNode);
  if (declared) return { root: { kind: 'tier', tier: declared.tier, node }, links: [], inputFromType: declared.inputSet };
  if (memberName(node) === 'procedure') return { root: { kind: 'raw', node }, links: [] };
  return { root: { kind: 'typed', node, inputSet: builderInputSet(checker, type) }, links: [] };
}

// ---- Public API ------------------------------------------------------------------------------

/**
 * The builder chain of any expression (a declaration's initialiser, say), or undefined when it does
 * not resolve. An unresolved root is asked about its type only when `askTypes` accepts the chain's links.
 */
export function resolveBuilder(
  context: AnyContext,
  expression: TSESTree.Expression,
  askTypes: (links: readonly BuilderLink[]) => boolean = () => true,
): BuilderChain | undefined {
  const state = trpcFile(context);
  const resolved = resolveChain(state, expression, false, 0);
  if (resolved.root.kind !== 'unresolved') return resolved as BuilderChain;
  // `services`, not `checker`: in lazy mode reading the checker builds the program, so only a real question may.
  if (!state.services || !askTypes(resolved.links)) return undefined;
  const byType = resolveByType(state, resolved.root.node);
  return byType ? { ...byType, links: [...byType.links, ...resolved.links] } : undefined;
}

/** The procedure a call is the terminal of, or undefined when it is not a recognised tRPC procedure. */
export function getProcedure(context: AnyContext, call: TSESTree.CallExpression): Procedure | undefined {
  // Most calls are not `.query/.mutation/.subscription`: reject them before touching the cache.
  const callee = unwrap(call.callee);
  const kind = memberName(callee);
  if (kind === undefined || !PROCEDURE_KINDS.has(kind) || callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const state = trpcFile(context);
  const cached = state.procedures.get(call);
  if (cached !== undefined) return cached ?? undefined;
  let result: Procedure | null = null;
  const object = callee.object;
  const chain = resolveBuilder(context, object);
  if (chain) {
    let start: Node = unwrap(object);
    while (start.type === AST_NODE_TYPES.CallExpression && start.callee.type === AST_NODE_TYPES.MemberExpression) {
      start = unwrap(start.callee.object);
    }
    result = {
      ...chain,
      call,
      kind: kind as ProcedureKind,
      property: callee.property as TSESTree.Identifier,
      start: start as TSESTree.Expression,
    };
  }
  state.procedures.set(call, result);
  return result ?? undefined;
}

function keyName(property: TSESTree.Property): string {
  const key = property.key;
  if (!property.computed && key.type === AST_NODE_TYPES.Identifier) return key.name;
  if (key.type === AST_NODE_TYPES.Literal && (typeof key.value === 'string' || typeof key.value === 'number')) return String(key.value);
  return '[computed]';
}

/** Router name from the file: basename before its first dot, `index` naming its folder. */
function routerNameOfFile(filename: string): string {
  const base = path.basename(filename).split('.')[0] ?? '';
  return base === 'index' ? path.basename(path.dirname(filename)) : base;
}

/**
 * Where a procedure sits: keys of the object literals it is nested in (crossing `router({...})`
 * calls), named after the router file (routers role) or the app router's top-level key.
 */
export function procedurePath(context: AnyContext, procedure: Procedure): ProcedurePath {
  const state = trpcFile(context);
  const keys: string[] = [];
  let node: Node = procedure.call;
  for (let parent: Node | undefined = node.parent; parent; node = parent, parent = node.parent) {
    if (VALUE_WRAPPERS.has(parent.type)) continue;
    if (parent.type === AST_NODE_TYPES.Property && parent.value === node && parent.parent.type === AST_NODE_TYPES.ObjectExpression) {
      keys.unshift(keyName(parent));
      continue;
    }
    if (parent.type === AST_NODE_TYPES.ObjectExpression && node.type === AST_NODE_TYPES.Property) continue;
    if (parent.type === AST_NODE_TYPES.CallExpression && parent.arguments.includes(node as TSESTree.Expression)) continue;
    break;
  }
  let router: string | undefined;
  let folders: string[] = [];
  if (state.roles.has('routers')) {
    router = routerNameOfFile(context.filename);
    folders = routerFolders(state, context.filename);
  } else if (state.roles.has('appRouter')) router = keys.shift();
  return { router, keys, folders, id: [router, ...keys].filter((part) => part !== undefined && part !== '').join('.') };
}

/** The type checker and parser services, when the file is linted with type information. */
