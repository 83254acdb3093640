import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import { initializerOf, memberName, unwrap, variableOf } from './ast.js';
import { importOf, trpcFile, type AnyContext, type FileState, type Resolved } from './trpc-file.js';
import {
  BUILDER_METHODS,
  MAX_DEPTH,
  MIDDLEWARE_METHODS,
  PROCEDURE_KINDS,
  TRPC_MODULE,
  type BuilderChain,
  type BuilderLink,
  type BuilderMethod,
  type Procedure,
  type ProcedureKind,
} from './trpc-model.js';
import { resolveByType } from './trpc-types.js';

/**
 * Recognition of tRPC procedures: a call chain ending in `.query/.mutation/.subscription` whose root
 * resolves to a configured tier builder, a configured builder factory's call, or tRPC's raw builder
 * (`t.procedure`). Resolution follows renamed and namespace imports, local aliases and builder
 * methods; with type information it also recognises builders by their `ProcedureBuilder` type.
 * Nothing that does not resolve is a procedure.
 */

type Node = TSESTree.Node;

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
    const init = initializerOf(variable);
    const result = init !== undefined && isTrpcInstance(state, init, depth + 1);
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

/** A name imported through a namespace or default import (`trpc.protectedProcedure`). */
function isNamespaceMember(state: FileState, node: TSESTree.MemberExpression): boolean {
  const object = unwrap(node.object);
  if (object.type !== AST_NODE_TYPES.Identifier) return false;
  const origin = importOf(state.context, object);
  return origin !== undefined && (origin.imported === '*' || origin.imported === 'default');
}

/**
 * The configured factory a call's callee names: an import of that name (renamed or through a
 * namespace), or the core's own declaration of it.
 */
function factoryOfCall(state: FileState, call: TSESTree.CallExpression): string | undefined {
  if (state.factories.size === 0) return undefined;
  const callee = unwrap(call.callee);
  if (callee.type === AST_NODE_TYPES.MemberExpression) {
    const name = memberName(callee);
    return name !== undefined && state.factories.has(name) && isNamespaceMember(state, callee) ? name : undefined;
  }
  if (callee.type !== AST_NODE_TYPES.Identifier) return undefined;
  const imported = importOf(state.context, callee)?.imported;
  if (imported !== undefined) return state.factories.has(imported) ? imported : undefined;
  const variable = variableOf(state.context, callee);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  const declared = def && (def.type === 'FunctionName' || def.type === 'Variable') && def.name.name;
  return state.isCore && declared && declared === callee.name && state.factories.has(declared) ? declared : undefined;
}

function resolveRoot(state: FileState, node: Node, depth: number): Resolved {
  if (depth > MAX_DEPTH) return unresolved(node);
  if (node.type === AST_NODE_TYPES.Identifier) return resolveIdentifier(state, node, depth);
  if (node.type === AST_NODE_TYPES.CallExpression) {
    const factory = factoryOfCall(state, node);
    const tier = factory === undefined ? undefined : state.factories.get(factory);
    return tier === undefined ? unresolved(node) : { root: { kind: 'tier', tier, node, factory }, links: [] };
  }
  if (node.type === AST_NODE_TYPES.MemberExpression) {
    const name = memberName(node);
    if (name === undefined) return unresolved(node);
    if (name === 'procedure' && isTrpcInstance(state, node.object, depth + 1)) return { root: { kind: 'raw', node }, links: [] };
    // `trpc.protectedProcedure` through `import * as trpc` (or a default-exported module object).
    if (state.tiers.has(name) && isNamespaceMember(state, node)) return { root: { kind: 'tier', tier: name, node }, links: [] };
  }
  return unresolved(node);
}

function resolveIdentifier(state: FileState, node: TSESTree.Identifier, depth: number): Resolved {
  const variable = variableOf(state.context, node);
  if (!variable || variable.defs.length !== 1) return unresolved(node);
  const def = variable.defs[0]!;
  if (def.type === 'ImportBinding') {
    const name = importOf(state.context, node)?.imported;
    if (name !== undefined && state.tiers.has(name)) return { root: { kind: 'tier', tier: name, node }, links: [] };
    return unresolved(node);
  }
  if (def.type !== 'Variable') return unresolved(node);
  const declarator = def.node;
  const reassigned = variable.references.some((ref) => ref.isWrite() && !ref.init);
  // The tier definitions themselves: a tier is what the core file declares under that name.
  if (state.isCore && !reassigned && declarator.id.type === AST_NODE_TYPES.Identifier && state.tiers.has(declarator.id.name)) {
    return { root: { kind: 'tier', tier: declarator.id.name, node }, links: [] };
  }
  const init = initializerOf(variable, { destructured: true });
  if (!init) return unresolved(node);
  if (declarator.id.type === AST_NODE_TYPES.ObjectPattern) {
    // `const { procedure } = t` / `const { procedure: p } = t`
    const property = declarator.id.properties.find(
      (p): p is TSESTree.Property => p.type === AST_NODE_TYPES.Property && unwrapPattern(p.value) === def.name,
    );
    const isProcedure = property && !property.computed && property.key.type === AST_NODE_TYPES.Identifier && property.key.name === 'procedure';
    return isProcedure && isTrpcInstance(state, init, depth + 1) ? { root: { kind: 'raw', node }, links: [] } : unresolved(node);
  }
  if (declarator.id.type !== AST_NODE_TYPES.Identifier) return unresolved(node);
  const cached = state.aliases.get(variable);
  if (cached === null) return unresolved(node);
  if (cached) return cached;
  state.aliases.set(variable, null);
  const result = resolveChain(state, init, true, depth + 1);
  state.aliases.set(variable, result);
  return result;
}

function unwrapPattern(node: Node): Node {
  return node.type === AST_NODE_TYPES.AssignmentPattern ? node.left : node;
}

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

/** True when `node` is the tRPC instance (`t` of `const t = initTRPC.context<C>().create()`). */
export function isTrpcInstanceExpression(context: AnyContext, node: TSESTree.Expression): boolean {
  return isTrpcInstance(trpcFile(context), node);
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

type FunctionNode = TSESTree.ArrowFunctionExpression | TSESTree.FunctionDeclaration | TSESTree.FunctionExpression;

/** The expressions a function returns: an arrow's body, or `return` arguments outside nested functions. */
function returnedExpressions(fn: FunctionNode): TSESTree.Expression[] {
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return [fn.body];
  const found: TSESTree.Expression[] = [];
  const visit = (node: Node): void => {
    switch (node.type) {
      case AST_NODE_TYPES.ReturnStatement:
        if (node.argument) found.push(node.argument);
        return;
      case AST_NODE_TYPES.BlockStatement:
        node.body.forEach(visit);
        return;
      case AST_NODE_TYPES.IfStatement:
        visit(node.consequent);
        if (node.alternate) visit(node.alternate);
        return;
      case AST_NODE_TYPES.TryStatement:
        visit(node.block);
        if (node.handler) visit(node.handler.body);
        if (node.finalizer) visit(node.finalizer);
        return;
      case AST_NODE_TYPES.SwitchStatement:
        node.cases.forEach((switchCase) => switchCase.consequent.forEach(visit));
        return;
      default:
    }
  };
  visit(fn.body);
  return found;
}

/**
 * A builder factory: a function returning a procedure builder that it extends with its own
 * middleware (`(perm) => protectedProcedure.use(can(perm))`). Returns the chain and the middleware
 * link it adds, or undefined for any other function.
 */
export function builderFactoryChain(context: AnyContext, fn: FunctionNode): { chain: BuilderChain; link: BuilderLink } | undefined {
  const inside = (link: BuilderLink): boolean =>
    MIDDLEWARE_METHODS.has(link.method) && link.call.range[0] >= fn.range[0] && link.call.range[1] <= fn.range[1];
  for (const expression of returnedExpressions(fn)) {
    const chain = resolveBuilder(context, expression, (links) => links.some(inside));
    const link = chain?.links.find(inside);
    if (chain && link) return { chain, link };
  }
  return undefined;
}
