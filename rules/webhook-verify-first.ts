import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { createRule } from './_utils/create-rule.js';
import { memberName, unwrap } from './_utils/ast.js';
import { configuredFunctionOf, configuredFunctionsSchema, configuredMemberOf, type ConfiguredFunction } from './_utils/configured-functions.js';
import { isDrizzleDb, typeInfo } from './_utils/drizzle-db.js';
import { fileRoles } from './_utils/guard.js';
import { constInitIn, forEachCall, resolveFunction, viewOf, walk, type FunctionNode, type ModuleView } from './_utils/module-view.js';
import { shortText } from './_utils/modules.js';
import { isRequestOf, requestReads, webhookHandlers } from './_utils/webhooks.js';

export type Options = [{ verifiers?: ConfiguredFunction[]; followImports?: boolean }];
export type MessageIds = 'payloadBeforeVerification' | 'missingVerification' | 'plainSecretCompare' | 'skippableVerification';

const CRYPTO_MODULES = new Set(['crypto', 'node:crypto']);
/** Modules whose default export (or `timingSafeEqual`) is a constant-time compare. */
const CONSTANT_TIME_DEFAULTS = new Set(['tsscmp', 'scmp', 'safe-compare', 'secure-compare', 'timing-safe-equal']);
const CONSTANT_TIME_NAMED = new Set(['crypto', 'node:crypto', 'hono/utils/buffer']);
/** Classes whose `verify` checks a webhook signature: svix, Standard Webhooks, Octokit. */
const VERIFIER_CLASSES: ReadonlyArray<{ module: string; name: string; methods: readonly string[] }> = [
  { module: 'svix', name: 'Webhook', methods: ['verify'] },
  { module: 'standardwebhooks', name: 'Webhook', methods: ['verify'] },
  { module: '@octokit/webhooks', name: 'Webhooks', methods: ['verify', 'verifyAndReceive'] },
];
const STRIPE_METHODS = new Set(['constructEvent', 'constructEventAsync']);
/** Clerk's `verifyWebhook`: `@clerk/backend/webhooks`, `@clerk/express/webhooks`, `@clerk/nextjs/webhooks`, … */
const isClerkWebhooksModule = (source: string): boolean => /^@clerk\/[a-z0-9-]+(?:\/webhooks)?$/.test(source);

/** JWS/JWT verification of `jose` (Plaid's `Plaid-Verification` header, signed webhook tokens). */
const JOSE_VERIFY = new Set(['jwtVerify', 'compactVerify', 'flattenedVerify', 'generalVerify']);

/** Is `imported` from `source` a verification primitive? */
function isPrimitive(source: string, imported: string): boolean {
  if (imported === 'verifyWebhook') return isClerkWebhooksModule(source);
  if (JOSE_VERIFY.has(imported)) return source === 'jose';
  // Polar's SDK: Standard Webhooks verification, then parsing.
  if (imported === 'validateEvent') return source === '@polar-sh/sdk/webhooks';
  if (imported === 'timingSafeEqual') return CONSTANT_TIME_NAMED.has(source);
  if (imported === 'verify') return source === '@octokit/webhooks-methods';
  return imported === 'default' && CONSTANT_TIME_DEFAULTS.has(source);
}

const MAX_HELPER_DEPTH = 4;

interface Verifier {
  verifiers: readonly ConfiguredFunction[];
  followImports: boolean;
  root: string;
}

/** `new Webhook(secret)` of a verifier class imported in `view`, with the methods that verify. */
function verifierInstanceMethods(view: ModuleView, node: TSESTree.Node | undefined): readonly string[] | undefined {
  const inner = node && unwrap(node);
  if (inner?.type !== AST_NODE_TYPES.NewExpression) return undefined;
  const callee = unwrap(inner.callee);
  let source: string | undefined;
  let name: string | undefined;
  if (callee.type === AST_NODE_TYPES.Identifier) {
    const imported = view.imports.get(callee.name);
    source = imported?.source;
    name = imported?.imported;
  } else if (callee.type === AST_NODE_TYPES.MemberExpression && callee.object.type === AST_NODE_TYPES.Identifier) {
    const imported = view.imports.get(callee.object.name);
    source = imported?.imported === '*' ? imported.source : undefined;
    name = memberName(callee);
  }
  return VERIFIER_CLASSES.find((entry) => entry.module === source && entry.name === name)?.methods;
}

class VerificationFinder {
  readonly #verifies = new Map<FunctionNode, boolean>();

  constructor(readonly options: Verifier) {}

  /** Is `call` (inside `within`, a function of `view`) a signature or token verification? */
  isVerification(view: ModuleView, call: TSESTree.CallExpression | TSESTree.NewExpression, within: FunctionNode, depth: number): boolean {
    if (call.type !== AST_NODE_TYPES.CallExpression) return false;
    const callee = unwrap(call.callee);
    const { verifiers, root, followImports } = this.options;
    if (callee.type === AST_NODE_TYPES.Identifier) {
      const imported = view.imports.get(callee.name);
      if (imported && isPrimitive(imported.source, imported.imported)) return true;
      // A helper that computes an HMAC of the body is a signature check (its compare is trusted).
      if (depth > 0 && imported?.imported === 'createHmac' && CRYPTO_MODULES.has(imported.source)) return true;
      if (configuredFunctionOf(view, callee.name, verifiers, root)) return true;
      const helper = resolveFunction(view, callee.name, { followImports });
      return helper !== undefined && helper.fn !== within && this.verifies(helper.view, helper.fn, depth + 1);
    }
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
    const method = memberName(callee);
    if (method === undefined) return false;
    const object = unwrap(callee.object);
    // `stripe.webhooks.constructEvent(body, signature, secret)`.
    if (STRIPE_METHODS.has(method) && memberName(object) === 'webhooks') return true;
    if (object.type === AST_NODE_TYPES.Identifier) {
      const imported = view.imports.get(object.name);
      // `crypto.timingSafeEqual(a, b)` on an import of node:crypto, or on the global (Bun, Node's `crypto` module global).
      if (method === 'timingSafeEqual' && (imported ? CRYPTO_MODULES.has(imported.source) : !view.functions.has(object.name) && object.name === 'crypto')) {
        return true;
      }
      if (imported && (imported.imported === '*' || imported.imported === 'default') && isPrimitive(imported.source, method)) return true;
      if (depth > 0 && method === 'createHmac' && imported && CRYPTO_MODULES.has(imported.source)) return true;
      if (configuredMemberOf(view, object.name, method, verifiers, root)) return true;
      const instance = verifierInstanceMethods(view, view.constants.get(object.name) ?? constInitIn(within, object.name));
      return instance?.includes(method) ?? false;
    }
    // `crypto.subtle.verify('HMAC', key, signature, body)`.
    if (method === 'verify' && memberName(object) === 'subtle') return true;
    return verifierInstanceMethods(view, object)?.includes(method) ?? false;
  }

  /** Does the helper `fn` verify (directly or through helpers it calls)? Cached per function. */
  verifies(view: ModuleView, fn: FunctionNode, depth: number): boolean {
    const cached = this.#verifies.get(fn);
    if (cached !== undefined) return cached;
    if (depth > MAX_HELPER_DEPTH) return false;
    // A recursive helper reached again while being analysed does not verify by itself.
    this.#verifies.set(fn, false);
    let found = false;
    forEachCall(fn.body, (call) => {
      found ||= this.isVerification(view, call, fn, depth);
    });
    this.#verifies.set(fn, found);
    return found;
  }

  /**
   * A call that hands the handler's request to a helper (same module or followed import) which
   * parses the payload and never verifies it: `return handleClerk(c)`.
   */
  unverifiedDelegation(view: ModuleView, fn: FunctionNode): TSESTree.CallExpression | undefined {
    const param = fn.params[0];
    if (param?.type !== AST_NODE_TYPES.Identifier) return undefined;
    let found: TSESTree.CallExpression | undefined;
    forEachCall(fn.body, (call) => {
      if (found || call.type !== AST_NODE_TYPES.CallExpression) return;
      const callee = unwrap(call.callee);
      if (callee.type !== AST_NODE_TYPES.Identifier) return;
      const index = call.arguments.findIndex((argument) => isRequestOf(argument, param.name));
      if (index === -1) return;
      const helper = resolveFunction(view, callee.name, { followImports: this.options.followImports });
      if (!helper || helper.fn === fn) return;
      // The helper sees the request under its own parameter; `c.req.raw` handed on is a Request there.
      if (!requestReads(helper.fn, index).some((read) => read.kind === 'parse')) return;
      if (!this.verifies(helper.view, helper.fn, 1)) found = call;
    });
    return found;
  }

  /** Verification calls of a handler, in source order. */
  calls(view: ModuleView, fn: FunctionNode): TSESTree.CallExpression[] {
    const calls: TSESTree.CallExpression[] = [];
    forEachCall(fn.body, (call) => {
      if (call.type === AST_NODE_TYPES.CallExpression && this.isVerification(view, call, fn, 0)) calls.push(call);
    });
    return calls;
  }
}

/** `secret`, `config.secret`, `secret !== undefined`, `secret != null`: a test that the value is set. */
function isPresenceTest(node: TSESTree.Node): boolean {
  const inner = unwrap(node);
  if (inner.type === AST_NODE_TYPES.Identifier || inner.type === AST_NODE_TYPES.MemberExpression) return true;
  if (inner.type !== AST_NODE_TYPES.BinaryExpression || (inner.operator !== '!==' && inner.operator !== '!=')) return false;
  const isNothing = (side: TSESTree.Node): boolean =>
    (side.type === AST_NODE_TYPES.Identifier && side.name === 'undefined') || (side.type === AST_NODE_TYPES.Literal && side.value === null);
  return isNothing(inner.left) || isNothing(inner.right);
}

/** The presence test that, when false, skips `call` (`if (secret && !verify(…))`, `if (secret) { verify(…) }`). */
function skippingCondition(call: TSESTree.Node, fn: FunctionNode): TSESTree.Node | undefined {
  let child: TSESTree.Node = call;
  for (let parent = call.parent; parent && parent !== fn; child = parent, parent = parent.parent) {
    if (parent.type === AST_NODE_TYPES.LogicalExpression && parent.operator === '&&' && parent.right === child && isPresenceTest(parent.left)) {
      return parent.left;
    }
    if (parent.type === AST_NODE_TYPES.IfStatement && parent.consequent === child && !parent.alternate && isPresenceTest(parent.test)) {
      return parent.test;
    }
  }
  return undefined;
}

/** A header read: `c.req.header('x')`, `req.headers.get('x')`, `req.headers['x']`, `headers.x`. */
function isHeaderRead(node: TSESTree.Node, fn: FunctionNode, depth = 0): boolean {
  const inner = unwrap(node);
  if (inner.type === AST_NODE_TYPES.CallExpression) {
    const name = memberName(inner.callee);
    if (name === 'header') return true;
    return name === 'get' && inner.callee.type === AST_NODE_TYPES.MemberExpression && /headers$/i.test(memberName(inner.callee.object) ?? '');
  }
  if (inner.type === AST_NODE_TYPES.MemberExpression) return /headers$/i.test(memberName(inner.object) ?? (inner.object.type === AST_NODE_TYPES.Identifier ? inner.object.name : ''));
  if (inner.type === AST_NODE_TYPES.LogicalExpression) return isHeaderRead(inner.left, fn, depth) || isHeaderRead(inner.right, fn, depth);
  if (inner.type === AST_NODE_TYPES.Identifier && depth < 2) {
    const init = constInitIn(fn, inner.name);
    return init !== undefined && isHeaderRead(init, fn, depth + 1);
  }
  return false;
}

const isConstantLike = (node: TSESTree.Node): boolean => {
  const inner = unwrap(node);
  return (
    inner.type === AST_NODE_TYPES.Literal ||
    (inner.type === AST_NODE_TYPES.Identifier && inner.name === 'undefined') ||
    (inner.type === AST_NODE_TYPES.UnaryExpression && inner.operator === 'typeof') ||
    memberName(inner) === 'length'
  );
};

/** `token !== secret` where one side is a request header: a variable-time compare used as a check. */
function plainSecretCompare(fn: FunctionNode): TSESTree.BinaryExpression | undefined {
  let found: TSESTree.BinaryExpression | undefined;
  walk(fn.body, (node) => {
    if (found) return false;
    if (node.type !== AST_NODE_TYPES.BinaryExpression || !['===', '!==', '==', '!='].includes(node.operator)) return true;
    if (node.left.type === AST_NODE_TYPES.PrivateIdentifier || isConstantLike(node.left) || isConstantLike(node.right)) return true;
    if (isHeaderRead(node.left, fn) || isHeaderRead(node.right, fn)) found = node;
    return true;
  });
  return found;
}

export default createRule<Options, MessageIds>({
  name: 'webhook-verify-first',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require webhook handlers to verify the signature before using the payload',
      recommended: 'recommended',
      requiresTypeChecking: false,
    },
    messages: {
      payloadBeforeVerification: '`{{read}}` uses the webhook payload before its signature is verified; verify first.',
      missingVerification: 'This webhook handler uses the payload without verifying its signature; verify the request first.',
      plainSecretCompare: '`{{operator}}` is not a verification: compare the webhook secret with a constant-time check.',
      skippableVerification: 'The verification is skipped when `{{condition}}` is unset; reject the request instead.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          verifiers: configuredFunctionsSchema(
            "Your own verification functions (e.g. `{ name: 'verifyAsaasToken', from: '@acme/webhooks' }`), for helpers the rule cannot follow.",
          ),
          followImports: {
            type: 'boolean',
            description: 'Follow handlers and helpers imported from relative project modules into their files.',
          },
        },
      },
    ],
    defaultOptions: [{ verifiers: [], followImports: true }],
  },
  create(context, [options]) {
    const { guard, roles } = fileRoles(context);
    if (!roles.has('server')) return {};
    const inWebhooks = roles.has('webhooks');
    // Outside webhook code, only routes whose path says "webhook" are handlers: a text test keeps other files free.
    if (!inWebhooks && !/webhook/i.test(context.sourceCode.text)) return {};
    const followImports = options.followImports ?? true;
    const finder = new VerificationFinder({ verifiers: options.verifiers ?? [], followImports, root: guard.roles.root });
    const info = typeInfo(context);

    return {
      'Program:exit'(program: TSESTree.Program) {
        const view = viewOf(program, context.filename);
        for (const handler of webhookHandlers(view, { anyPath: inWebhooks, exportedReaders: inWebhooks, followImports })) {
          const verifications = finder.calls(handler.view, handler.fn);
          const first = verifications[0];
          const reads = requestReads(handler.fn).filter((read) => read.kind === 'parse');
          if (!handler.local) {
            // An exported handler of a webhook module is checked in its own file; one finding is enough.
            if (guard.roles.is(handler.view.file, 'webhooks')) continue;
            // A handler imported from another module: its positions are elsewhere; report at the route.
            if (!first && reads.length > 0) context.report({ node: handler.anchor, messageId: 'missingVerification' });
            else if (first && reads.some((read) => read.node.range[0] < first.range[0])) {
              context.report({ node: handler.anchor, messageId: 'payloadBeforeVerification', data: { read: shortText(context, handler.anchor) } });
            }
            continue;
          }
          // A body validator in the route's middleware parses the payload before the handler runs.
          const validator = first ? handler.middlewares.find(isBodyValidator) : undefined;
          if (validator) {
            context.report({ node: validator, messageId: 'payloadBeforeVerification', data: { read: shortText(context, validator) } });
            continue;
          }
          if (!first) {
            reads.push(...jsonParsesBefore(handler.fn, []).map((node) => ({ node, kind: 'parse' as const })));
            reads.sort((a, b) => a.node.range[0] - b.node.range[0]);
            if (reads.length === 0) {
              const delegated = finder.unverifiedDelegation(handler.view, handler.fn);
              if (delegated) context.report({ node: delegated, messageId: 'missingVerification' });
              continue;
            }
            const compare = plainSecretCompare(handler.fn);
            if (compare) context.report({ node: compare, messageId: 'plainSecretCompare', data: { operator: compare.operator } });
            else context.report({ node: reads[0]!.node, messageId: 'missingVerification' });
            continue;
          }
          const stores = storesBefore(handler.fn, first.range[0], (object) =>
            isDrizzleDb(context, info, object, 'insert', { annotatedAndTransactions: true }),
          );
          const early = [...reads.map((read) => read.node), ...stores, ...jsonParsesBefore(handler.fn, verifications)]
            .filter((node) => node.range[0] < first.range[0] && !inside(node, first))
            .sort((a, b) => a.range[0] - b.range[0])[0];
          if (early) {
            context.report({ node: early, messageId: 'payloadBeforeVerification', data: { read: shortText(context, early) } });
            continue;
          }
          for (const call of verifications) {
            const condition = skippingCondition(call, handler.fn);
            if (condition) {
              context.report({ node: condition, messageId: 'skippableVerification', data: { condition: shortText(context, condition) } });
              break;
            }
          }
        }
      },
    };
  },
});

const inside = (node: TSESTree.Node, container: TSESTree.Node): boolean =>
  node.range[0] >= container.range[0] && node.range[1] <= container.range[1];

/** `zValidator('json', schema)` / `validator('json', fn)` middleware: parses the body. */
function isBodyValidator(node: TSESTree.Node): boolean {
  const inner = unwrap(node);
  if (inner.type !== AST_NODE_TYPES.CallExpression) return false;
  const target = inner.arguments[0];
  const callee = unwrap(inner.callee);
  const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : memberName(callee);
  return (
    name !== undefined &&
    /validator$/i.test(name) &&
    target?.type === AST_NODE_TYPES.Literal &&
    (target.value === 'json' || target.value === 'form')
  );
}

/** `JSON.parse(…)` calls in the handler that are not arguments of a verification call. */
function jsonParsesBefore(fn: FunctionNode, verifications: readonly TSESTree.Node[]): TSESTree.Node[] {
  const parses: TSESTree.Node[] = [];
  forEachCall(fn.body, (call) => {
    if (call.type !== AST_NODE_TYPES.CallExpression || memberName(call.callee) !== 'parse') return;
    const object = unwrap((call.callee as TSESTree.MemberExpression).object);
    if (object.type !== AST_NODE_TYPES.Identifier || object.name !== 'JSON') return;
    if (!verifications.some((verification) => inside(call, verification))) parses.push(call);
  });
  return parses;
}

/** Drizzle `db.insert(…)` calls before `position`: the payload stored before it is verified. */
function storesBefore(fn: FunctionNode, position: number, isDb: (object: TSESTree.Node) => boolean): TSESTree.Node[] {
  const stores: TSESTree.Node[] = [];
  forEachCall(fn.body, (call) => {
    if (call.range[0] >= position || call.type !== AST_NODE_TYPES.CallExpression) return;
    const callee = unwrap(call.callee);
    if (callee.type === AST_NODE_TYPES.MemberExpression && memberName(callee) === 'insert' && isDb(callee.object)) stores.push(call);
  });
  return stores;
}
