import { Node, SyntaxKind, type CallExpression, type SourceFile } from '../ts-morph.js';
import type { ProjectCheck } from '../check.js';
import { propertyKey, unwrap, type ProjectContext } from '../project.js';
import { bindingOf, enclosingFunction, exportNamesOf, importsOf, isShadowed, isValueReference, topLevelVariable } from '../symbols.js';

/** tRPC adapters that take a `createContext` option: module → exported adapter functions. */
const ADAPTERS: Readonly<Record<string, readonly string[]>> = {
  '@hono/trpc-server': ['trpcServer'],
  '@trpc/server/adapters/fetch': ['fetchRequestHandler'],
  '@trpc/server/adapters/standalone': ['createHTTPServer', 'createHTTPHandler'],
  '@trpc/server/adapters/express': ['createExpressMiddleware'],
  '@trpc/server/adapters/next': ['createNextApiHandler'],
  '@trpc/server/adapters/node-http': ['nodeHTTPRequestHandler'],
  '@trpc/server/adapters/fastify': ['fastifyTRPCPlugin', 'fastifyRequestHandler'],
  '@trpc/server/adapters/aws-lambda': ['awsLambdaRequestHandler'],
  '@trpc/server/adapters/ws': ['applyWSSHandler'],
};
const ADAPTER_TEXT = /@hono\/trpc-server|@trpc\/server\/adapters\//;
/** `drizzle-orm/<driver>` exports `drizzle`; the dialect cores and migrators do not build clients. */
const DRIZZLE_DRIVER = /^drizzle-orm\/(?!pg-core$|mysql-core$|sqlite-core$|singlestore-core$|gel-core$)[\w-]+$/;
const DRIZZLE_TEXT = /['"]drizzle-orm\/[\w-]+['"]/;
const MAX_ONCE_DEPTH = 3;

interface Factory {
  file: string;
  local: string;
}

/** Calls of a tRPC adapter (by import) in the file. */
function adapterCalls(sourceFile: SourceFile): CallExpression[] {
  const imports = importsOf(sourceFile);
  const adapterNames = new Set<string>();
  const namespaces = new Map<string, readonly string[]>();
  for (const [local, binding] of imports) {
    const exported = ADAPTERS[binding.module];
    if (!exported) continue;
    if (binding.imported === '*') namespaces.set(local, exported);
    else if (exported.includes(binding.imported)) adapterNames.add(local);
  }
  if (adapterNames.size === 0 && namespaces.size === 0) return [];
  return sourceFile.getDescendantsOfKind(SyntaxKind.CallExpression).filter((call) => {
    const callee = unwrap(call.getExpression());
    if (Node.isIdentifier(callee)) return adapterNames.has(callee.getText()) && !isShadowed(callee, callee.getText());
    if (Node.isPropertyAccessExpression(callee)) {
      const object = unwrap(callee.getExpression());
      return Node.isIdentifier(object) && (namespaces.get(object.getText())?.includes(callee.getName()) ?? false);
    }
    return false;
  });
}

/** The context factory behind an adapter's `createContext` option: passed directly, or called by the wrapper passed. */
function factoriesOf(context: ProjectContext, call: CallExpression): Factory[] {
  const sourceFile = call.getSourceFile();
  const found: Factory[] = [];
  const options = call.getDescendantsOfKind(SyntaxKind.PropertyAssignment).filter((p) => propertyKey(p) === 'createContext');
  const shorthand = call.getDescendantsOfKind(SyntaxKind.ShorthandPropertyAssignment).filter((p) => propertyKey(p) === 'createContext');
  const add = (identifier: Node, anyFile: boolean) => {
    const binding = bindingOf(context, sourceFile, identifier.getText());
    if (binding?.kind !== 'local') return;
    const roles = context.roles.rolesOf(binding.file);
    if (anyFile || roles.has('trpcCore') || roles.has('core')) found.push({ file: binding.file, local: binding.local });
  };
  for (const property of shorthand) add(property.getNameNode(), true);
  for (const property of options) {
    const initializer = property.getInitializer();
    const value = initializer === undefined ? undefined : unwrap(initializer);
    if (value === undefined) continue;
    if (Node.isIdentifier(value)) add(value, true);
    else if (Node.isArrowFunction(value) || Node.isFunctionExpression(value)) {
      for (const inner of value.getDescendantsOfKind(SyntaxKind.CallExpression)) {
        const callee = unwrap(inner.getExpression());
        if (Node.isIdentifier(callee) && !isShadowed(callee, callee.getText())) add(callee, false);
      }
    }
  }
  return found;
}

/** True when the function `name` of the file runs only while the module loads (called from module scope only). */
function runsOnce(sourceFile: SourceFile, name: string, depth: number): boolean {
  if (depth > MAX_ONCE_DEPTH || exportNamesOf(sourceFile, name).length > 0) return false;
  let calls = 0;
  for (const identifier of sourceFile.getDescendantsOfKind(SyntaxKind.Identifier)) {
    if (identifier.getText() !== name || !isValueReference(identifier) || isShadowed(identifier, name)) continue;
    const parent = identifier.getParent();
    if (!Node.isCallExpression(parent) || parent.getExpression() !== identifier) return false;
    const caller = enclosingFunction(parent);
    if (caller !== undefined && !functionRunsOnce(caller, depth + 1)) return false;
    calls += 1;
  }
  return calls > 0;
}

/** A function node that runs only while the module loads: an IIFE at module scope, or a module-scope function called only from there. */
function functionRunsOnce(fn: Node, depth: number): boolean {
  const sourceFile = fn.getSourceFile();
  const parent = fn.getParent();
  if ((Node.isArrowFunction(fn) || Node.isFunctionExpression(fn)) && parent) {
    const iife = Node.isParenthesizedExpression(parent) ? parent.getParent() : parent;
    if (Node.isCallExpression(iife) && unwrap(iife.getExpression()) === fn) {
      const outer = enclosingFunction(iife);
      return outer === undefined || functionRunsOnce(outer, depth + 1);
    }
    const declaration = Node.isVariableDeclaration(parent) ? parent : undefined;
    if (declaration?.getVariableStatement()?.getParent() === sourceFile) return runsOnce(sourceFile, declaration.getName(), depth);
    return false;
  }
  if (Node.isFunctionDeclaration(fn) && fn.getParent() === sourceFile && fn.getName()) return runsOnce(sourceFile, fn.getName()!, depth);
  return false;
}

/** `cached = drizzle(...)`, `cached ??= drizzle(...)` into a module-scope variable: a lazily built singleton. */
function isMemoised(call: CallExpression): boolean {
  let node: Node = call;
  for (let parent = node.getParent(); parent && (Node.isParenthesizedExpression(parent) || Node.isAsExpression(parent) || Node.isSatisfiesExpression(parent)); parent = node.getParent()) {
    node = parent;
  }
  const assignment = node.getParent();
  if (!Node.isBinaryExpression(assignment) || assignment.getRight() !== node) return false;
  const operator = assignment.getOperatorToken().getKind();
  if (operator !== SyntaxKind.EqualsToken && operator !== SyntaxKind.QuestionQuestionEqualsToken && operator !== SyntaxKind.BarBarEqualsToken) return false;
  const target = unwrap(assignment.getLeft());
  if (!Node.isIdentifier(target) || isShadowed(target, target.getText())) return false;
  return topLevelVariable(call.getSourceFile(), target.getText()) !== undefined;
}

/** Calls of `drizzle` imported from a `drizzle-orm/<driver>` module (named, renamed or through a namespace). */
function drizzleCalls(sourceFile: SourceFile): CallExpression[] {
  const direct = new Set<string>();
  const namespaces = new Set<string>();
  for (const [local, binding] of importsOf(sourceFile)) {
    if (!DRIZZLE_DRIVER.test(binding.module)) continue;
    if (binding.imported === 'drizzle') direct.add(local);
    else if (binding.imported === '*') namespaces.add(local);
  }
  if (direct.size === 0 && namespaces.size === 0) return [];
  return sourceFile.getDescendantsOfKind(SyntaxKind.CallExpression).filter((call) => {
    const callee = unwrap(call.getExpression());
    if (Node.isIdentifier(callee)) return direct.has(callee.getText()) && !isShadowed(callee, callee.getText());
    if (Node.isPropertyAccessExpression(callee)) {
      const object = unwrap(callee.getExpression());
      return callee.getName() === 'drizzle' && Node.isIdentifier(object) && namespaces.has(object.getText());
    }
    return false;
  });
}

function functionLabel(fn: Node): string {
  if (Node.isFunctionDeclaration(fn) || Node.isMethodDeclaration(fn)) return `${fn.getName() ?? 'a function'}()`;
  const parent = fn.getParent();
  if (Node.isVariableDeclaration(parent) || Node.isPropertyAssignment(parent)) return `${parent.getName()}()`;
  return 'a function';
}

export const contextOnce: ProjectCheck = {
  id: 'context-once',
  meta: {
    description: 'Require the tRPC context to be built only by the adapter and the Drizzle client once, in the db module',
    messages: {
      contextOutsideAdapter: '{{name}} builds a tRPC context outside the adapter wiring; use the ctx the adapter passes',
      clientOutsideDb: 'A Drizzle client is built outside the db module; import the db module’s client instead',
      clientPerCall: 'drizzle() runs inside {{fn}}, a new client per call; build it once at the db module’s top level',
    },
    schema: { type: 'object', additionalProperties: false, properties: {} },
    defaultOptions: {},
  },
  run(context, _options, report) {
    const serverFiles = context.files.filter((file) => context.isServer(file));

    // The context factory: what the adapter wiring passes as createContext.
    const adapterFiles = serverFiles.filter((file) => ADAPTER_TEXT.test(context.text(file)));
    const adapters = adapterFiles.flatMap((file) => adapterCalls(context.sourceFile(file)));
    const factories = new Map<string, Factory>();
    for (const call of adapters) for (const factory of factoriesOf(context, call)) factories.set(`${factory.file}#${factory.local}`, factory);
    if (factories.size > 0) {
      const names = new Set([...factories.values()].flatMap((f) => [f.local, ...exportNamesOf(context.sourceFile(f.file), f.local)]));
      for (const file of serverFiles) {
        const text = context.text(file);
        if (![...names].some((name) => text.includes(name))) continue;
        const sourceFile = context.sourceFile(file);
        // The local names bound to a factory here: its own name in its file, imports of it (renamed too).
        const locals = new Set<string>();
        for (const local of [...importsOf(sourceFile).keys(), ...names]) {
          const binding = bindingOf(context, sourceFile, local);
          if (binding?.kind === 'local' && factories.has(`${binding.file}#${binding.local}`)) locals.add(local);
        }
        for (const identifier of sourceFile.getDescendantsOfKind(SyntaxKind.Identifier)) {
          const name = identifier.getText();
          if (!locals.has(name) || !isValueReference(identifier) || isShadowed(identifier, name)) continue;
          if (adapters.some((call) => call.getSourceFile() === sourceFile && identifier.getFirstAncestor((a) => a === call) !== undefined)) continue;
          report('contextOutsideAdapter', identifier, { name });
        }
      }
    }

    // The Drizzle client: built at module scope of the db module (or in code that runs once there).
    for (const file of serverFiles) {
      if (!DRIZZLE_TEXT.test(context.text(file))) continue;
      const sourceFile = context.sourceFile(file);
      const inDb = context.roles.is(file, 'db');
      for (const call of drizzleCalls(sourceFile)) {
        if (!inDb) {
          report('clientOutsideDb', call);
          continue;
        }
        const fn = enclosingFunction(call);
        if (fn === undefined || functionRunsOnce(fn, 0) || isMemoised(call)) continue;
        report('clientPerCall', call, { fn: functionLabel(fn) });
      }
    }
  },
};
