import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import { createRule } from './_utils/create-rule.js';
import { memberName, unwrap, variableOf } from './_utils/ast.js';
import { fileRoles } from './_utils/guard.js';
import { isFunctionNode, resolveFunction, viewOf, walk, type FunctionNode, type ModuleView } from './_utils/module-view.js';
import { importedNameOf, isGlobalReference } from './_utils/modules.js';
import { webhookHandlers } from './_utils/webhooks.js';

interface QueueLibrary {
  module: string;
  /** Exports that make a queue; omit for the default export (and the module itself when required). */
  imports?: string[];
}

export type Options = [{ queueLibraries?: QueueLibrary[] }];
export type MessageIds = 'moduleQueue' | 'queueLibrary' | 'deferredAfterAck';

type Context = Readonly<TSESLint.RuleContext<MessageIds, Options>>;

const DEFAULT_LIBRARIES: QueueLibrary[] = [
  { module: 'p-queue' },
  { module: 'fastq', imports: ['default', 'promise'] },
  { module: 'async', imports: ['queue', 'priorityQueue', 'cargo', 'cargoQueue'] },
  { module: 'async/queue' },
  { module: 'bottleneck' },
  { module: 'better-queue' },
];

const ENQUEUE: Record<'array' | 'map' | 'set', ReadonlySet<string>> = {
  array: new Set(['push', 'unshift']),
  map: new Set(['set']),
  set: new Set(['add']),
};
const REMOVE: Record<'array' | 'map' | 'set', ReadonlySet<string>> = {
  array: new Set(['shift', 'pop', 'splice']),
  map: new Set(['delete', 'clear']),
  set: new Set(['delete', 'clear']),
};
/** Methods that put work on a queue library's instance (p-queue, fastq, async, Bottleneck, better-queue). */
const ENQUEUE_METHODS = new Set(['add', 'addAll', 'push', 'unshift', 'schedule', 'submit']);
const VALUE_WRAPPER_TYPES: ReadonlySet<string> = new Set([
  AST_NODE_TYPES.TSAsExpression,
  AST_NODE_TYPES.TSSatisfiesExpression,
  AST_NODE_TYPES.TSNonNullExpression,
]);

/** A call whose promise nobody waits for: a statement, `void call`, or a `.then/.catch` chain used as a statement. */
function isUnawaited(call: TSESTree.CallExpression): boolean {
  let node: TSESTree.Node = call;
  for (;;) {
    const parent: TSESTree.Node | undefined = node.parent;
    if (!parent) return false;
    if (parent.type === AST_NODE_TYPES.ExpressionStatement) return true;
    if (parent.type === AST_NODE_TYPES.UnaryExpression && parent.operator === 'void') return true;
    if (parent.type === AST_NODE_TYPES.ChainExpression) {
      node = parent;
      continue;
    }
    // `q.add(job).catch(log)`: follow the chain to the statement it ends in.
    const chained: TSESTree.Node | undefined = parent.type === AST_NODE_TYPES.MemberExpression && parent.object === node ? parent.parent : undefined;
    if (chained?.type === AST_NODE_TYPES.CallExpression && ['then', 'catch', 'finally'].includes(memberName(parent) ?? '')) {
      node = chained;
      continue;
    }
    return false;
  }
}

/** Global schedulers that run a callback after the current request has been answered. */
const DEFERRERS = new Set(['setTimeout', 'setImmediate', 'queueMicrotask']);

/** `[]`, `new Array()`, `new Map()`, `new Set()`: the kind of collection a module-scope initialiser makes. */
function collectionKind(context: Context, init: TSESTree.Expression): 'array' | 'map' | 'set' | undefined {
  const inner = unwrap(init);
  if (inner.type === AST_NODE_TYPES.ArrayExpression) return 'array';
  if (inner.type !== AST_NODE_TYPES.NewExpression || inner.callee.type !== AST_NODE_TYPES.Identifier) return undefined;
  const { name } = inner.callee;
  if (!isGlobalReference(context, inner.callee, name)) return undefined;
  return name === 'Array' ? 'array' : name === 'Map' ? 'map' : name === 'Set' ? 'set' : undefined;
}

function enclosingFunction(node: TSESTree.Node): FunctionNode | undefined {
  for (let parent = node.parent; parent; parent = parent.parent) if (isFunctionNode(parent)) return parent;
  return undefined;
}

/** Is `fn` a `new Promise((resolve) => …)` executor (a sleep or a timeout race, not deferred work)? */
const isPromiseExecutor = (fn: FunctionNode | undefined): boolean =>
  fn?.parent?.type === AST_NODE_TYPES.NewExpression &&
  fn.parent.callee.type === AST_NODE_TYPES.Identifier &&
  fn.parent.callee.name === 'Promise';

export default createRule<Options, MessageIds>({
  name: 'no-in-memory-queue',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow in-memory work queues and work deferred past the webhook acknowledgement',
      recommended: 'recommended',
      requiresTypeChecking: false,
    },
    messages: {
      moduleQueue: '`{{name}}` is a module-scope work queue, lost on restart; persist the work in the database.',
      queueLibrary: 'A module-scope `{{module}}` queue holds work in memory, lost on restart; persist it instead.',
      deferredAfterAck: '`{{what}}` runs webhook work after the response; persist the event and process it from the database.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          queueLibraries: {
            type: 'array',
            description: 'In-memory queue libraries: the module and the exports that make a queue (default export when omitted).',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['module'],
              properties: {
                module: { type: 'string', minLength: 1, description: 'The module specifier, e.g. `p-queue`.' },
                imports: {
                  type: 'array',
                  items: { type: 'string', minLength: 1 },
                  description: 'Exports that create a queue (`default` for the default export); omit for the default export only.',
                },
              },
            },
          },
        },
      },
    ],
    defaultOptions: [{ queueLibraries: DEFAULT_LIBRARIES }],
  },
  create(context, [options]) {
    const { roles } = fileRoles(context);
    if (!roles.has('server')) return {};
    const queueRoles = roles.has('webhooks') || roles.has('scheduler') || roles.has('services');
    const inWebhooks = roles.has('webhooks');
    // Webhook routes outside webhook files are found by their path: a text test keeps other files free.
    const checkHandlers = inWebhooks || /webhook/i.test(context.sourceCode.text);
    if (!queueRoles && !checkHandlers) return {};
    const libraries = options.queueLibraries ?? DEFAULT_LIBRARIES;

    const libraryOf = (callee: TSESTree.Node): string | undefined => {
      const inner = unwrap(callee);
      // `fastq.promise(...)`, `async.queue(...)` on a default or namespace import.
      if (inner.type === AST_NODE_TYPES.MemberExpression) {
        const owner = importedNameOf(context, inner.object);
        const member = memberName(inner);
        if (owner && !owner.typeOnly && (owner.imported === 'default' || owner.imported === '*') && member !== undefined) {
          const library = libraries.find((entry) => entry.module === owner.source);
          if (library?.imports?.includes(member)) return library.module;
        }
      }
      const imported = importedNameOf(context, callee);
      if (!imported || imported.typeOnly) return undefined;
      const library = libraries.find((entry) => entry.module === imported.source);
      if (!library) return undefined;
      const accepted = library.imports ?? ['default'];
      // `const fastq = require('fastq')`: a CommonJS module called as a whole is its default export.
      const name = imported.imported === '*' ? 'default' : imported.imported;
      return accepted.includes(name) ? library.module : undefined;
    };

    const checkCollection = (declarator: TSESTree.VariableDeclarator): void => {
      if (declarator.id.type !== AST_NODE_TYPES.Identifier || !declarator.init) return;
      const kind = collectionKind(context, declarator.init);
      if (!kind) return;
      const variable = variableOf(context, declarator.id);
      if (!variable) return;
      const enqueuers = new Set<FunctionNode | undefined>();
      const removers = new Set<FunctionNode | undefined>();
      let lookedUp = false;
      for (const reference of variable.references) {
        const identifier = reference.identifier;
        const fn = enclosingFunction(identifier);
        if (reference.isWrite()) {
          if (!reference.init) removers.add(fn);
          continue;
        }
        const parent = identifier.parent;
        if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === identifier) {
          const method = memberName(parent);
          const called = parent.parent?.type === AST_NODE_TYPES.CallExpression && parent.parent.callee === parent;
          if (method === undefined) continue;
          if (called && ENQUEUE[kind].has(method)) enqueuers.add(fn);
          else if (called && REMOVE[kind].has(method)) removers.add(fn);
          else if (called && (method === 'get' || method === 'has')) lookedUp = true;
          // `queue.length = 0` empties an array.
          else if (!called && method === 'length' && parent.parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.parent.left === parent) {
            removers.add(fn);
          }
        }
      }
      // A cache is read by key; a queue is filled in one place and emptied in another.
      if (lookedUp && kind !== 'array') return;
      const drainedElsewhere = [...removers].some((remover) => [...enqueuers].some((enqueuer) => enqueuer !== remover));
      if (!drainedElsewhere) return;
      context.report({ node: declarator.id, messageId: 'moduleQueue', data: { name: declarator.id.name } });
    };

    const checkDeferrals = (view: ModuleView): void => {
      for (const handler of webhookHandlers(view, { anyPath: inWebhooks, exportedReaders: inWebhooks, followImports: false })) {
        if (!handler.local) continue;
        walk(handler.fn.body, (node) => {
          if (node.type === AST_NODE_TYPES.CallExpression) {
            const callee = unwrap(node.callee);
            const deferrer =
              callee.type === AST_NODE_TYPES.Identifier && DEFERRERS.has(callee.name) && isGlobalReference(context, callee, callee.name)
                ? callee.name
                : memberName(callee) === 'nextTick' &&
                    callee.type === AST_NODE_TYPES.MemberExpression &&
                    isGlobalReference(context, callee.object, 'process')
                  ? 'process.nextTick'
                  : undefined;
            if (deferrer && !isPromiseExecutor(enclosingFunction(node))) {
              context.report({ node: node.callee, messageId: 'deferredAfterAck', data: { what: deferrer } });
              // What the deferred callback does is deferred with it: one finding.
              return false;
            }
            return true;
          }
          if (node.type !== AST_NODE_TYPES.ExpressionStatement) return true;
          const expression = unwrap(node.expression);
          // `void process(event)`: a promise deliberately left running.
          if (expression.type === AST_NODE_TYPES.UnaryExpression && expression.operator === 'void' && unwrap(expression.argument).type === AST_NODE_TYPES.CallExpression) {
            context.report({ node: expression, messageId: 'deferredAfterAck', data: { what: 'void' } });
            return false;
          }
          if (expression.type !== AST_NODE_TYPES.CallExpression) return true;
          const method = memberName(unwrap(expression.callee));
          // `process(event).catch(log)`: the chain is not awaited, the handler answers before it settles.
          if (method === 'then' || method === 'catch' || method === 'finally') {
            context.report({ node: expression, messageId: 'deferredAfterAck', data: { what: `.${method}(…)` } });
            return false;
          }
          // `processEvent(event);` where processEvent is an async function of this module.
          const callee = unwrap(expression.callee);
          const target = callee.type === AST_NODE_TYPES.Identifier ? resolveFunction(view, callee.name, { followImports: false }) : undefined;
          if (target?.fn.async) context.report({ node: expression, messageId: 'deferredAfterAck', data: { what: `${callee.type === AST_NODE_TYPES.Identifier ? callee.name : ''}(…)` } });
          return true;
        });
      }
    };

    /**
     * How a module-scope queue instance is used in this file: is work enqueued without waiting for
     * it (`void q.add(job)`, `q.push(x);`), and is the instance handed to other modules?
     */
    const queueUse = (node: TSESTree.CallExpression | TSESTree.NewExpression): { fireAndForget: boolean; exported: boolean } => {
      let value: TSESTree.Node = node;
      while (value.parent && VALUE_WRAPPER_TYPES.has(value.parent.type)) value = value.parent;
      const declarator = value.parent;
      if (declarator?.type === AST_NODE_TYPES.ExportDefaultDeclaration) return { fireAndForget: false, exported: true };
      if (declarator?.type !== AST_NODE_TYPES.VariableDeclarator || declarator.id.type !== AST_NODE_TYPES.Identifier) {
        return { fireAndForget: false, exported: false };
      }
      let exported = declarator.parent.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration;
      let fireAndForget = false;
      for (const reference of variableOf(context, declarator.id)?.references ?? []) {
        const parent = reference.identifier.parent;
        if (parent?.type === AST_NODE_TYPES.ExportSpecifier || parent?.type === AST_NODE_TYPES.ExportDefaultDeclaration) exported = true;
        if (parent?.type !== AST_NODE_TYPES.MemberExpression || parent.object !== reference.identifier) continue;
        const call = parent.parent;
        if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== parent || !ENQUEUE_METHODS.has(memberName(parent) ?? '')) continue;
        if (isUnawaited(call)) fireAndForget = true;
      }
      return { fireAndForget, exported };
    };

    const checkLibraryCall = (node: TSESTree.CallExpression | TSESTree.NewExpression): void => {
      if (enclosingFunction(node)) return;
      const module = libraryOf(node.callee);
      if (!module) return;
      // Awaited `add`s make a module-scope queue a concurrency limit: the caller still waits for the work.
      const use = queueUse(node);
      if (use.fireAndForget || (use.exported && (roles.has('webhooks') || roles.has('scheduler')))) {
        context.report({ node: node.callee, messageId: 'queueLibrary', data: { module } });
      }
    };

    // Calls are only looked at in files that load a queue library at all (one scan of the imports).
    const loadsLibrary =
      queueRoles &&
      (context.sourceCode.text.includes('require(') ||
        context.sourceCode.ast.body.some(
          (statement) => statement.type === AST_NODE_TYPES.ImportDeclaration && libraries.some((library) => library.module === statement.source.value),
        ));
    return {
      ...(queueRoles
        ? {
            'Program > VariableDeclaration > VariableDeclarator, Program > ExportNamedDeclaration > VariableDeclaration > VariableDeclarator': checkCollection,
          }
        : {}),
      ...(loadsLibrary ? { NewExpression: checkLibraryCall, CallExpression: checkLibraryCall } : {}),
      ...(checkHandlers
        ? {
            'Program:exit'(program: TSESTree.Program) {
              checkDeferrals(viewOf(program, context.filename));
            },
          }
        : {}),
    };
  },
});
