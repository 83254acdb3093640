import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import { initializerOf, memberName, unwrap } from './ast.js';
import { isUnresolvedType, typeInfo } from './drizzle-db.js';
import { importedNameOf, resolveAliasedVariable } from './modules.js';
import { typeUtils } from './typescript.js';

/**
 * Hono route recognition: `app.get('/path', ...handlers)` (also post/put/patch/delete/all/options,
 * `app.on(method, path, ...)`, `app.openapi(route, handler)`) on an app made by `new Hono()` (from
 * `hono`, `hono/tiny`, `hono/quick`) or `new OpenAPIHono()` (`@hono/zod-openapi`), through `const`
 * aliases, method chains (`new Hono().basePath('/api').get(...)`) and parameters annotated with the
 * app's type; with type information, any value whose type is Hono's.
 */

type AnyContext = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

const HONO_MODULES = new Set(['hono', 'hono/tiny', 'hono/quick']);
const APP_CLASSES: Record<string, ReadonlySet<string>> = { Hono: HONO_MODULES, OpenAPIHono: new Set(['@hono/zod-openapi']) };
const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'all', 'options', 'on', 'openapi']);
/** Methods that return the app (or a sub-app) itself, so a chain on them is still the app. */
const APP_METHODS = new Set([...ROUTE_METHODS, 'use', 'basePath', 'route', 'onError', 'notFound']);
const MAX_DEPTH = 8;

function isAppClass(context: AnyContext, node: TSESTree.Node): boolean {
  const imported = importedNameOf(context, node);
  if (!imported || imported.typeOnly) return false;
  return APP_CLASSES[imported.imported]?.has(imported.source) === true;
}

/** True when the file imports Hono (the cheap gate of the Hono half of a rule). */
export function importsHono(context: AnyContext): boolean {
  return context.sourceCode.ast.body.some(
    (statement) =>
      statement.type === AST_NODE_TYPES.ImportDeclaration &&
      (HONO_MODULES.has(statement.source.value) || statement.source.value === '@hono/zod-openapi' || statement.source.value.startsWith('hono/')),
  );
}

/** A Hono app by syntax: `new Hono()`, a chain on one, a `const` holding one, a parameter typed `Hono`. */
export function isHonoAppBySyntax(context: AnyContext, node: TSESTree.Node, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  const inner = unwrap(node);
  if (inner.type === AST_NODE_TYPES.NewExpression) return isAppClass(context, inner.callee);
  if (inner.type === AST_NODE_TYPES.CallExpression) {
    const callee = unwrap(inner.callee);
    return callee.type === AST_NODE_TYPES.MemberExpression && APP_METHODS.has(memberName(callee) ?? '') && isHonoAppBySyntax(context, callee.object, depth + 1);
  }
  if (inner.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = resolveAliasedVariable(context, inner);
  if (!variable || variable.defs.length !== 1) return false;
  const init = initializerOf(variable, { constOnly: true });
  if (init) return isHonoAppBySyntax(context, init, depth + 1);
  const def = variable.defs[0]!;
  const name = def.name;
  const annotation = name.type === AST_NODE_TYPES.Identifier ? name.typeAnnotation?.typeAnnotation : undefined;
  return annotation?.type === AST_NODE_TYPES.TSTypeReference && isAppClass(context, annotation.typeName);
}

function isHonoAppByType(context: AnyContext, node: TSESTree.Node): boolean {
  const info = typeInfo(context);
  if (!info) return false;
  const type = info.services.getTypeAtLocation(node);
  if (isUnresolvedType(type)) return false;
  const program = info.services.program;
  return (
    typeUtils().typeMatchesSpecifier(type, { from: 'package', package: 'hono', name: 'Hono' }, program) ||
    typeUtils().typeMatchesSpecifier(type, { from: 'package', package: '@hono/zod-openapi', name: 'OpenAPIHono' }, program)
  );
}

export interface HonoRoute {
  /** The route method's property (`get`, `post`, `openapi`…). */
  property: TSESTree.Identifier;
  /** The function arguments: inline middleware and the handler. */
  handlers: (TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression)[];
}

/**
 * The route a call registers, or undefined. The app is recognised by syntax first; the type is
 * asked only for a call shaped like a route (a path string or route object, then a function).
 */
export function honoRoute(context: AnyContext, call: TSESTree.CallExpression): HonoRoute | undefined {
  const callee = unwrap(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.property.type !== AST_NODE_TYPES.Identifier) return undefined;
  const method = memberName(callee);
  if (method === undefined || !ROUTE_METHODS.has(method)) return undefined;
  const handlers = call.arguments.filter(
    (argument): argument is TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression =>
      argument.type === AST_NODE_TYPES.ArrowFunctionExpression || argument.type === AST_NODE_TYPES.FunctionExpression,
  );
  if (handlers.length === 0 || call.arguments[0] === handlers[0]) return undefined;
  if (callee.object.type === AST_NODE_TYPES.Super) return undefined;
  if (!isHonoAppBySyntax(context, callee.object) && !isHonoAppByType(context, callee.object)) return undefined;
  return { property: callee.property, handlers };
}
