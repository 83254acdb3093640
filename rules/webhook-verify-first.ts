import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import { createRule } from './_utils/create-rule.js';
import { memberName, unwrap } from './_utils/ast.js';
import { configuredFunctionsSchema, type ConfiguredFunction } from './_utils/configured-functions.js';
import { isDrizzleDb, typeInfo } from './_utils/drizzle-db.js';
import { fileRoles } from './_utils/guard.js';
import { constInitIn, forEachCall, viewOf, walk, type FunctionNode } from './_utils/module-view.js';
import { shortText } from './_utils/modules.js';
import { requestReads, webhookHandlers } from './_utils/webhooks.js';
import { VerificationFinder } from './_utils/verification.js';

export type Options = [{ verifiers?: ConfiguredFunction[]; followImports?: boolean }];
export type MessageIds = 'payloadBeforeVerification' | 'missingVerification' | 'plainSecretCompare' | 'skippableVerification';

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
