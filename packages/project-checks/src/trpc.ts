import type { ts as TS } from 'ts-morph';
import { Node, ts, type CallExpression, type SourceFile } from './ts-morph.js';
import { unwrap, type ProjectContext } from './project.js';
import { bindingOf, importsOf, topLevelVariable } from './symbols.js';

const TRPC_SERVER = '@trpc/server';
const MAX_DEPTH = 10;
/** The instance methods that make routers (an imported instance's other calls are never wrapped). */
const ROUTER_METHODS = new Set(['router', 'mergeRouters']);

const instanceCache = new WeakMap<SourceFile, Set<string>>();

/** Names of the file's module-scope tRPC instances: `const t = initTRPC.context<C>().create()` (initTRPC from @trpc/server). */
export function trpcInstances(sourceFile: SourceFile): Set<string> {
  let instances = instanceCache.get(sourceFile);
  if (instances) return instances;
  instances = new Set();
  const initNames = [...importsOf(sourceFile)].filter(([, b]) => b.module === TRPC_SERVER && b.imported === 'initTRPC').map(([local]) => local);
  if (initNames.length > 0) {
    for (const statement of sourceFile.getVariableStatements()) {
      for (const declaration of statement.getDeclarations()) {
        const init = declaration.getInitializer();
        const nameNode = declaration.getNameNode();
        if (init && Node.isIdentifier(nameNode) && initNames.includes(chainRoot(init)?.getText() ?? '')) instances.add(nameNode.getText());
      }
    }
  }
  instanceCache.set(sourceFile, instances);
  return instances;
}

/** The identifier a call/member chain starts from (`initTRPC` in `initTRPC.context<C>().create()`). */
export function chainRoot(node: Node): Node | undefined {
  let current = unwrap(node);
  for (;;) {
    if (Node.isCallExpression(current)) current = unwrap(current.getExpression());
    else if (Node.isPropertyAccessExpression(current)) current = unwrap(current.getExpression());
    else if (Node.isAwaitExpression(current)) current = unwrap(current.getExpression());
    else return Node.isIdentifier(current) ? current : undefined;
  }
}

/** `t.procedure` (or `procedure` destructured from the instance): tRPC's raw, unauthenticated builder. */
export function isRawBuilder(node: Node): boolean {
  const inner = unwrap(node);
  const sourceFile = inner.getSourceFile();
  if (Node.isPropertyAccessExpression(inner)) {
    const object = unwrap(inner.getExpression());
    return inner.getName() === 'procedure' && Node.isIdentifier(object) && trpcInstances(sourceFile).has(object.getText());
  }
  if (Node.isIdentifier(inner)) return destructuredFromInstance(sourceFile, inner.getText()) === 'procedure';
  return false;
}

/** The instance property a module-scope name was destructured from (`const { router: r } = t` → 'router'). */
function destructuredFromInstance(sourceFile: SourceFile, name: string): string | undefined {
  const instances = trpcInstances(sourceFile);
  if (instances.size === 0) return undefined;
  for (const statement of sourceFile.getVariableStatements()) {
    for (const declaration of statement.getDeclarations()) {
      const pattern = declaration.getNameNode();
      const init = declaration.getInitializer();
      if (!Node.isObjectBindingPattern(pattern) || init === undefined) continue;
      const source = unwrap(init);
      if (!(Node.isIdentifier(source) && instances.has(source.getText())) && !(Node.isCallExpression(source) && trpcInstancesFromInit(sourceFile, source))) continue;
      for (const element of pattern.getElements()) {
        if (element.getNameNode().getText() === name) return (element.getPropertyNameNode() ?? element.getNameNode()).getText();
      }
    }
  }
  return undefined;
}

function trpcInstancesFromInit(sourceFile: SourceFile, call: CallExpression): boolean {
  const root = chainRoot(call);
  const binding = root ? importsOf(sourceFile).get(root.getText()) : undefined;
  return binding?.module === TRPC_SERVER && binding.imported === 'initTRPC';
}

export type RouterFactory = 'router' | 'merge';

/**
 * What a callee makes: `router` for `t.router` / a name bound to it anywhere in the run (`router`,
 * `createTRPCRouter` exported by the core), `merge` for `t.mergeRouters` likewise; undefined when the
 * callee is not tRPC's. `unresolved` when it is imported from a module the run cannot follow.
 */
export function routerFactoryOf(context: ProjectContext, callee: Node, depth = 0): RouterFactory | 'unresolved' | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const inner = unwrap(callee);
  const sourceFile = inner.getSourceFile();
  if (Node.isPropertyAccessExpression(inner)) {
    const object = unwrap(inner.getExpression());
    if (!Node.isIdentifier(object) || !isInstance(context, sourceFile, object.getText())) return undefined;
    return inner.getName() === 'router' ? 'router' : inner.getName() === 'mergeRouters' ? 'merge' : undefined;
  }
  if (!Node.isIdentifier(inner)) return undefined;
  const destructured = destructuredFromInstance(sourceFile, inner.getText());
  if (destructured !== undefined) return destructured === 'router' ? 'router' : destructured === 'mergeRouters' ? 'merge' : undefined;
  const binding = bindingOf(context, sourceFile, inner.getText());
  if (binding === undefined) return undefined;
  if (binding.kind === 'unresolved') return binding.module === TRPC_SERVER || binding.module.startsWith(`${TRPC_SERVER}/`) ? undefined : 'unresolved';
  const target = context.sourceFile(binding.file);
  if (target !== sourceFile || binding.local !== inner.getText()) {
    const declaration = topLevelVariable(target, binding.local);
    const init = declaration?.getInitializer();
    if (init) return routerFactoryOf(context, init, depth + 1);
    const destructuredThere = destructuredFromInstance(target, binding.local);
    return destructuredThere === 'router' ? 'router' : destructuredThere === 'mergeRouters' ? 'merge' : undefined;
  }
  const declaration = topLevelVariable(sourceFile, inner.getText());
  const init = declaration?.getInitializer();
  return init ? routerFactoryOf(context, init, depth + 1) : undefined;
}

/** True when `name` is a tRPC instance of the file, or one it imports (`import { t } from './trpc'`). */
function isInstance(context: ProjectContext, sourceFile: SourceFile, name: string): boolean {
  if (trpcInstances(sourceFile).has(name)) return true;
  if (!importsOf(sourceFile).has(name)) return false;
  const binding = bindingOf(context, sourceFile, name);
  return binding?.kind === 'local' && trpcInstances(context.sourceFile(binding.file)).has(binding.local);
}

/** Module-scope names of the file: imports and variables (a router factory is always one of them). */
function moduleNames(sourceFile: SourceFile): Set<string> {
  const names = new Set(importsOf(sourceFile).keys());
  for (const statement of sourceFile.compilerNode.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (ts.isIdentifier(declaration.name)) names.add(declaration.name.text);
      else if (ts.isObjectBindingPattern(declaration.name)) {
        for (const element of declaration.name.elements) if (ts.isIdentifier(element.name)) names.add(element.name.text);
      }
    }
  }
  return names;
}

/**
 * Calls of a router factory in the file (`router({...})`, `createTRPCRouter({...})`,
 * `t.mergeRouters(a, b)`). Candidates are found on the compiler's nodes (a callee named by a
 * module-scope binding, or `<instance>.x`) and only those are wrapped: wrapping every call of
 * every router file (procedure chains are mostly calls) cost as much as parsing them.
 */
export function routerCalls(context: ProjectContext, sourceFile: SourceFile): { call: CallExpression; kind: RouterFactory }[] {
  const names = moduleNames(sourceFile);
  const instances = trpcInstances(sourceFile);
  const compilerFile = sourceFile.compilerNode;
  const candidates: TS.CallExpression[] = [];
  const visit = (node: TS.Node): void => {
    if (ts.isCallExpression(node)) {
      let callee: TS.Expression = node.expression;
      while (ts.isParenthesizedExpression(callee) || ts.isAsExpression(callee) || ts.isNonNullExpression(callee) || ts.isSatisfiesExpression(callee)) {
        callee = callee.expression;
      }
      if (
        (ts.isIdentifier(callee) && names.has(callee.text)) ||
        (ts.isPropertyAccessExpression(callee) &&
          ts.isIdentifier(callee.expression) &&
          (instances.has(callee.expression.text) || (names.has(callee.expression.text) && ROUTER_METHODS.has(callee.name.text))))
      ) {
        candidates.push(node);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(compilerFile);
  const calls: { call: CallExpression; kind: RouterFactory }[] = [];
  for (const candidate of candidates) {
    const call = sourceFile.getDescendantAtStartWithWidth(candidate.getStart(compilerFile), candidate.getWidth(compilerFile));
    if (!call || !Node.isCallExpression(call)) continue;
    const kind = routerFactoryOf(context, call.getExpression());
    if (kind === 'router' || kind === 'merge') calls.push({ call, kind });
  }
  return calls;
}
