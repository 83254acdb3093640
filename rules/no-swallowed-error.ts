import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import { createRule } from './_utils/create-rule.js';
import { fileRoles } from './_utils/guard.js';
import { initializerOf, memberName, staticString, unwrap, variableOf } from './_utils/ast.js';
import { isFunctionNode, isWithin, localFunctionOf, mentions, some, type FunctionNode } from './_utils/function-body.js';
import { importedNameOf, isGlobalReference } from './_utils/modules.js';
import { forEachCall, viewOf } from './_utils/module-view.js';
import { VerificationFinder } from './_utils/verification.js';

export type Options = [{ checkSyncTry?: boolean; reporters?: string[] }];
export type MessageIds = 'swallowedInCatch' | 'swallowedInHandler';

type Context = Readonly<TSESLint.RuleContext<MessageIds, Options>>;
type Variable = TSESLint.Scope.Variable;

/** Log levels that make a failure visible (debug and trace are off in production). */
const VISIBLE_LEVELS: ReadonlySet<string> = new Set(['error', 'warn', 'warning', 'fatal', 'critical', 'alert', 'emerg', 'crit']);
/** Keys of a returned object that mark it as a failure result. */
const ERROR_RESULT_KEYS: ReadonlySet<string> = new Set(['error', 'errors', 'err', 'failure']);
/** `ok: false`, `success: false`: a discriminated result that says it failed. */
const FAILURE_FLAGS: ReadonlySet<string> = new Set(['ok', 'success', 'succeeded', 'isSuccess', 'valid', 'isValid']);
/** `status: 'failed'` and the like: a state that records the failure. */
const FAILURE_STATES: ReadonlySet<string> = new Set(['failed', 'failure', 'error', 'errored', 'dead']);
/** Result constructors of neverthrow, ts-results, fp-ts and friends. */
const ERROR_CONSTRUCTORS: ReadonlySet<string> = new Set(['err', 'Err', 'fail', 'failure', 'left', 'Left', 'error']);
/** Hono / Fetch / Express responses: `c.json(body, 503)`, `res.status(500)…`. */
const RESPONSE_METHODS: ReadonlySet<string> = new Set(['json', 'text', 'body', 'html', 'newResponse']);
/**
 * Body readers (`await c.req.json()`, `res.json().catch(...)`): a parse fallback, not an I/O failure.
 * Cleanup calls (`client.close()`, `release()`): their failures are conventionally ignored.
 */
const QUIET_METHODS: ReadonlySet<string> = new Set([
  'json', 'text', 'formData', 'arrayBuffer', 'blob', 'parseBody',
  'close', 'end', 'destroy', 'disconnect', 'release', 'dispose', 'cancel', 'abort', 'unsubscribe', 'quit',
]);
const ZOD_MODULES: ReadonlySet<string> = new Set(['zod', 'zod/v4', 'zod/v3', 'zod/mini', 'zod/v4/mini']);
const MAX_DEPTH = 4;

function keyName(prop: TSESTree.Property): string | undefined {
  if (prop.computed) return staticString(prop.key);
  return prop.key.type === AST_NODE_TYPES.Identifier ? prop.key.name : staticString(prop.key);
}

function isErrorStatus(node: TSESTree.Node | undefined): boolean {
  const inner = node && unwrap(node);
  if (inner?.type === AST_NODE_TYPES.Literal && typeof inner.value === 'number') return inner.value >= 400;
  if (inner?.type === AST_NODE_TYPES.ObjectExpression) {
    const status = inner.properties.find((prop): prop is TSESTree.Property => prop.type === AST_NODE_TYPES.Property && keyName(prop) === 'status');
    return status !== undefined && isErrorStatus(status.value);
  }
  return false;
}

/** `new FooError(...)`, `new Error(...)`, `new TRPCError(...)`, `new HTTPException(...)`: an error value. */
function isErrorConstruction(node: TSESTree.Node): boolean {
  const inner = unwrap(node);
  if (inner.type !== AST_NODE_TYPES.NewExpression) return false;
  const callee = unwrap(inner.callee);
  const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : memberName(callee);
  return name !== undefined && /(Error|Exception)$/.test(name);
}

export default createRule<Options, MessageIds>({
  name: 'no-swallowed-error',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow catch handlers that hide a failure',
      recommended: 'recommended',
      requiresTypeChecking: false,
    },
    messages: {
      swallowedInCatch: 'This catch hides the failure; rethrow it, return an error result, or log the error.',
      swallowedInHandler: 'This `.catch` handler hides the failure; rethrow, return an error result, or log the error.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          checkSyncTry: {
            type: 'boolean',
            description:
              'Also check catch clauses whose try block awaits nothing (parse fallbacks such as `JSON.parse`). Default false: only asynchronous failure domains (I/O) are checked.',
          },
          reporters: {
            type: 'array',
            items: { type: 'string' },
            uniqueItems: true,
            description:
              'Functions (called by name, or as `x.name(...)`) that make a failure visible even without the error, e.g. `markFailed` or `incrementFailure`.',
          },
        },
      },
    ],
    defaultOptions: [{ checkSyncTry: false, reporters: [] }],
  },
  create(context: Context, [options]) {
    const { roles } = fileRoles(context);
    if (!roles.has('server')) return {};
    const reporters = new Set(options.reporters ?? []);

    const mentionsAny = (errors: readonly Variable[], node: TSESTree.Node): boolean => errors.some((variable) => mentions(variable, node));

    /** Something that carries the error or says the operation failed. */
    const isErrorValue = (errors: readonly Variable[], node: TSESTree.Node): boolean => {
      const inner = unwrap(node);
      if (mentionsAny(errors, inner) || isErrorConstruction(inner)) return true;
      if (inner.type === AST_NODE_TYPES.AwaitExpression) return isErrorValue(errors, inner.argument);
      if (inner.type === AST_NODE_TYPES.ObjectExpression) {
        return inner.properties.some((prop) => {
          if (prop.type !== AST_NODE_TYPES.Property) return false;
          const key = keyName(prop);
          if (key === undefined) return false;
          if (ERROR_RESULT_KEYS.has(key)) return true;
          const value = unwrap(prop.value);
          if (FAILURE_FLAGS.has(key) && value.type === AST_NODE_TYPES.Literal && value.value === false) return true;
          return (key === 'status' || key === 'state') && FAILURE_STATES.has(staticString(value) ?? '');
        });
      }
      if (inner.type === AST_NODE_TYPES.CallExpression) {
        const callee = unwrap(inner.callee);
        const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : memberName(callee);
        if (name !== undefined && ERROR_CONSTRUCTORS.has(name)) return true;
        // `c.json({ … }, 503)`, `Response.json(body, { status: 500 })`, `res.status(500).json(…)`.
        if (name !== undefined && RESPONSE_METHODS.has(name)) {
          if (inner.arguments.slice(1).some(isErrorStatus)) return true;
          // `c.json({ error: … })`: the body says it failed (JSON-RPC errors travel with a 200).
          if (inner.arguments[0] && isErrorValue(errors, inner.arguments[0])) return true;
        }
        if (callee.type === AST_NODE_TYPES.MemberExpression) {
          const receiver = unwrap(callee.object);
          if (receiver.type === AST_NODE_TYPES.CallExpression && memberName(unwrap(receiver.callee)) === 'status' && isErrorStatus(receiver.arguments[0])) return true;
        }
        return false;
      }
      if (inner.type === AST_NODE_TYPES.NewExpression && isGlobalReference(context, inner.callee, 'Response')) return isErrorStatus(inner.arguments[1]);
      if (inner.type === AST_NODE_TYPES.ConditionalExpression) return isErrorValue(errors, inner.consequent) || isErrorValue(errors, inner.alternate);
      return false;
    };

    /** A call that hands the failure on: the error (or an error value) as an argument, a log at a visible level, a configured reporter. */
    const isReportingCall = (errors: readonly Variable[], call: TSESTree.CallExpression): boolean => {
      const callee = unwrap(call.callee);
      const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : memberName(callee);
      if (name !== undefined && reporters.has(name)) return true;
      if (callee.type === AST_NODE_TYPES.MemberExpression && name !== undefined && VISIBLE_LEVELS.has(name)) return true;
      if (callee.type === AST_NODE_TYPES.MemberExpression && name === 'exit' && isGlobalReference(context, callee.object, 'process')) return true;
      if (call.arguments.some((argument) => mentionsAny(errors, argument) || isErrorConstruction(argument))) return true;
      // A builder chain hands the error on when any of its calls does: `db.update(t).set({ lastError: code }).where(…)`.
      const receiver = callee.type === AST_NODE_TYPES.MemberExpression ? unwrap(callee.object) : undefined;
      return receiver?.type === AST_NODE_TYPES.CallExpression && isReportingCall(errors, receiver);
    };

    /** A call whose result is not a mere test: a statement, awaited, voided, or returned. */
    const inStatementPosition = (call: TSESTree.CallExpression): boolean => {
      let node: TSESTree.Node = call;
      let parent = node.parent;
      while (
        parent &&
        (parent.type === AST_NODE_TYPES.AwaitExpression ||
          parent.type === AST_NODE_TYPES.ChainExpression ||
          (parent.type === AST_NODE_TYPES.UnaryExpression && parent.operator === 'void') ||
          parent.type === AST_NODE_TYPES.TSAsExpression ||
          parent.type === AST_NODE_TYPES.TSNonNullExpression)
      ) {
        node = parent;
        parent = node.parent;
      }
      return parent?.type === AST_NODE_TYPES.ExpressionStatement || parent?.type === AST_NODE_TYPES.ReturnStatement || (parent?.type === AST_NODE_TYPES.ArrowFunctionExpression && parent.body === node);
    };

    /** True when `body` (a catch block or a rejection handler's body) keeps the failure visible. */
    const handles = (errors: readonly Variable[], body: TSESTree.Node, scope: TSESTree.Node): boolean => {
      if (body.type !== AST_NODE_TYPES.BlockStatement && isErrorValue(errors, body)) return true;
      return some(context, body, (node) => {
        switch (node.type) {
          case AST_NODE_TYPES.ThrowStatement:
            return true;
          case AST_NODE_TYPES.ReturnStatement:
            return node.argument !== null && isErrorValue(errors, node.argument);
          case AST_NODE_TYPES.CallExpression:
            return inStatementPosition(node) && isReportingCall(errors, node);
          case AST_NODE_TYPES.AssignmentExpression: {
            // Kept for later: `lastError = error`, `state.failure = error`.
            if (!mentionsAny(errors, node.right)) return false;
            const target = unwrap(node.left);
            if (target.type !== AST_NODE_TYPES.Identifier) return true;
            const variable = variableOf(context, target);
            const declaration = variable?.defs[0]?.name;
            return declaration !== undefined && !isWithin(declaration, scope);
          }
          default:
            return false;
        }
      });
    };

    /**
     * The caught error's bindings, plus variables of the handler initialised from them
     * (`const message = err instanceof Error ? err.message : String(err)`).
     */
    const errorVariables = (pattern: TSESTree.Node | null | undefined, body: TSESTree.Node): Variable[] => {
      if (!pattern) return [];
      const errors = context.sourceCode.getDeclaredVariables(pattern.parent!).filter((variable) => variable.defs.some((def) => isWithin(def.name, pattern)));
      if (body.type !== AST_NODE_TYPES.BlockStatement) return errors;
      for (const statement of body.body) {
        if (statement.type !== AST_NODE_TYPES.VariableDeclaration) continue;
        for (const declarator of statement.declarations) {
          if (declarator.init && errors.some((variable) => mentions(variable, declarator.init!))) {
            errors.push(...context.sourceCode.getDeclaredVariables(declarator));
          }
        }
      }
      return errors;
    };

    /** `x.json()`, `client.close()`: a call whose failure is a parse fallback or a cleanup. */
    const isQuietCall = (node: TSESTree.Node): boolean => {
      const inner = unwrap(node);
      return inner.type === AST_NODE_TYPES.CallExpression && QUIET_METHODS.has(memberName(unwrap(inner.callee)) ?? '');
    };

    /**
     * Inside a catch clause or a finally block of the same function: cleanup on a path that already
     * handles (or rethrows) the first failure, e.g. a ROLLBACK whose own error is ignored.
     */
    const onErrorPath = (node: TSESTree.Node): boolean => {
      for (let current: TSESTree.Node | undefined = node.parent; current; current = current.parent) {
        if (isFunctionNode(current)) {
          // A `.catch(async (err) => { …; throw err; })` handler is an error path too.
          const call = current.parent;
          const isRejectionHandler =
            call?.type === AST_NODE_TYPES.CallExpression && call.arguments[0] === current && memberName(unwrap(call.callee)) === 'catch';
          if (isRejectionHandler) return true;
          return false;
        }
        if (current.type === AST_NODE_TYPES.CatchClause) return true;
        const parent = current.parent;
        if (parent?.type === AST_NODE_TYPES.TryStatement && parent.finalizer === current) return true;
      }
      return false;
    };

    /** `work.catch(() => {})` on a promise that is awaited elsewhere: marks it handled, does not hide it. */
    const observedElsewhere = (receiver: TSESTree.Node, call: TSESTree.CallExpression): boolean => {
      const inner = unwrap(receiver);
      if (inner.type !== AST_NODE_TYPES.Identifier || call.parent.type !== AST_NODE_TYPES.ExpressionStatement) return false;
      const variable = variableOf(context, inner);
      return variable !== null && variable.references.some((reference) => reference.isRead() && reference.identifier !== inner);
    };

    const isAsyncTry = (block: TSESTree.BlockStatement): boolean =>
      some(context, block, (node) =>
        (node.type === AST_NODE_TYPES.AwaitExpression && !isQuietCall(node.argument)) ||
        node.type === AST_NODE_TYPES.YieldExpression ||
        (node.type === AST_NODE_TYPES.ForOfStatement && node.await),
      );

    /** `z.string().catch(() => '')` and schemas made from zod: a default value, not a rejection handler. */
    const isZodChain = (node: TSESTree.Node, depth = 0): boolean => {
      if (depth > MAX_DEPTH) return false;
      let current = unwrap(node);
      while (current.type === AST_NODE_TYPES.CallExpression || current.type === AST_NODE_TYPES.MemberExpression) {
        current = unwrap(current.type === AST_NODE_TYPES.CallExpression ? current.callee : current.object);
      }
      if (current.type !== AST_NODE_TYPES.Identifier) return false;
      const imported = importedNameOf(context, current);
      if (imported) return ZOD_MODULES.has(imported.source);
      const init = initializerOf(variableOf(context, current));
      return init !== undefined && isZodChain(init, depth + 1);
    };

    const handlerFunction = (node: TSESTree.Node): FunctionNode | undefined => {
      const inner = unwrap(node);
      if (isFunctionNode(inner)) return inner;
      return inner.type === AST_NODE_TYPES.Identifier ? localFunctionOf(variableOf(context, inner)) : undefined;
    };

    let finder: VerificationFinder | undefined;
    /** `try { await jwtVerify(token, key) } catch { return null }`: the catch is the verification's verdict. */
    const verifies = (block: TSESTree.BlockStatement): boolean => {
      let fn: TSESTree.Node | undefined = block.parent;
      while (fn && !isFunctionNode(fn)) fn = fn.parent;
      if (!fn) return false;
      const within = fn as FunctionNode;
      const view = viewOf(context.sourceCode.ast, context.filename);
      finder ??= new VerificationFinder({ verifiers: [], followImports: false, root: context.cwd });
      let found = false;
      forEachCall(block, (call) => {
        found ||= call.type === AST_NODE_TYPES.CallExpression && finder!.isVerification(view, call, within, 0);
      });
      return found;
    };

    return {
      CatchClause(node) {
        const tryStatement = node.parent;
        if (!options.checkSyncTry && !isAsyncTry(tryStatement.block)) return;
        if (onErrorPath(tryStatement)) return;
        if (handles(errorVariables(node.param, node.body), node.body, node)) return;
        if (verifies(tryStatement.block)) return;
        context.report({ node: context.sourceCode.getFirstToken(node)!, messageId: 'swallowedInCatch' });
      },
      CallExpression(node) {
        const callee = unwrap(node.callee);
        if (callee.type !== AST_NODE_TYPES.MemberExpression || memberName(callee) !== 'catch' || node.arguments.length !== 1) return;
        const handler = handlerFunction(node.arguments[0]!);
        // An imported handler, `console.error`, `next`: the error is passed on.
        if (!handler || isZodChain(callee.object) || isQuietCall(callee.object)) return;
        if (onErrorPath(node) || observedElsewhere(callee.object, node)) return;
        const errors = handler.params[0] ? errorVariables(handler.params[0], handler.body) : [];
        if (handles(errors, handler.body, handler)) return;
        context.report({ node: callee.property, messageId: 'swallowedInHandler' });
      },
    };
  },
});
