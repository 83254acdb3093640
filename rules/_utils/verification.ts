import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import { memberName, unwrap } from './ast.js';
import { configuredFunctionOf, configuredMemberOf, type ConfiguredFunction } from './configured-functions.js';
import { constInitIn, forEachCall, resolveFunction, type FunctionNode, type ModuleView } from './module-view.js';
import { isRequestOf, requestReads } from './webhooks.js';

// What counts as verifying a signature or a token, by import: webhook-verify-first asks it of
// handlers, no-swallowed-error of the try blocks whose catch is a verification's verdict.

export const CRYPTO_MODULES = new Set(['crypto', 'node:crypto']);
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
  // Octokit's signature check; JWT verification of jsonwebtoken and Hono.
  if (imported === 'verify') return source === '@octokit/webhooks-methods' || source === 'jsonwebtoken' || source === 'hono/jwt';
  return imported === 'default' && CONSTANT_TIME_DEFAULTS.has(source);
}

const MAX_HELPER_DEPTH = 4;

export interface Verifier {
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

export class VerificationFinder {
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

