import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import { memberName, unwrap } from './_utils/ast.js';
import { createRule } from './_utils/create-rule.js';
import { isDrizzleReceiverBySyntax } from './_utils/drizzle-query.js';
import { fileRoles } from './_utils/guard.js';
import { honoRoute, importsHono } from './_utils/hono.js';
import { getProcedure, trpcFile } from './_utils/trpc.js';

export type Options = [{ maxStatements: number; maxDbCalls: number }];
export type MessageIds = 'tooManyStatements' | 'transactionInHandler' | 'awaitInLoop' | 'tooManyDbCalls';

type Handler = TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression;

/** Database methods that start a query or a statement (each call is one round trip or more). */
const DB_METHODS = new Set(['select', 'selectDistinct', 'selectDistinctOn', 'insert', 'update', 'delete', 'execute', 'batch', 'transaction', '$count', 'run', 'all', 'get', 'values']);
const QUERY_METHODS = new Set(['findMany', 'findFirst']);
const LOOPS = new Set<string>([
  AST_NODE_TYPES.ForStatement,
  AST_NODE_TYPES.ForInStatement,
  AST_NODE_TYPES.ForOfStatement,
  AST_NODE_TYPES.WhileStatement,
  AST_NODE_TYPES.DoWhileStatement,
]);
const FUNCTIONS = new Set<string>([AST_NODE_TYPES.ArrowFunctionExpression, AST_NODE_TYPES.FunctionExpression, AST_NODE_TYPES.FunctionDeclaration]);
/** Keys that do not lead to child nodes (or lead back up). */
const SKIPPED_KEYS = new Set(['parent', 'loc', 'range', 'type', 'typeAnnotation', 'returnType', 'typeParameters', 'typeArguments']);

/** A statement that leaves the function: `return …`, `throw …`, or a block ending in one. */
function exits(node: TSESTree.Node | null | undefined): boolean {
  if (!node) return false;
  if (node.type === AST_NODE_TYPES.ReturnStatement || node.type === AST_NODE_TYPES.ThrowStatement) return true;
  return node.type === AST_NODE_TYPES.BlockStatement && exits(node.body.at(-1));
}

/**
 * Statements of an early exit: the body of `if (bad) { log(); return c.json(…, 400); }` with no
 * else, and of a `catch` that answers and leaves. Validation and error responses are the
 * handler's own job, so they do not count towards its size (the `if` itself still does).
 */
function isGuardBody(node: TSESTree.Node): boolean {
  const parent = node.parent;
  if (parent?.type === AST_NODE_TYPES.IfStatement) return parent.consequent === node && parent.alternate === null && exits(node);
  return parent?.type === AST_NODE_TYPES.CatchClause && exits(node);
}

interface Measure {
  statements: number;
  dbCalls: number;
  /** The first `<db>.transaction(...)` call. */
  transaction: TSESTree.CallExpression | undefined;
  loopAwait: TSESTree.Node | undefined;
}

export default createRule<Options, MessageIds>({
  name: 'thin-handler',
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Disallow service-layer work in tRPC resolvers and Hono route handlers',
      recommended: 'recommended',
      requiresTypeChecking: false,
    },
    messages: {
      tooManyStatements: 'This {{handler}} has {{count}} statements (max {{max}}); move the logic into a service.',
      transactionInHandler: 'This {{handler}} runs a transaction; move the transaction into a service function.',
      awaitInLoop: 'This {{handler}} awaits inside a loop; move the loop into a service.',
      tooManyDbCalls: 'This {{handler}} makes {{count}} database calls (max {{max}}); move them into a service.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          maxStatements: {
            type: 'integer',
            minimum: 1,
            description: 'Most statements a handler may hold: nested blocks and callbacks count, the bodies of early-exit guards (`if (bad) { …; return }`, a `catch` that answers) do not; an expression body is one. Default 20.',
          },
          maxDbCalls: {
            type: 'integer',
            minimum: 1,
            description: 'Most database calls (select, insert, update, delete, execute, query.*.findMany…) a handler may make itself. Default 2.',
          },
        },
      },
    ],
    defaultOptions: [{ maxStatements: 20, maxDbCalls: 2 }],
  },
  create(context, [options]) {
    const { roles } = fileRoles(context);
    if (!roles.has('server') || roles.has('services') || roles.has('adapters')) return {};
    const withProcedures = trpcFile(context).mayHaveProcedures;
    const withHono = importsHono(context);
    if (!withProcedures && !withHono) return {};

    const isDbCall = (call: TSESTree.CallExpression): boolean => {
      const callee = unwrap(call.callee);
      if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
      const method = memberName(callee);
      if (method === undefined) return false;
      if (DB_METHODS.has(method)) return isDrizzleReceiverBySyntax(context, callee.object);
      // `db.query.users.findMany(...)`
      if (!QUERY_METHODS.has(method)) return false;
      const table = unwrap(callee.object);
      if (table.type !== AST_NODE_TYPES.MemberExpression) return false;
      const query = unwrap(table.object);
      return query.type === AST_NODE_TYPES.MemberExpression && memberName(query) === 'query' && isDrizzleReceiverBySyntax(context, query.object);
    };

    const measure = (handler: Handler): Measure => {
      const result: Measure = { statements: 0, dbCalls: 0, transaction: undefined, loopAwait: undefined };
      if (handler.body.type !== AST_NODE_TYPES.BlockStatement) result.statements = 1;
      const visit = (node: TSESTree.Node, inLoop: boolean): void => {
        if (node.type === AST_NODE_TYPES.BlockStatement) {
          if (!isGuardBody(node)) result.statements += node.body.length;
        } else if (node.type === AST_NODE_TYPES.StaticBlock) result.statements += node.body.length;
        else if (node.type === AST_NODE_TYPES.SwitchCase) result.statements += node.consequent.length;
        else if (node.type === AST_NODE_TYPES.AwaitExpression && inLoop) result.loopAwait ??= node;
        else if (node.type === AST_NODE_TYPES.ForOfStatement && node.await) result.loopAwait ??= node;
        else if (node.type === AST_NODE_TYPES.CallExpression && isDbCall(node)) {
          result.dbCalls += 1;
          const callee = unwrap(node.callee) as TSESTree.MemberExpression;
          if (memberName(callee) === 'transaction') result.transaction ??= node;
        }
        const loopBody = LOOPS.has(node.type) ? (node as TSESTree.ForStatement).body : undefined;
        for (const key of Object.keys(node)) {
          if (SKIPPED_KEYS.has(key)) continue;
          const value = (node as unknown as Record<string, unknown>)[key];
          const children = Array.isArray(value) ? value : [value];
          for (const child of children) {
            if (!child || typeof (child as TSESTree.Node).type !== 'string') continue;
            const childNode = child as TSESTree.Node;
            // A callback runs when something calls it: an await in it is not an await of the loop.
            const childInLoop = FUNCTIONS.has(childNode.type) ? false : inLoop || childNode === loopBody;
            visit(childNode, childInLoop);
          }
        }
      };
      visit(handler.body, false);
      return result;
    };

    const check = (handlers: readonly Handler[], at: TSESTree.Node, handler: string): void => {
      for (const fn of handlers) {
        const found = measure(fn);
        const { transaction, loopAwait } = found;
        if (transaction) {
          context.report({ node: (unwrap(transaction.callee) as TSESTree.MemberExpression).property, messageId: 'transactionInHandler', data: { handler } });
        }
        // A loop inside the transaction moves with it: one finding says so.
        const inTransaction = transaction && loopAwait && loopAwait.range[0] >= transaction.range[0] && loopAwait.range[1] <= transaction.range[1];
        if (loopAwait && !inTransaction) context.report({ node: loopAwait, messageId: 'awaitInLoop', data: { handler } });
        if (found.statements > options.maxStatements) {
          context.report({ node: at, messageId: 'tooManyStatements', data: { handler, count: found.statements, max: options.maxStatements } });
        }
        // A transaction already says "move this to a service"; its inner calls are not counted twice.
        if (!found.transaction && found.dbCalls > options.maxDbCalls) {
          context.report({ node: at, messageId: 'tooManyDbCalls', data: { handler, count: found.dbCalls, max: options.maxDbCalls } });
        }
      }
    };

    return {
      CallExpression(node) {
        if (withProcedures) {
          const procedure = getProcedure(context, node);
          const [resolver] = node.arguments;
          if (procedure && (resolver?.type === AST_NODE_TYPES.ArrowFunctionExpression || resolver?.type === AST_NODE_TYPES.FunctionExpression)) {
            check([resolver], procedure.property, 'resolver');
            return;
          }
        }
        if (withHono) {
          const route = honoRoute(context, node);
          if (route) check(route.handlers, route.property, 'route handler');
        }
      },
    };
  },
});
