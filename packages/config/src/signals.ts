import type { TSESTree } from '@typescript-eslint/types';
import { visitorKeys } from '@typescript-eslint/visitor-keys';
import type { RoleName } from './defaults.js';

/**
 * Content signals: what a file does, read from its syntax tree, so a backend in any layout has
 * its roles without a config. Each signal rests on an import (a library recognised by the module
 * it comes from) and the shape of its use; none on a variable's name. docs/roles.md lists them.
 */

type Node = TSESTree.Node;

interface ImportBinding {
  source: string;
  /** Imported name; `*` for a namespace import, `default` for a default import. */
  imported: string;
}

const TABLE_FACTORIES = new Set([
  'pgTable',
  'pgTableCreator',
  'pgSchema',
  'pgEnum',
  'pgView',
  'pgMaterializedView',
  'mysqlTable',
  'mysqlTableCreator',
  'mysqlSchema',
  'sqliteTable',
  'sqliteTableCreator',
  'singlestoreTable',
]);
const DRIZZLE_CORE = /^drizzle-orm\/[\w-]+-core$/;
const DRIZZLE_DRIVER = /^drizzle-orm\/[\w-]+(?:\/[\w-]+)?$/;
const PROCEDURE_KINDS = new Set(['query', 'mutation', 'subscription']);
const BUILDER_METHODS = new Set(['input', 'output', 'use', 'meta', 'concat', 'unstable_concat']);
const PARSE_METHODS = new Set(['parse', 'safeParse', 'parseAsync', 'safeParseAsync']);
const HONO_APPS: Record<string, ReadonlySet<string>> = {
  hono: new Set(['Hono']),
  'hono/tiny': new Set(['Hono']),
  'hono/quick': new Set(['Hono']),
  '@hono/zod-openapi': new Set(['OpenAPIHono']),
};
const TRPC_FETCH_ADAPTERS: Record<string, ReadonlySet<string>> = {
  '@hono/trpc-server': new Set(['trpcServer']),
  '@trpc/server/adapters/fetch': new Set(['fetchRequestHandler']),
  '@trpc/server/adapters/standalone': new Set(['createHTTPServer', 'createHTTPHandler']),
  '@trpc/server/adapters/express': new Set(['createExpressMiddleware']),
  '@trpc/server/adapters/fastify': new Set(['fastifyTRPCPlugin']),
  '@trpc/server/adapters/next': new Set(['createNextApiHandler']),
};
const SERVERS: Record<string, ReadonlySet<string>> = { '@hono/node-server': new Set(['serve']) };
/** Cron registrations called directly: `new Cron(...)`, `schedule(...)`, `new CronJob(...)`. */
const CRON_CALLS: Record<string, ReadonlySet<string>> = {
  croner: new Set(['Cron', 'default']),
  'node-cron': new Set(['schedule']),
  cron: new Set(['CronJob']),
};
/** Cron registrations through a module object: `cron.schedule(...)`, `CronJob.from(...)`, `schedules.task(...)`. */
const CRON_RECEIVERS: Record<string, ReadonlySet<string>> = {
  'node-cron': new Set(['default', '*']),
  cron: new Set(['CronJob']),
  '@trigger.dev/sdk': new Set(['schedules']),
  '@trigger.dev/sdk/v3': new Set(['schedules']),
};
const CRON_METHODS = new Set(['schedule', 'from', 'task']);
const LOGGERS: Record<string, ReadonlySet<string>> = {
  pino: new Set(['default', 'pino']),
  winston: new Set(['createLogger']),
  consola: new Set(['createConsola']),
  tslog: new Set(['Logger']),
  bunyan: new Set(['createLogger']),
};
const ENV_VALIDATORS = /^@t3-oss\/env-/;

function importBindings(program: TSESTree.Program): Map<string, ImportBinding> {
  const bindings = new Map<string, ImportBinding>();
  for (const statement of program.body) {
    if (statement.type !== 'ImportDeclaration' || statement.importKind === 'type') continue;
    const source = statement.source.value;
    for (const specifier of statement.specifiers) {
      if (specifier.type === 'ImportSpecifier') {
        if (specifier.importKind === 'type') continue;
        const imported = specifier.imported.type === 'Identifier' ? specifier.imported.name : specifier.imported.value;
        bindings.set(specifier.local.name, { source, imported });
      } else {
        bindings.set(specifier.local.name, { source, imported: specifier.type === 'ImportNamespaceSpecifier' ? '*' : 'default' });
      }
    }
  }
  return bindings;
}

// Type positions never hold a signal: the walk skips them (most of a typed file's nodes).
const TYPE_KEYS = new Set(['typeAnnotation', 'returnType', 'typeParameters', 'typeArguments', 'superTypeArguments', 'implements']);
const walkKeys = new Map<string, readonly string[]>();
function keysOf(type: string): readonly string[] {
  let keys = walkKeys.get(type);
  if (!keys) {
    keys = (visitorKeys[type as keyof typeof visitorKeys] ?? []).filter((key) => !TYPE_KEYS.has(key));
    walkKeys.set(type, keys);
  }
  return keys;
}

/** Pushes a node's children (by typescript-eslint's visitor keys, type positions left out). */
function pushChildren(node: Node, stack: Node[]): void {
  for (const key of keysOf(node.type)) {
    const value = (node as unknown as Record<string, unknown>)[key];
    if (Array.isArray(value)) {
      for (const item of value as Array<Node | null>) if (item) stack.push(item);
    } else if (value) {
      stack.push(value as Node);
    }
  }
}

function stripWrappers(node: Node): Node {
  let current = node;
  while (
    current.type === 'TSAsExpression' ||
    current.type === 'TSSatisfiesExpression' ||
    current.type === 'TSNonNullExpression' ||
    current.type === 'ChainExpression' ||
    current.type === 'AwaitExpression'
  ) {
    current = current.type === 'AwaitExpression' ? current.argument : current.expression;
  }
  return current;
}

function propertyName(node: Node): string | undefined {
  if (node.type !== 'MemberExpression') return undefined;
  if (!node.computed && node.property.type === 'Identifier') return node.property.name;
  return node.property.type === 'Literal' && typeof node.property.value === 'string' ? node.property.value : undefined;
}

const isFunction = (node: Node | undefined): boolean =>
  node !== undefined && (node.type === 'ArrowFunctionExpression' || node.type === 'FunctionExpression');

/** `process.env`, `Bun.env`, `import.meta.env`. */
function isEnvObject(node: Node): boolean {
  if (node.type !== 'MemberExpression' || propertyName(node) !== 'env') return false;
  const object = node.object;
  if (object.type === 'Identifier') return object.name === 'process' || object.name === 'Bun';
  return object.type === 'MetaProperty';
}

/**
 * A tRPC procedure: `builder[.input(..).use(..)].query|mutation|subscription(resolver)`, the
 * resolver a function or a reference to one (a SQL client's `db.query('select …')` takes a string).
 */
function isProcedureCall(node: Node): boolean {
  if (node.type !== 'CallExpression') return false;
  const callee = stripWrappers(node.callee);
  const kind = propertyName(callee);
  if (kind === undefined || !PROCEDURE_KINDS.has(kind) || callee.type !== 'MemberExpression') return false;
  const resolver = node.arguments[0];
  if (!resolver || !(isFunction(resolver) || resolver.type === 'Identifier' || resolver.type === 'MemberExpression')) return false;
  let object = stripWrappers(callee.object);
  while (object.type === 'CallExpression') {
    const inner = stripWrappers(object.callee);
    const method = propertyName(inner);
    if (method === undefined || inner.type !== 'MemberExpression' || !BUILDER_METHODS.has(method)) return false;
    object = stripWrappers(inner.object);
  }
  return object.type === 'Identifier' || object.type === 'MemberExpression';
}

export interface SignalOptions {
  /** Configured tier builder names: a file that defines them is the tRPC core. */
  tiers: ReadonlySet<string>;
}

/** The roles a file's content gives it (before globs refine them). */
export function contentRoles(program: TSESTree.Program, options: SignalOptions): Set<RoleName> {
  const roles = new Set<RoleName>();
  const imports = importBindings(program);
  if (program.body.length === 0) return roles;

  const importOf = (node: Node): ImportBinding | undefined => {
    const value = stripWrappers(node);
    if (value.type === 'Identifier') return imports.get(value.name);
    // `ns.member` through `import * as ns` or a default-imported module object.
    if (value.type === 'MemberExpression' && value.object.type === 'Identifier') {
      const base = imports.get(value.object.name);
      const name = propertyName(value);
      if (base && name !== undefined && (base.imported === '*' || base.imported === 'default')) return { source: base.source, imported: name };
    }
    return undefined;
  };

  // Variables initialised by a call whose object argument mounts imported routers.
  const mergedRouters = new Set<string>();
  // Loggers created here, and what the module exports: the logger module exports the one it makes.
  const createdLoggers = new Set<string>();
  const exportedNames = new Set<string>();
  const createsLogger = (node: Node | null | undefined): boolean => {
    const value = node ? stripWrappers(node) : undefined;
    if (value?.type !== 'CallExpression' && value?.type !== 'NewExpression') return false;
    const origin = importOf(value.callee);
    return origin !== undefined && LOGGERS[origin.source]?.has(origin.imported) === true;
  };
  const typeofExports: string[] = [];
  let honoApp = false;
  let serves = false;

  const mountsImportedRouters = (call: TSESTree.CallExpression): boolean => {
    const callee = stripWrappers(call.callee);
    // tRPC's `t.mergeRouters(a, b)`, or the core's re-export of it.
    const merge = callee.type === 'Identifier' ? callee.name : propertyName(callee);
    if (merge === 'mergeRouters') return call.arguments.some((argument) => importOf(argument) !== undefined);
    const object = call.arguments[0];
    if (call.arguments.length !== 1 || object?.type !== 'ObjectExpression') return false;
    return object.properties.some((p) => p.type === 'Property' && importOf(p.value) !== undefined && !importOf(p.value)!.source.startsWith('@trpc/'));
  };

  const stack: Node[] = [program];
  while (stack.length > 0) {
    const node = stack.pop()!;
    switch (node.type) {
      case 'CallExpression':
      case 'NewExpression': {
        const callee = stripWrappers(node.callee);
        const origin = importOf(callee);
        if (origin) {
          if (origin.imported === 'drizzle' && DRIZZLE_DRIVER.test(origin.source) && !DRIZZLE_CORE.test(origin.source)) roles.add('db');
          if (DRIZZLE_CORE.test(origin.source) && TABLE_FACTORIES.has(origin.imported)) roles.add('schema');
          if (HONO_APPS[origin.source]?.has(origin.imported) && node.type === 'NewExpression') honoApp = true;
          if (TRPC_FETCH_ADAPTERS[origin.source]?.has(origin.imported) || SERVERS[origin.source]?.has(origin.imported)) serves = true;
          if (CRON_CALLS[origin.source]?.has(origin.imported)) roles.add('scheduler');
          if (ENV_VALIDATORS.test(origin.source) && origin.imported === 'createEnv') roles.add('env');
          if (origin.source === 'svix' && origin.imported === 'Webhook' && node.type === 'NewExpression') roles.add('webhooks');
          if (origin.source.startsWith('@clerk/') && origin.imported === 'verifyWebhook') roles.add('webhooks');
        }
        if (callee.type === 'MemberExpression') {
          const method = propertyName(callee);
          const receiver = stripWrappers(callee.object);
          // `cron.schedule(...)` (node-cron), `schedules.task(...)` (Trigger.dev), `CronJob.from(...)`.
          const receiverOrigin = importOf(receiver);
          if (receiverOrigin && method !== undefined && CRON_RECEIVERS[receiverOrigin.source]?.has(receiverOrigin.imported) && CRON_METHODS.has(method)) {
            roles.add('scheduler');
          }
          if (receiver.type === 'Identifier' && receiver.name === 'Bun' && (method === 'cron' || method === 'serve')) {
            if (method === 'cron') roles.add('scheduler');
            else serves = true;
          }
          // Stripe's `stripe.webhooks.constructEvent(...)`.
          if ((method === 'constructEvent' || method === 'constructEventAsync') && propertyName(receiver) === 'webhooks') roles.add('webhooks');
          // Zod (or any schema library) validating the environment: `schema.parse(process.env)`.
          if (method !== undefined && PARSE_METHODS.has(method)) {
            const argument = node.arguments[0];
            if (
              argument &&
              (isEnvObject(stripWrappers(argument)) ||
                (argument.type === 'ObjectExpression' && argument.properties.some((p) => p.type === 'SpreadElement' && isEnvObject(stripWrappers(p.argument)))))
            ) {
              roles.add('env');
            }
          }
          // A Hono route registered for a webhook path with its handler inline.
          if ((method === 'post' || method === 'put' || method === 'all') && node.arguments.length >= 2) {
            const pathArgument = node.arguments[0]!;
            const routePath = pathArgument.type === 'Literal' && typeof pathArgument.value === 'string' ? pathArgument.value : undefined;
            if (routePath !== undefined && /webhook/i.test(routePath) && node.arguments.slice(1).some((a) => isFunction(a))) roles.add('webhooks');
          }
        }
        if (node.type === 'CallExpression' && isProcedureCall(node)) roles.add('routers');
        break;
      }
      case 'MemberExpression': {
        const origin = importOf(node.object);
        if (origin?.source === '@trpc/server' && origin.imported === 'initTRPC') roles.add('trpcCore');
        if (propertyName(node) === 'initTRPC' && origin === undefined) {
          const base = importOf(node);
          if (base?.source === '@trpc/server') roles.add('trpcCore');
        }
        break;
      }
      case 'VariableDeclarator': {
        if (node.id.type !== 'Identifier' || !node.init) break;
        const init = stripWrappers(node.init);
        // A tier builder defined here (`export const protectedProcedure = t.procedure.use(...)`).
        if (options.tiers.has(node.id.name) && (init.type === 'CallExpression' || init.type === 'MemberExpression')) roles.add('trpcCore');
        if (init.type === 'CallExpression' && mountsImportedRouters(init)) mergedRouters.add(node.id.name);
        if (createsLogger(init)) createdLoggers.add(node.id.name);
        break;
      }
      case 'ExportDefaultDeclaration': {
        const value = node.declaration;
        if (createsLogger(value as Node)) roles.add('logger');
        if (value.type === 'Identifier') exportedNames.add(value.name);
        break;
      }
      case 'ExportNamedDeclaration': {
        if (node.declaration?.type === 'VariableDeclaration') {
          for (const declarator of node.declaration.declarations) if (declarator.id.type === 'Identifier') exportedNames.add(declarator.id.name);
        }
        for (const specifier of node.specifiers) if (specifier.local.type === 'Identifier') exportedNames.add(specifier.local.name);
        // `export type AppRouter = typeof appRouter`: the router the client's types come from.
        const alias = node.declaration;
        if (alias?.type === 'TSTypeAliasDeclaration' && alias.typeAnnotation.type === 'TSTypeQuery' && alias.typeAnnotation.exprName.type === 'Identifier') {
          typeofExports.push(alias.typeAnnotation.exprName.name);
        }
        break;
      }
      default:
        break;
    }
    pushChildren(node, stack);
  }

  if (honoApp && serves) roles.add('honoEntry');
  if ([...createdLoggers].some((name) => exportedNames.has(name))) roles.add('logger');
  if (typeofExports.some((name) => mergedRouters.has(name))) {
    roles.add('appRouter');
    // Procedures written inline in the app router belong to it, not to a domain router.
    roles.delete('routers');
  }
  return roles;
}

/** Modules whose import makes a file client code (a browser or React Native bundle). */
const CLIENT_MODULES = /^(?:react|react-dom|react-native|next\/(?:navigation|link|router|image|dynamic|script|font)|@tanstack\/(?:react|vue|solid|svelte)-[\w-]+|@trpc\/(?:react-query|tanstack-react-query|next)|vue|nuxt|svelte|@sveltejs\/kit|solid-js|expo(?:-[\w-]+)?|astro)(?:\/.*)?$/;

/** True when a file's imports make it client code. */
export function importsClientCode(specifiers: Iterable<string>): boolean {
  for (const specifier of specifiers) if (CLIENT_MODULES.test(specifier)) return true;
  return false;
}

/** The module specifiers a program imports (values and types alike: a type import from React is a component's). */
export function importSpecifiers(program: TSESTree.Program): string[] {
  const specifiers: string[] = [];
  for (const statement of program.body) {
    if (statement.type === 'ImportDeclaration') specifiers.push(statement.source.value);
  }
  return specifiers;
}

/** A `'use client'` directive at the top of the file. */
export function hasUseClient(program: TSESTree.Program): boolean {
  for (const statement of program.body) {
    if (statement.type !== 'ExpressionStatement' || statement.directive === undefined) return false;
    if (statement.directive === 'use client') return true;
  }
  return false;
}

/**
 * Whether a file's text holds any token a content signal needs, so a file read from disk (an
 * import's target, `backend-guard roles`) is parsed only when it may have a signal at all.
 */
export function mayHaveSignals(text: string, tiers: ReadonlySet<string>): boolean {
  if (SIGNAL_TOKENS.test(text)) return true;
  for (const tier of tiers) if (text.includes(tier)) return true;
  return false;
}

const SIGNAL_TOKENS =
  /initTRPC|\.(?:query|mutation|subscription)\s*\(|type\s+[\w$]+\s*=\s*typeof|Hono|drizzle\s*\(|(?:Table|Enum|Schema|View|TableCreator)\s*\(|process\.env|Bun\.|import\.meta\.env|createEnv|pino|winston|consola|tslog|bunyan|ebhook|constructEvent|[Cc]ron|schedule/;
