import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import { initializerOf, memberName, staticString, unwrap } from './_utils/ast.js';
import { createRule } from './_utils/create-rule.js';
import { fileMatches } from './_utils/globs.js';
import { fileRoles } from './_utils/guard.js';
import { importedNameOf, resolveAliasedVariable, type ImportedName } from './_utils/modules.js';

export type Options = [{ allowIn?: string[] }];
export type MessageIds = 'clerkAuthCall' | 'authorizationHeader';

type Context = Readonly<TSESLint.RuleContext<MessageIds, Options>>;

/** Clerk's server packages (and Hono's Clerk middleware), whose auth helpers resolve a request's user. */
function isClerkModule(source: string): boolean {
  return source.startsWith('@clerk/') || source === '@hono/clerk-auth';
}

/**
 * Functions that resolve who is calling. Clerk's client factories (`createClerkClient`,
 * `clerkClient`) are not here: no-raw-external-client reports them outside adapters, and this rule
 * reports what a client is then used for (`clerk.authenticateRequest(req)`).
 */
const AUTH_FUNCTIONS = new Set(['getAuth', 'auth', 'currentUser', 'verifyToken', 'authenticateRequest']);
/** Methods of a Clerk client that resolve a request's user. */
const AUTH_METHODS = new Set(['authenticateRequest', 'verifyToken']);

/** Methods that read one header by name: Fetch `Headers#get`, Hono `c.req.header`, Express `req.get`/`req.header`, Node `getHeader`. */
const HEADER_READERS = new Set(['get', 'header', 'getHeader']);

const isAuthorization = (name: string | undefined): boolean => name?.toLowerCase() === 'authorization';

/** A value that comes from a Clerk package: an import, or a const made by calling one (`createClerkClient(...)`, `await clerkClient()`). */
function clerkOrigin(context: Context, node: TSESTree.Node, depth = 0): ImportedName | undefined {
  if (depth > 4) return undefined;
  const inner = unwrap(node);
  if (inner.type === AST_NODE_TYPES.AwaitExpression) return clerkOrigin(context, inner.argument, depth + 1);
  if (inner.type === AST_NODE_TYPES.CallExpression) return clerkOrigin(context, inner.callee, depth + 1);
  const imported = importedNameOf(context, inner);
  if (imported) return !imported.typeOnly && isClerkModule(imported.source) ? imported : undefined;
  if (inner.type !== AST_NODE_TYPES.Identifier) return undefined;
  const init = initializerOf(resolveAliasedVariable(context, inner));
  return init ? clerkOrigin(context, init, depth + 1) : undefined;
}

/** `x.headers` (Fetch Request, Node/Express request) or a const holding it, `headers()` from next/headers. */
function isHeadersObject(context: Context, node: TSESTree.Node, depth = 0): boolean {
  if (depth > 4) return false;
  const inner = unwrap(node);
  if (inner.type === AST_NODE_TYPES.MemberExpression) return memberName(inner) === 'headers';
  if (inner.type === AST_NODE_TYPES.AwaitExpression) return isHeadersObject(context, inner.argument, depth + 1);
  if (inner.type === AST_NODE_TYPES.CallExpression) {
    const imported = importedNameOf(context, inner.callee);
    return imported?.imported === 'headers' && imported.source === 'next/headers';
  }
  if (inner.type === AST_NODE_TYPES.Identifier) {
    const init = initializerOf(resolveAliasedVariable(context, inner));
    return init !== undefined && isHeadersObject(context, init, depth + 1);
  }
  return false;
}

export default createRule<Options, MessageIds>({
  name: 'auth-via-context',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow resolving authentication outside the context module and the auth middleware',
      recommended: 'recommended',
      requiresTypeChecking: false,
    },
    messages: {
      clerkAuthCall: '`{{name}}` (\'{{module}}\') resolves auth in {{layer}} code; read `ctx.user` instead.',
      authorizationHeader: 'Authorization header read in {{layer}} code; use the auth in `ctx` instead.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          allowIn: {
            type: 'array',
            items: { type: 'string' },
            description: 'Globs (relative to the root) of further files where auth is resolved, besides the core (context module, auth middleware).',
          },
        },
      },
    ],
    defaultOptions: [{ allowIn: [] }],
  },
  create(context, [options]) {
    const { roles } = fileRoles(context);
    // The core (tRPC context, auth middleware, Hono entry) is where auth is resolved, once per request.
    if (!roles.has('server') || roles.has('core') || roles.has('trpcCore') || roles.has('honoEntry')) return {};
    if (fileMatches(context, options.allowIn)) return {};
    const layer =
      roles.has('routers') || roles.has('appRouter')
        ? 'router'
        : roles.has('services')
          ? 'service'
          : roles.has('webhooks')
            ? 'webhook'
            : roles.has('adapters')
              ? 'adapter'
              : 'non-core';
    const headerReport = (node: TSESTree.Node): void => context.report({ node, messageId: 'authorizationHeader', data: { layer } });
    // Most files never mention Clerk: one text scan spares a scope lookup on every call.
    const { text } = context.sourceCode;
    const mentionsClerk = text.includes('@clerk/') || text.includes('@hono/clerk-auth');

    return {
      CallExpression(node) {
        const callee = unwrap(node.callee);
        // `getAuth(c)`, `auth()`, `currentUser()`, `verifyToken(token, ...)`, `clerk.authenticateRequest(req)`.
        const calleeName = callee.type === AST_NODE_TYPES.Identifier ? undefined : memberName(callee);
        const direct = mentionsClerk ? importedNameOf(context, callee) : undefined;
        if (direct && !direct.typeOnly && isClerkModule(direct.source) && AUTH_FUNCTIONS.has(direct.imported)) {
          context.report({ node, messageId: 'clerkAuthCall', data: { name: direct.imported, module: direct.source, layer } });
          return;
        }
        if (mentionsClerk && callee.type === AST_NODE_TYPES.MemberExpression && calleeName !== undefined && AUTH_METHODS.has(calleeName)) {
          const origin = clerkOrigin(context, callee.object);
          if (origin) {
            context.report({ node, messageId: 'clerkAuthCall', data: { name: calleeName, module: origin.source, layer } });
            return;
          }
        }
        // Reading the header by name: `c.req.header('Authorization')`, `req.headers.get('authorization')`, `req.get('authorization')`.
        if (callee.type === AST_NODE_TYPES.MemberExpression && calleeName !== undefined && HEADER_READERS.has(calleeName) && isAuthorization(staticString(node.arguments[0]))) {
          headerReport(node);
        }
      },
      MemberExpression(node) {
        // `req.headers.authorization`, `req.headers['Authorization']`
        if (isAuthorization(memberName(node)) && isHeadersObject(context, node.object)) headerReport(node);
      },
      VariableDeclarator(node) {
        // `const { authorization } = req.headers`
        if (node.id.type !== AST_NODE_TYPES.ObjectPattern || !node.init || !isHeadersObject(context, node.init)) return;
        for (const property of node.id.properties) {
          if (property.type !== AST_NODE_TYPES.Property) continue;
          const key = property.computed ? staticString(property.key) : property.key.type === AST_NODE_TYPES.Identifier ? property.key.name : staticString(property.key);
          if (isAuthorization(key)) headerReport(property);
        }
      },
    };
  },
});
