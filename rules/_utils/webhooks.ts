import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import { memberName, staticString, unwrap } from './ast.js';
import { forEachCall, isFunctionNode, resolveFunction, walk, type FunctionNode, type ModuleView } from './module-view.js';

/** Route registration methods of Hono, Express, Fastify-style routers that take a path and handlers. */
const ROUTE_METHODS = new Set(['post', 'put', 'patch', 'all']);
/** Hono's `app.on('POST', path, handler)`. */
const ON_METHOD = 'on';
const OPENAPI_METHOD = 'openapi';

/** The `method` and `path` properties of `createRoute({ … })` (or of the object literal itself). */
function routeConfig(node: TSESTree.Node, view: ModuleView): { method?: TSESTree.Node; path?: TSESTree.Node } | undefined {
  let inner = unwrap(node);
  // `const route = createRoute({ … })` declared at module level.
  if (inner.type === AST_NODE_TYPES.Identifier) inner = unwrap(view.constants.get(inner.name) ?? inner);
  if (inner.type === AST_NODE_TYPES.CallExpression && inner.arguments.length === 1 && inner.arguments[0]) inner = unwrap(inner.arguments[0]);
  if (inner.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
  const config: { method?: TSESTree.Node; path?: TSESTree.Node } = {};
  for (const property of inner.properties) {
    if (property.type !== AST_NODE_TYPES.Property || property.computed || property.key.type !== AST_NODE_TYPES.Identifier) continue;
    if (property.key.name === 'method') config.method = property.value;
    else if (property.key.name === 'path') config.path = property.value;
  }
  return config;
}

/** Request methods and getters that parse the body into a value. */
const PARSE_READS = new Set(['json', 'parseBody', 'formData', 'valid']);
/** Reads of the raw body: what a signature is computed over, so reading them is not using the payload. */
const RAW_READS = new Set(['text', 'arrayBuffer', 'blob']);

export interface WebhookHandler {
  fn: FunctionNode;
  /** The module the function lives in (the linted file, or an imported module for a named handler). */
  view: ModuleView;
  /** Where a finding about the handler as a whole is reported, in the linted file. */
  anchor: TSESTree.Node;
  /** Route middlewares registered before the handler (`zValidator('json', …)` parses the body first). */
  middlewares: TSESTree.Node[];
  /** True when the function is in the linted file (positions inside it can be reported). */
  local: boolean;
}

function routePath(call: TSESTree.CallExpression, view: ModuleView): { path: TSESTree.Node; rest: TSESTree.CallExpressionArgument[] } | undefined {
  const name = memberName(call.callee);
  if (name === undefined) return undefined;
  if (ROUTE_METHODS.has(name)) {
    const [first, ...rest] = call.arguments;
    return first && staticPathLike(first) ? { path: first, rest } : undefined;
  }
  // `app.openapi(createRoute({ method: 'post', path }), handler)` of @hono/zod-openapi.
  if (name === OPENAPI_METHOD) {
    const [route, ...rest] = call.arguments;
    const config = route && routeConfig(route, view);
    if (!config) return undefined;
    const method = staticString(config.method)?.toUpperCase();
    return method && ['POST', 'PUT', 'PATCH'].includes(method) && config.path ? { path: config.path, rest } : undefined;
  }
  if (name === ON_METHOD) {
    const [method, first, ...rest] = call.arguments;
    const verb = staticString(method)?.toUpperCase();
    return verb && ['POST', 'PUT', 'PATCH'].includes(verb) && first && staticPathLike(first) ? { path: first, rest } : undefined;
  }
  return undefined;
}

/** A string or template literal (a path with `:params` or interpolated prefixes still names a route). */
function staticPathLike(node: TSESTree.Node): boolean {
  const inner = unwrap(node);
  return (inner.type === AST_NODE_TYPES.Literal && typeof inner.value === 'string') || inner.type === AST_NODE_TYPES.TemplateLiteral;
}

function pathText(node: TSESTree.Node): string {
  const inner = unwrap(node);
  if (inner.type === AST_NODE_TYPES.Literal) return String(inner.value);
  if (inner.type === AST_NODE_TYPES.TemplateLiteral) return inner.quasis.map((quasi) => quasi.value.cooked ?? '').join('*');
  return '';
}

/** The handler function an argument stands for: inline, a function of this module, or an imported one. */
function handlerFunction(view: ModuleView, node: TSESTree.Node, followImports: boolean): { fn: FunctionNode; view: ModuleView } | undefined {
  const inner = unwrap(node);
  if (isFunctionNode(inner)) return { fn: inner, view };
  if (inner.type === AST_NODE_TYPES.Identifier) return resolveFunction(view, inner.name, { followImports });
  return undefined;
}

export interface HandlerScan {
  /** Every route with a POST-like method counts (the file is webhook code). */
  anyPath: boolean;
  /** Exported functions that read a request body count as handlers (mounted elsewhere). */
  exportedReaders: boolean;
  /** Follow a handler named by an import into its (project) module. */
  followImports: boolean;
}

/**
 * The webhook request handlers of a module: functions registered for a POST-like route (every
 * route when `anyPath`, else routes whose path mentions "webhook"), and with `exportedReaders`,
 * exported functions whose first parameter's body is read (`POST(req)` route files, handlers
 * mounted by another module).
 */
export function webhookHandlers(view: ModuleView, scan: HandlerScan): WebhookHandler[] {
  const handlers: WebhookHandler[] = [];
  const seen = new Set<FunctionNode>();
  const add = (handler: WebhookHandler): void => {
    if (seen.has(handler.fn)) return;
    seen.add(handler.fn);
    handlers.push(handler);
  };
  forEachCall(view.program, (call) => {
    if (call.type !== AST_NODE_TYPES.CallExpression) return;
    const route = routePath(call, view);
    if (!route || (!scan.anyPath && !/webhook/i.test(pathText(route.path)))) return;
    const last = route.rest.at(-1);
    if (!last || last.type === AST_NODE_TYPES.SpreadElement) return;
    const found = handlerFunction(view, last, scan.followImports);
    if (!found) return;
    add({ ...found, anchor: last, middlewares: route.rest.slice(0, -1), local: found.view === view });
  });
  if (scan.exportedReaders) {
    for (const [, local] of view.exports) {
      const fn = view.functions.get(local);
      if (!fn || seen.has(fn) || !takesRequest(fn)) continue;
      if (!requestReads(fn).some((read) => read.kind !== 'request')) continue;
      const anchor = fn.type === AST_NODE_TYPES.FunctionDeclaration && fn.id ? fn.id : fn;
      add({ fn, view, anchor, middlewares: [], local: true });
    }
  }
  return handlers;
}

/**
 * The first parameter may be a request: untyped, or typed as a request or a framework context
 * (`Request`, `NextRequest`, `FastifyRequest`, Hono's `Context`). `(response: Response)` is not.
 */
function takesRequest(fn: FunctionNode): boolean {
  const param = fn.params[0];
  if (param?.type !== AST_NODE_TYPES.Identifier) return false;
  const annotation = param.typeAnnotation?.typeAnnotation;
  if (!annotation) return true;
  if (annotation.type !== AST_NODE_TYPES.TSTypeReference) return false;
  let name: TSESTree.EntityName = annotation.typeName;
  while (name.type === AST_NODE_TYPES.TSQualifiedName) name = name.right;
  return name.type === AST_NODE_TYPES.Identifier && /(?:Request|Context|Ctx)$/.test(name.name);
}

export interface RequestRead {
  node: TSESTree.Node;
  /** `parse`: the payload as a value; `raw`: the raw body (text, bytes); `request`: the raw request object handed on. */
  kind: 'parse' | 'raw' | 'request';
}

/**
 * Reads of the handler's request (its first parameter, or the one at `index`): `c.req.json()`,
 * `c.req.valid('json')`, `req.json()`, `req.body`, `c.req.text()`, `c.req.raw`, in source order.
 */
export function requestReads(fn: FunctionNode, index = 0): RequestRead[] {
  const param = fn.params[index];
  const name = param?.type === AST_NODE_TYPES.Identifier ? param.name : undefined;
  if (name === undefined) return [];
  const reads: RequestRead[] = [];
  const isRequest = (node: TSESTree.Node): boolean => isRequestOf(node, name);
  walk(fn.body, (node, parent) => {
    if (node.type !== AST_NODE_TYPES.MemberExpression || !isRequest(node.object)) return;
    const member = memberName(node);
    const call = parent?.type === AST_NODE_TYPES.CallExpression && parent.callee === node ? parent : undefined;
    // Body readers take no argument (`valid('json')` one); Hono's `c.json(data)` and `c.text('ok')` answer instead.
    if (call && call.arguments.length > (member === 'valid' || member === 'parseBody' ? 1 : 0)) return;
    if (call && member !== undefined && PARSE_READS.has(member)) reads.push({ node: call, kind: 'parse' });
    else if (call && member !== undefined && RAW_READS.has(member)) reads.push({ node: call, kind: 'raw' });
    else if (!call && (member === 'body' || member === 'payload')) reads.push({ node, kind: 'parse' });
    else if (!call && member === 'raw') reads.push({ node, kind: 'request' });
  });
  return reads.sort((a, b) => a.node.range[0] - b.node.range[0]);
}

/** `name`, `name.req`, `name.req.raw`, `name.request` (Koa), `name.raw` (Fastify): the request of parameter `name`. */
export function isRequestOf(node: TSESTree.Node, name: string): boolean {
  const inner = unwrap(node);
  if (inner.type === AST_NODE_TYPES.Identifier) return inner.name === name;
  // `c.req.raw.clone()`: a copy of the request is the request.
  if (inner.type === AST_NODE_TYPES.CallExpression && inner.arguments.length === 0 && memberName(inner.callee) === 'clone') {
    return isRequestOf((inner.callee as TSESTree.MemberExpression).object, name);
  }
  if (inner.type !== AST_NODE_TYPES.MemberExpression) return false;
  const member = memberName(inner);
  return (member === 'req' || member === 'raw' || member === 'request') && isRequestOf(inner.object, name);
}
