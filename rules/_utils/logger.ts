import { createModuleMatcher, type Guard, type ModuleMatcher } from '@backend-guard/config';
import type { TypeOrValueSpecifier } from '@typescript-eslint/type-utils';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import { initializerOf, memberName, staticString, unwrap, variableOf } from './ast.js';
import { isUnresolvedType } from './drizzle-db.js';
import { getGuard } from './guard.js';
import { importedNameOfVariable, importOfTypeAnnotation, isGlobalReference, resolveAliasedVariable, resolveRelativeModule } from './modules.js';
import { resolveProjectModule } from './project-modules.js';
import { getProcedure, isTrpcInstanceExpression, resolveBuilder } from './trpc.js';
import { typeServices } from './type-services.js';
import { typeUtils } from './typescript.js';

/**
 * Logger recognition shared by the logging rules. A logger is known by where it comes from, never
 * by its name: the global `console`; an import of a logging library (config `loggers`) or of the
 * project's logger module (role `logger`); a `const` derived from one (`.child()`, `??`); a
 * parameter annotated with a logger type from those modules; the request-scoped logger of a tRPC
 * resolver or middleware (`ctx.logger`) or of a Hono handler (`c.var.logger`, `c.get('logger')`);
 * and, with type information, any value whose type is a logging library's logger.
 */

type AnyContext = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;
type Node = TSESTree.Node;

/**
 * Where a logger comes from:
 * - `console`: the global console;
 * - `module`: bound at module level (an import, or derived from one), the same for every request;
 * - `request`: the request-scoped logger of a tRPC context or a Hono context;
 * - `passed`: handed in (a parameter, or known by its type only), scope unknown.
 */
export type LoggerOrigin = 'console' | 'module' | 'request' | 'passed';

/** Methods that write a log line, across pino, winston, consola, bunyan, tslog, log4js and console. */
export const LOG_METHODS: ReadonlySet<string> = new Set([
  'trace',
  'debug',
  'info',
  'warn',
  'warning',
  'error',
  'fatal',
  'log',
  'verbose',
  'silly',
  'notice',
  'success',
  'fail',
  'critical',
  'http',
  // console's own: they print their arguments too.
  'table',
  'dir',
]);

/** Methods that make a child logger whose bindings are written on every line it logs. */
export const CHILD_METHODS: ReadonlySet<string> = new Set(['child', 'withTag', 'getChild', 'getSubLogger', 'with']);

/** Property names under which request contexts carry their logger (`ctx.logger`, `c.var.log`). */
const CONTEXT_LOGGER_KEYS = new Set(['logger', 'log']);

/** Logger types of the logging libraries, for the typed fallback. */
const LOGGER_TYPES: TypeOrValueSpecifier[] = [
  { from: 'package', package: 'pino', name: ['Logger', 'BaseLogger'] },
  { from: 'package', package: 'winston', name: ['Logger'] },
  { from: 'package', package: 'consola', name: ['ConsolaInstance', 'Consola'] },
  { from: 'package', package: 'bunyan', name: ['Logger'] },
  { from: 'package', package: 'tslog', name: ['Logger', 'BaseLogger'] },
  { from: 'package', package: 'log4js', name: ['Logger'] },
  { from: 'package', package: 'loglevel', name: ['Logger', 'RootLogger'] },
  { from: 'package', package: '@logtape/logtape', name: ['Logger'] },
  { from: 'lib', name: ['Console'] },
];

export interface LogCall {
  call: TSESTree.CallExpression;
  /** The method called: a LOG_METHODS or CHILD_METHODS name. */
  method: string;
  /** The logger expression (`ctx.logger` in `ctx.logger.info(...)`). */
  logger: TSESTree.Expression;
  origin: LoggerOrigin;
}

const MAX_DEPTH = 6;
const loggerMatchers = new WeakMap<Guard, ModuleMatcher>();

function loggerModule(guard: Guard): ModuleMatcher {
  let matcher = loggerMatchers.get(guard);
  if (!matcher) {
    matcher = createModuleMatcher(guard.config.loggers);
    loggerMatchers.set(guard, matcher);
  }
  return matcher;
}

const sourceCache = new WeakMap<object, Map<string, boolean>>();

/** True when `source`, imported by the linted file, is a logging library or the project's logger module. */
export function isLoggerSource(context: AnyContext, source: string): boolean {
  // Resolving a relative specifier touches the disk: once per file and specifier.
  let perFile = sourceCache.get(context.sourceCode);
  if (!perFile) {
    perFile = new Map();
    sourceCache.set(context.sourceCode, perFile);
  }
  let result = perFile.get(source);
  if (result === undefined) {
    const guard = getGuard(context);
    const library = loggerModule(guard)(source) !== undefined;
    const target = library ? undefined : resolveRelativeModule(context.filename, source);
    result = library || (target !== undefined && guard.roles.is(target, 'logger'));
    perFile.set(source, result);
  }
  return result;
}

/** A type annotation naming a type imported from a logging library or the logger module (`log: Logger`). */
function isLoggerAnnotation(context: AnyContext, annotation: TSESTree.TypeNode | undefined): boolean {
  const imported = importOfTypeAnnotation(context, annotation);
  return imported !== undefined && isLoggerSource(context, imported.source);
}

type FunctionNode = TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression | TSESTree.FunctionDeclaration;

function isFunction(node: Node | undefined): node is FunctionNode {
  return (
    node?.type === AST_NODE_TYPES.ArrowFunctionExpression ||
    node?.type === AST_NODE_TYPES.FunctionExpression ||
    node?.type === AST_NODE_TYPES.FunctionDeclaration
  );
}

/**
 * True when `fn` is a tRPC procedure's resolver (`.query(fn)`, `.mutation(fn)`) or a middleware
 * on a builder chain (`.use(fn)`) or made by the tRPC instance (`t.middleware(fn)`): its first
 * parameter holds `ctx` and `input`.
 */
export function isProcedureFunction(context: AnyContext, fn: FunctionNode): boolean {
  const call = fn.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || call.arguments[0] !== fn) return false;
  if (getProcedure(context, call)) return true;
  const callee = unwrap(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const method = memberName(callee);
  if (method === 'use') return resolveBuilder(context, callee.object) !== undefined;
  // `t.middleware(fn)`: a middleware defined apart from the chain it is used on.
  return method === 'middleware' && isTrpcInstanceExpression(context, callee.object);
}

/**
 * The procedure function whose options a name comes from: `({ ctx, input }) => ...` binds `ctx`
 * and `input`, `(opts) => opts.ctx` binds `opts`. Returns the key (`ctx`, `input`, or `*` for the
 * whole options object) when `variable` is such a binding.
 */
export function procedureOptionOf(context: AnyContext, variable: TSESLint.Scope.Variable | null): string | undefined {
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.type !== 'Parameter' || !isFunction(def.node)) return undefined;
  const first = def.node.params[0];
  if (!first) return undefined;
  let key: string | undefined;
  if (first === def.name) key = '*';
  else if (first.type === AST_NODE_TYPES.ObjectPattern) {
    for (const property of first.properties) {
      if (property.type !== AST_NODE_TYPES.Property || property.computed || property.key.type !== AST_NODE_TYPES.Identifier) continue;
      const value = property.value.type === AST_NODE_TYPES.AssignmentPattern ? property.value.left : property.value;
      if (value === def.name) key = property.key.name;
    }
  }
  if (key === undefined || !isProcedureFunction(context, def.node)) return undefined;
  return key;
}

/** `ctx` of a procedure resolver or middleware, or `opts.ctx`. */
export function isProcedureContext(context: AnyContext, node: Node): boolean {
  const inner = unwrap(node);
  if (inner.type === AST_NODE_TYPES.Identifier) return procedureOptionOf(context, variableOf(context, inner)) === 'ctx';
  if (inner.type === AST_NODE_TYPES.MemberExpression && memberName(inner) === 'ctx') {
    const object = unwrap(inner.object);
    return object.type === AST_NODE_TYPES.Identifier && procedureOptionOf(context, variableOf(context, object)) === '*';
  }
  return false;
}

const HONO_MODULES = (source: string): boolean => source === 'hono' || source.startsWith('hono/');

/** `new Hono()` (imported from hono), directly or through a `const`. */
function isHonoApp(context: AnyContext, node: Node, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  const inner = unwrap(node);
  if (inner.type === AST_NODE_TYPES.Identifier) {
    const init = initializerOf(resolveAliasedVariable(context, inner));
    return init !== undefined && isHonoApp(context, init, depth + 1);
  }
  if (inner.type === AST_NODE_TYPES.NewExpression) {
    const callee = unwrap(inner.callee);
    if (callee.type !== AST_NODE_TYPES.Identifier) return false;
    const variable = variableOf(context, callee);
    const imported = variable ? importedNameOfVariable(context, variable) : undefined;
    return imported !== undefined && !imported.typeOnly && HONO_MODULES(imported.source);
  }
  // `app.basePath('/api')`, `new Hono().route(...)`: still the app.
  if (inner.type === AST_NODE_TYPES.CallExpression && inner.callee.type === AST_NODE_TYPES.MemberExpression) {
    return isHonoApp(context, inner.callee.object, depth + 1);
  }
  return false;
}

/**
 * A Hono handler's context: a parameter annotated with a type imported from hono (`c: Context`),
 * or the first parameter of a function passed to a method of a Hono app (`app.get('/', (c) => ...)`).
 */
export function isHonoContext(context: AnyContext, node: Node): boolean {
  const inner = unwrap(node);
  if (inner.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = variableOf(context, inner);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.type !== 'Parameter' || def.name.type !== AST_NODE_TYPES.Identifier || !isFunction(def.node)) return false;
  const annotation = def.name.typeAnnotation?.typeAnnotation;
  if (annotation?.type === AST_NODE_TYPES.TSTypeReference) {
    let name: TSESTree.EntityName = annotation.typeName;
    while (name.type === AST_NODE_TYPES.TSQualifiedName) name = name.left;
    if (name.type === AST_NODE_TYPES.Identifier) {
      const typeVariable = variableOf(context, name);
      const imported = typeVariable ? importedNameOfVariable(context, typeVariable) : undefined;
      if (imported && HONO_MODULES(imported.source)) return true;
    }
  }
  const fn = def.node;
  const call = fn.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || !call.arguments.includes(fn as TSESTree.Expression)) return false;
  const callee = unwrap(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  // `app.onError((err, c) => ...)` hands the context second; every other handler first.
  const position = memberName(callee) === 'onError' ? 1 : 0;
  return fn.params[position] === def.name && isHonoApp(context, callee.object);
}

function combine(a: LoggerOrigin | undefined, b: LoggerOrigin | undefined): LoggerOrigin | undefined {
  if (a === undefined) return b;
  if (b === undefined || a === b) return a;
  // `options.log ?? rootLogger`: either may be the one used.
  return 'passed';
}

/** The type annotation of `node` when it names a plain (not destructured) parameter: `ctx` of `(ctx: Context)`. */
function parameterAnnotation(context: AnyContext, node: Node): TSESTree.TypeNode | undefined {
  if (node.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = variableOf(context, node);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.type !== 'Parameter' || def.name.type !== AST_NODE_TYPES.Identifier) return undefined;
  return def.name.typeAnnotation?.typeAnnotation;
}

/**
 * A parameter annotated with a type the tRPC core modules export (`ctx: AuthedContext`, also as a
 * member of an intersection): the context the procedure passes on to a service. Syntax gives what
 * types would (its logger is the context's), without building a program to ask.
 */
function isCoreContextParameter(context: AnyContext, node: Node): boolean {
  const annotation = parameterAnnotation(context, node);
  const members = annotation?.type === AST_NODE_TYPES.TSIntersectionType ? annotation.types : [annotation];
  return members.some((member) => {
    const imported = importOfTypeAnnotation(context, member);
    if (imported === undefined) return false;
    const target = resolveProjectModule(context.filename, imported.source);
    return target !== undefined && getGuard(context).roles.is(target, 'trpcCore');
  });
}

/** The interface or type alias `name` declared at the top of the file (exported or not). */
function topLevelTypeDeclaration(context: AnyContext, name: string): TSESTree.TSInterfaceDeclaration | TSESTree.TSTypeAliasDeclaration | undefined {
  for (const statement of context.sourceCode.ast.body) {
    const declaration = statement.type === AST_NODE_TYPES.ExportNamedDeclaration ? statement.declaration : statement;
    if ((declaration?.type === AST_NODE_TYPES.TSInterfaceDeclaration || declaration?.type === AST_NODE_TYPES.TSTypeAliasDeclaration) && declaration.id.name === name) return declaration;
  }
  return undefined;
}

/**
 * The annotated type of member `name` of parameter `node`, when the parameter's type is a type
 * literal or an interface or type alias of the same file (`(options: CreateContextOptions)` with
 * `interface CreateContextOptions { logger: Logger }`).
 */
function declaredMemberType(context: AnyContext, node: Node, name: string): TSESTree.TypeNode | undefined {
  let annotation = parameterAnnotation(context, node);
  let members: TSESTree.TypeElement[] | undefined;
  for (let depth = 0; annotation !== undefined && members === undefined && depth < 3; depth++) {
    if (annotation.type === AST_NODE_TYPES.TSTypeLiteral) members = annotation.members;
    else if (annotation.type === AST_NODE_TYPES.TSTypeReference && annotation.typeName.type === AST_NODE_TYPES.Identifier && !annotation.typeArguments) {
      const declaration = topLevelTypeDeclaration(context, annotation.typeName.name);
      if (declaration?.type === AST_NODE_TYPES.TSInterfaceDeclaration) members = declaration.body.body;
      else if (declaration?.type === AST_NODE_TYPES.TSTypeAliasDeclaration) annotation = declaration.typeAnnotation;
      else return undefined;
    } else return undefined;
  }
  const member = members?.find(
    (element): element is TSESTree.TSPropertySignature =>
      element.type === AST_NODE_TYPES.TSPropertySignature && !element.computed && element.key.type === AST_NODE_TYPES.Identifier && element.key.name === name,
  );
  return member?.typeAnnotation?.typeAnnotation;
}

/** Is the variable declared at module level (the same value for every request)? */
function isModuleLevel(variable: TSESLint.Scope.Variable): boolean {
  return variable.scope.type === 'module' || variable.scope.type === 'global';
}

/** Where the logger `node` comes from, by syntax; undefined when it is not recognisably a logger. */
export function loggerOrigin(context: AnyContext, node: Node, depth = 0): LoggerOrigin | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const inner = unwrap(node);
  switch (inner.type) {
    case AST_NODE_TYPES.Identifier: {
      if (inner.name === 'console' && isGlobalReference(context, inner, 'console')) return 'console';
      const variable = resolveAliasedVariable(context, inner);
      if (!variable || variable.defs.length !== 1) return undefined;
      const imported = importedNameOfVariable(context, variable);
      if (imported) return !imported.typeOnly && isLoggerSource(context, imported.source) ? 'module' : undefined;
      const def = variable.defs[0]!;
      if (def.type === 'Parameter') {
        if (def.name.type === AST_NODE_TYPES.Identifier && isLoggerAnnotation(context, def.name.typeAnnotation?.typeAnnotation)) return 'passed';
        // `({ ctx: { logger } }) =>` is rare; `({ logger }) =>` of a Hono/tRPC options object is not a pattern of either.
        return undefined;
      }
      if (def.type === 'Variable' && def.name.type === AST_NODE_TYPES.Identifier) {
        if (isLoggerAnnotation(context, def.name.typeAnnotation?.typeAnnotation) && isModuleLevel(variable)) return 'module';
        const init = initializerOf(variable);
        if (!init) return undefined;
        const origin = loggerOrigin(context, init, depth + 1);
        // A module-level `const log = ctxFree.child(...)` is a module logger whatever it derives from.
        return origin !== undefined && isModuleLevel(variable) && origin !== 'console' ? 'module' : origin;
      }
      return undefined;
    }
    case AST_NODE_TYPES.MemberExpression: {
      const name = memberName(inner);
      if (name === undefined) return undefined;
      const object = unwrap(inner.object);
      if (CONTEXT_LOGGER_KEYS.has(name)) {
        if (isProcedureContext(context, object)) return 'request';
        // Hono: `c.var.logger`.
        if (object.type === AST_NODE_TYPES.MemberExpression && memberName(object) === 'var' && isHonoContext(context, object.object)) return 'request';
        // A service's `ctx: Context`: the procedure's context handed on, typed by the tRPC core.
        if (isCoreContextParameter(context, object)) return 'passed';
      }
      // `options.logger` of `(options: { logger: Logger })` or of a local interface that says so.
      if (isLoggerAnnotation(context, declaredMemberType(context, object, name))) return 'passed';
      // `ns.logger` on a namespace import of the logger module, `winston.default`.
      if (object.type === AST_NODE_TYPES.Identifier) {
        const variable = resolveAliasedVariable(context, object);
        const imported = variable ? importedNameOfVariable(context, variable) : undefined;
        if (imported && !imported.typeOnly && imported.imported === '*' && isLoggerSource(context, imported.source)) return 'module';
      }
      return undefined;
    }
    case AST_NODE_TYPES.CallExpression: {
      const callee = unwrap(inner.callee);
      if (callee.type === AST_NODE_TYPES.MemberExpression) {
        const method = memberName(callee);
        // `logger.child({...})`
        if (method !== undefined && CHILD_METHODS.has(method)) return loggerOrigin(context, callee.object, depth + 1);
        // Hono: `c.get('logger')`.
        if (method === 'get' && CONTEXT_LOGGER_KEYS.has(staticString(inner.arguments[0]) ?? '') && isHonoContext(context, callee.object)) return 'request';
        // A factory reached through a library import: `winston.createLogger()`, `pino.default()`.
        const origin = loggerOrigin(context, callee.object, depth + 1);
        return origin === 'module' ? 'module' : undefined;
      }
      // A factory imported from a logging library: `pino()`, `createConsola()`, `getLogger()`.
      if (callee.type === AST_NODE_TYPES.Identifier) {
        const variable = resolveAliasedVariable(context, callee);
        const imported = variable ? importedNameOfVariable(context, variable) : undefined;
        if (imported && !imported.typeOnly && loggerModule(getGuard(context))(imported.source) !== undefined) return 'module';
      }
      return undefined;
    }
    case AST_NODE_TYPES.NewExpression: {
      // `new winston.Logger()`, `new Logger()` from tslog: a module logger when stored at module level.
      const callee = unwrap(inner.callee);
      const base = callee.type === AST_NODE_TYPES.MemberExpression ? unwrap(callee.object) : callee;
      if (base.type !== AST_NODE_TYPES.Identifier) return undefined;
      const variable = resolveAliasedVariable(context, base);
      const imported = variable ? importedNameOfVariable(context, variable) : undefined;
      return imported && !imported.typeOnly && loggerModule(getGuard(context))(imported.source) !== undefined ? 'module' : undefined;
    }
    case AST_NODE_TYPES.LogicalExpression:
      if (inner.operator === '&&') return undefined;
      return combine(loggerOrigin(context, inner.left, depth + 1), loggerOrigin(context, inner.right, depth + 1));
    case AST_NODE_TYPES.ConditionalExpression:
      return combine(loggerOrigin(context, inner.consequent, depth + 1), loggerOrigin(context, inner.alternate, depth + 1));
    default:
      return undefined;
  }
}

/**
 * With type information: the logger's type is a logging library's logger (or `Console`), or a type
 * declared in the project's logger module. Undefined when types are unavailable or do not resolve.
 */
function loggerByType(context: AnyContext, node: Node): boolean | undefined {
  const info = typeServices(context);
  if (!info) return undefined;
  const type = info.services.getTypeAtLocation(node);
  if (isUnresolvedType(type)) return undefined;
  const program = info.services.program;
  if (typeUtils().typeMatchesSomeSpecifier(type, LOGGER_TYPES, program)) return true;
  const guard = getGuard(context);
  const symbol = type.aliasSymbol ?? type.getSymbol();
  return (symbol?.declarations ?? []).some((declaration) => guard.roles.is(declaration.getSourceFile().fileName, 'logger'));
}

const cache = new WeakMap<TSESTree.CallExpression, LogCall | null>();

/**
 * The log call `call` is, when it is one: `<logger>.<level>(...)` (or `.child(...)`, whose bindings
 * are logged on every line) on a recognised logger. Syntax first; types only for a member call
 * with a log method name that syntax could not place.
 */
export function logCallOf(context: AnyContext, call: TSESTree.CallExpression): LogCall | undefined {
  const cached = cache.get(call);
  if (cached !== undefined) return cached ?? undefined;
  let result: LogCall | null = null;
  const callee = unwrap(call.callee);
  const method = callee.type === AST_NODE_TYPES.MemberExpression ? memberName(callee) : undefined;
  if (callee.type === AST_NODE_TYPES.MemberExpression && method !== undefined && (LOG_METHODS.has(method) || CHILD_METHODS.has(method))) {
    const logger = callee.object as TSESTree.Expression;
    let origin = logger.type === AST_NODE_TYPES.Super ? undefined : loggerOrigin(context, logger);
    if (origin === undefined && logger.type !== AST_NODE_TYPES.Super && (LOG_METHODS.has(method) || method === 'child')) {
      if (loggerByType(context, logger)) origin = typedOrigin(context, logger);
    }
    if (origin !== undefined) result = { call, method, logger, origin };
  }
  cache.set(call, result);
  return result ?? undefined;
}

/** The origin of a logger known by its type: module-level when it is a module-level binding. */
function typedOrigin(context: AnyContext, node: Node): LoggerOrigin {
  const inner = unwrap(node);
  if (inner.type === AST_NODE_TYPES.Identifier) {
    const variable = resolveAliasedVariable(context, inner);
    if (variable && isModuleLevel(variable) && variable.defs.length > 0) return 'module';
  }
  return 'passed';
}
