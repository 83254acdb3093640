import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import { createRule } from './_utils/create-rule.js';
import { fileRoles } from './_utils/guard.js';
import { initializerOf, memberName, staticString, unwrap, variableOf } from './_utils/ast.js';
import { enclosingFunction, isFunctionNode, isWithin, localFunctionOf, some, walk, type FunctionNode } from './_utils/function-body.js';
import { importedNameOf, isGlobalReference, resolveAliasedVariable } from './_utils/modules.js';

export type Options = [{ requireJitter?: boolean; sleepFunctions?: string[] }];
export type MessageIds = 'unboundedLoop' | 'unboundedRecursion' | 'unboundedPolicy' | 'noJitter';

type Context = Readonly<TSESLint.RuleContext<MessageIds, Options>>;
type Loop = TSESTree.DoWhileStatement | TSESTree.ForStatement | TSESTree.WhileStatement;

/** Names a delay helper usually has (`await sleep(ms)`), besides the ones recognised by shape. */
const DEFAULT_SLEEP_NAMES = ['sleep', 'delay', 'wait', 'pause'];
const TIMER_MODULES: ReadonlySet<string> = new Set(['timers/promises', 'node:timers/promises']);
const LOOP_TYPES: ReadonlySet<string> = new Set([
  AST_NODE_TYPES.WhileStatement,
  AST_NODE_TYPES.DoWhileStatement,
  AST_NODE_TYPES.ForStatement,
  AST_NODE_TYPES.ForInStatement,
  AST_NODE_TYPES.ForOfStatement,
]);
const RETRY_MODULES: ReadonlySet<string> = new Set(['cockatiel', 'p-retry', 'async-retry', 'exponential-backoff']);
const EXITS: ReadonlySet<string> = new Set([AST_NODE_TYPES.ThrowStatement, AST_NODE_TYPES.ReturnStatement, AST_NODE_TYPES.BreakStatement]);
/** Clock reads that make a loop bounded by a deadline. */
const CLOCK_METHODS: ReadonlySet<string> = new Set(['now', 'getTime', 'valueOf']);

function property(object: TSESTree.ObjectExpression, name: string): TSESTree.Property | undefined {
  return object.properties.find((prop): prop is TSESTree.Property => {
    if (prop.type !== AST_NODE_TYPES.Property) return false;
    const key = prop.computed ? staticString(prop.key) : prop.key.type === AST_NODE_TYPES.Identifier ? prop.key.name : staticString(prop.key);
    return key === name;
  });
}

const hasSpread = (object: TSESTree.ObjectExpression): boolean => object.properties.some((prop) => prop.type === AST_NODE_TYPES.SpreadElement);

/** `while (true)`, `while (1)`, `for (;;)`, `do … while (true)`. */
function isConstantTrue(test: TSESTree.Node | null): boolean {
  if (test === null) return true;
  const inner = unwrap(test);
  if (inner.type === AST_NODE_TYPES.Literal) return Boolean(inner.value);
  return inner.type === AST_NODE_TYPES.UnaryExpression && inner.operator === '!' && unwrap(inner.argument).type === AST_NODE_TYPES.Literal && !(unwrap(inner.argument) as TSESTree.Literal).value;
}

export default createRule<Options, MessageIds>({
  name: 'bounded-retry',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require retries to be bounded and jittered',
      recommended: 'recommended',
      requiresTypeChecking: false,
    },
    messages: {
      unboundedLoop: 'This retry loop has no attempt bound or deadline; cap its attempts.',
      unboundedRecursion: 'This call retries by recursion with no attempt count; pass and check one.',
      unboundedPolicy: '`{{callee}}` retries without a bound ({{why}}); set a maximum number of attempts.',
      noJitter: 'Retry delays here have no jitter ({{why}}); add a random component.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          requireJitter: {
            type: 'boolean',
            description: 'Report retry delays with no random component. Default true (the document asks for bounded retries with jitter).',
          },
          sleepFunctions: {
            type: 'array',
            items: { type: 'string' },
            uniqueItems: true,
            description: `Further names of delay helpers called as \`await name(ms)\` (always recognised: ${DEFAULT_SLEEP_NAMES.join(', ')}, timers/promises \`setTimeout\`, \`Bun.sleep\`, \`new Promise((r) => setTimeout(r, ms))\` and same-file helpers built on it).`,
          },
        },
      },
    ],
    defaultOptions: [{ requireJitter: true, sleepFunctions: [] }],
  },
  create(context: Context, [options]) {
    const { roles } = fileRoles(context);
    if (!roles.has('server')) return {};
    const requireJitter = options.requireJitter !== false;
    // Cheap gate: retry libraries are only looked for in files that import one.
    const { ast, text } = context.sourceCode;
    const mayUseRetryLibrary =
      text.includes('require(') ||
      text.includes('import(') ||
      ast.body.some((statement) => statement.type === AST_NODE_TYPES.ImportDeclaration && RETRY_MODULES.has(statement.source.value));
    const sleepNames = new Set([...DEFAULT_SLEEP_NAMES, ...(options.sleepFunctions ?? [])]);

    // ---- delays -------------------------------------------------------------------------------

    /** `new Promise((resolve) => setTimeout(resolve, ms))`: the `ms` node. */
    const promisedTimeout = (node: TSESTree.Node): TSESTree.Node | null | undefined => {
      const inner = unwrap(node);
      if (inner.type !== AST_NODE_TYPES.NewExpression || !isGlobalReference(context, inner.callee, 'Promise')) return undefined;
      const executor = inner.arguments[0];
      if (!executor || !isFunctionNode(executor)) return undefined;
      let delay: TSESTree.Node | null | undefined;
      walk(context, executor.body, (child) => {
        if (delay === undefined && child.type === AST_NODE_TYPES.CallExpression && isGlobalReference(context, child.callee, 'setTimeout')) {
          delay = child.arguments[1] ?? null;
        }
      });
      return delay;
    };

    /** The body of a same-file delay helper is a promised timeout: `const sleep = (ms) => new Promise(...)`. */
    const isLocalSleep = (fn: FunctionNode): boolean =>
      some(context, fn.body, (node) => node.type === AST_NODE_TYPES.NewExpression && promisedTimeout(node) !== undefined);

    /** When `node` waits, the expression of the wait's length (null when it has none, e.g. `setTimeout(r)`). */
    const delayOf = (node: TSESTree.Node): TSESTree.Node | null | undefined => {
      const inner = unwrap(node);
      const timeout = promisedTimeout(inner);
      if (timeout !== undefined) return timeout;
      if (inner.type !== AST_NODE_TYPES.CallExpression) return undefined;
      const callee = unwrap(inner.callee);
      const first = inner.arguments[0] ?? null;
      if (callee.type === AST_NODE_TYPES.MemberExpression) {
        const object = unwrap(callee.object);
        if (memberName(callee) === 'sleep' && object.type === AST_NODE_TYPES.Identifier && isGlobalReference(context, object, 'Bun')) return first;
        return undefined;
      }
      if (callee.type !== AST_NODE_TYPES.Identifier) return undefined;
      const imported = importedNameOf(context, callee);
      if (imported && TIMER_MODULES.has(imported.source) && imported.imported === 'setTimeout') return first;
      const local = localFunctionOf(resolveAliasedVariable(context, callee));
      if (local) return isLocalSleep(local) ? first : undefined;
      if (sleepNames.has(callee.name) || (imported && sleepNames.has(imported.imported))) return first;
      return undefined;
    };

    /**
     * Whether a delay is randomised: `Math.random()` (or a helper whose name says jitter/random) in
     * the delay's expression, in the consts it is computed from, or in a same-file function it calls.
     * A call this rule cannot see into (an import) is given the benefit of the doubt.
     */
    const isJittered = (node: TSESTree.Node | null, scope: TSESTree.Node, depth = 0): boolean => {
      if (node === null) return false;
      if (depth > 4) return true;
      let jittered = false;
      walk(
        context,
        node,
        (child) => {
          if (jittered) return 'skip';
          if (child.type === AST_NODE_TYPES.CallExpression) {
            const callee = unwrap(child.callee);
            const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : memberName(callee);
            if (name !== undefined && /jitter|random/i.test(name)) jittered = true;
            else if (callee.type === AST_NODE_TYPES.Identifier) {
              const local = localFunctionOf(resolveAliasedVariable(context, callee));
              if (local) jittered = isJittered(local.body, local, depth + 1);
              else if (!isGlobalReference(context, callee, callee.name)) jittered = true;
            } else if (callee.type === AST_NODE_TYPES.MemberExpression) {
              const object = unwrap(callee.object);
              // Math.min/max/pow and friends compute; any other method is someone else's code.
              if (!(object.type === AST_NODE_TYPES.Identifier && isGlobalReference(context, object, object.name))) jittered = true;
            }
          } else if (child.type === AST_NODE_TYPES.Identifier) {
            const init = initializerOf(variableOf(context, child));
            if (init && init !== node) jittered = isJittered(init, scope, depth + 1);
          }
          return jittered ? 'skip' : undefined;
        },
        { intoFunctions: true },
      );
      return jittered;
    };

    /** `Math.random()` or a jitter helper anywhere in the retry's body. */
    const hasRandom = (region: TSESTree.Node): boolean =>
      some(context, region, (node) => {
        if (node.type !== AST_NODE_TYPES.CallExpression) return false;
        const callee = unwrap(node.callee);
        const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : memberName(callee);
        return name !== undefined && /jitter|random/i.test(name);
      }, { intoFunctions: true });

    const reportUnjitteredDelays = (region: TSESTree.Node): void => {
      if (!requireJitter || hasRandom(region)) return;
      walk(context, region, (node) => {
        if (node.type !== AST_NODE_TYPES.AwaitExpression) return;
        const delay = delayOf(node.argument);
        if (delay === undefined || isJittered(delay, region)) return;
        context.report({ node: node.argument, messageId: 'noJitter', data: { why: 'a fixed or exponential delay' } });
      });
    };

    // ---- loops --------------------------------------------------------------------------------

    /** Nodes of the loop body that belong to this loop (not to nested functions or loops). */
    const someInLoop = (loop: Loop, test: (node: TSESTree.Node) => boolean): boolean => {
      let found = false;
      walk(context, loop.body, (node) => {
        if (found) return 'skip';
        if (node !== loop.body && LOOP_TYPES.has(node.type)) return 'skip';
        if (test(node)) found = true;
        return found ? 'skip' : undefined;
      });
      return found;
    };

    /** A try that retries: it awaits, leaves the loop on success, and its catch goes round again. */
    const isRetryTry = (node: TSESTree.TryStatement): boolean => {
      if (!node.handler || node.handler.body.body.some((statement) => EXITS.has(statement.type))) return false;
      return (
        some(context, node.block, (child) => child.type === AST_NODE_TYPES.AwaitExpression) &&
        some(context, node.block, (child) => child.type === AST_NODE_TYPES.ReturnStatement || (child.type === AST_NODE_TYPES.BreakStatement && !child.label))
      );
    };

    /** The loop a try statement belongs to (the nearest one, in the same function). */
    const loopOf = (node: TSESTree.Node): TSESTree.Node | undefined => {
      for (let current = node.parent; current && !isFunctionNode(current); current = current.parent) {
        if (LOOP_TYPES.has(current.type)) return current;
      }
      return undefined;
    };

    /** Variables the loop counts with: `attempt++`, `tries += 1`, `n = n + 1`, or its `for` update. */
    const counters = (loop: Loop): Set<string> => {
      const names = new Set<string>();
      const collect = (root: TSESTree.Node): void =>
        walk(context, root, (node) => {
          if (node.type === AST_NODE_TYPES.UpdateExpression && node.argument.type === AST_NODE_TYPES.Identifier) names.add(node.argument.name);
          if (node.type === AST_NODE_TYPES.AssignmentExpression && node.left.type === AST_NODE_TYPES.Identifier && node.operator !== '=') names.add(node.left.name);
          if (
            node.type === AST_NODE_TYPES.AssignmentExpression &&
            node.operator === '=' &&
            node.left.type === AST_NODE_TYPES.Identifier &&
            node.right.type === AST_NODE_TYPES.BinaryExpression &&
            some(context, node.right, (child) => child.type === AST_NODE_TYPES.Identifier && child.name === (node.left as TSESTree.Identifier).name)
          ) {
            names.add(node.left.name);
          }
        });
      collect(loop.body);
      if (loop.type === AST_NODE_TYPES.ForStatement && loop.update) collect(loop.update);
      return names;
    };

    /** A test that counts attempts or reads the clock (a deadline), also through a const (`const elapsed = Date.now() - start`). */
    const isBoundTest = (test: TSESTree.Node, counted: ReadonlySet<string>, depth = 0): boolean =>
      some(context, test, (node) => {
        if (node.type === AST_NODE_TYPES.UpdateExpression) return true;
        if (node.type === AST_NODE_TYPES.Identifier && counted.has(node.name)) return true;
        if (node.type === AST_NODE_TYPES.MemberExpression && memberName(node) === 'aborted') return true;
        if (node.type === AST_NODE_TYPES.CallExpression && CLOCK_METHODS.has(memberName(unwrap(node.callee)) ?? '')) return true;
        if (node.type === AST_NODE_TYPES.Identifier && depth < 2) {
          const init = initializerOf(variableOf(context, node));
          return init !== undefined && isBoundTest(init, counted, depth + 1);
        }
        return false;
      });

    /** `while (!done)` where `done` is set inside the retried try: a success flag, not a bound. */
    const isSuccessFlagTest = (test: TSESTree.Node, attempt: TSESTree.TryStatement): boolean => {
      const inner = unwrap(test);
      if (inner.type !== AST_NODE_TYPES.UnaryExpression || inner.operator !== '!') return false;
      const flag = unwrap(inner.argument);
      if (flag.type !== AST_NODE_TYPES.Identifier) return false;
      return some(context, attempt.block, (node) => node.type === AST_NODE_TYPES.AssignmentExpression && node.left.type === AST_NODE_TYPES.Identifier && node.left.name === flag.name);
    };

    const checked = new Set<TSESTree.Node>();
    const checkLoop = (loop: Loop, attempt: TSESTree.TryStatement): void => {
      if (checked.has(loop)) return;
      checked.add(loop);
      const test = loop.test;
      const counted = counters(loop);
      const unboundedTest = isConstantTrue(test) || (test !== null && isSuccessFlagTest(test, attempt));
      // Any other test (`attempt < max`, `!stopped`) is the author's bound: trusted.
      const boundedTest = test !== null && !unboundedTest;
      const boundedExit = someInLoop(
        loop,
        (node) =>
          (node.type === AST_NODE_TYPES.IfStatement &&
            isBoundTest(node.test, counted) &&
            some(context, node.consequent, (child) => EXITS.has(child.type))) ||
          // `attempt < max ? retryLater() : fail()`: the bound chosen in an expression.
          (node.type === AST_NODE_TYPES.ConditionalExpression && isBoundTest(node.test, counted)),
      );
      if (!boundedTest && !boundedExit) {
        context.report({ node: context.sourceCode.getFirstToken(loop)!, messageId: 'unboundedLoop' });
      }
      reportUnjitteredDelays(loop.body);
    };

    // ---- recursion ----------------------------------------------------------------------------

    /** The variable naming a function (declaration name or `const f = () => …`). */
    const functionVariable = (fn: FunctionNode): TSESLint.Scope.Variable | null => {
      if (fn.type === AST_NODE_TYPES.FunctionDeclaration && fn.id) return variableOf(context, fn.id);
      const parent = fn.parent;
      if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) return variableOf(context, parent.id);
      return null;
    };

    /** `n - 1`, `attempt + 1`, `--retries`, `{ ...opts, attempt: attempt + 1 }`: the call counts. */
    const countsAttempts = (call: TSESTree.CallExpression): boolean =>
      call.arguments.some((argument) =>
        some(
          context,
          argument,
          (node) =>
            node.type === AST_NODE_TYPES.UpdateExpression ||
            (node.type === AST_NODE_TYPES.BinaryExpression && (node.operator === '+' || node.operator === '-') && [node.left, node.right].some((side) => unwrap(side).type === AST_NODE_TYPES.Literal && typeof (unwrap(side) as TSESTree.Literal).value === 'number')),
        ),
      );

    const checkRecursion = (handlerBody: TSESTree.Node, handlerFn: TSESTree.Node | undefined): void => {
      const outer = enclosingFunction(handlerFn ?? handlerBody);
      if (!outer) return;
      const variable = functionVariable(outer);
      if (!variable) return;
      // The function's own references say whether the handler calls it: no walk unless it does.
      let retries = false;
      for (const reference of variable.references) {
        const callee = reference.identifier;
        const call = callee.parent;
        if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== callee || !isWithin(call, handlerBody)) continue;
        if (enclosingFunction(call) !== (handlerFn ?? outer)) continue;
        retries = true;
        if (!countsAttempts(call)) context.report({ node: callee, messageId: 'unboundedRecursion' });
      }
      if (retries) reportUnjitteredDelays(handlerBody);
    };

    // ---- retry libraries ----------------------------------------------------------------------

    const isInfinite = (node: TSESTree.Node): boolean => {
      const inner = unwrap(node);
      if (inner.type === AST_NODE_TYPES.Identifier) return inner.name === 'Infinity' && isGlobalReference(context, inner, 'Infinity');
      return inner.type === AST_NODE_TYPES.MemberExpression && memberName(inner) === 'POSITIVE_INFINITY' && isGlobalReference(context, inner.object, 'Number');
    };

    const objectOf = (node: TSESTree.Node | undefined): TSESTree.ObjectExpression | undefined => {
      if (!node) return undefined;
      let inner = unwrap(node);
      if (inner.type === AST_NODE_TYPES.Identifier) {
        const init = initializerOf(variableOf(context, inner));
        if (init) inner = unwrap(init);
      }
      return inner.type === AST_NODE_TYPES.ObjectExpression ? inner : undefined;
    };

    /** A cockatiel backoff without randomness: `ConstantBackoff`, `IterableBackoff`, `noJitterGenerator`. */
    const cockatielBackoffWithoutJitter = (node: TSESTree.Node): string | undefined => {
      let inner = unwrap(node);
      if (inner.type === AST_NODE_TYPES.Identifier) {
        const init = initializerOf(variableOf(context, inner));
        if (init) inner = unwrap(init);
      }
      if (inner.type !== AST_NODE_TYPES.NewExpression) return undefined;
      const made = importedNameOf(context, inner.callee);
      if (made?.source !== 'cockatiel') return undefined;
      if (made.imported === 'ConstantBackoff' || made.imported === 'IterableBackoff') return `\`${made.imported}\``;
      const generator = objectOf(inner.arguments[0]);
      const chosen = generator && property(generator, 'generator');
      const named = chosen && importedNameOf(context, chosen.value);
      return made.imported === 'ExponentialBackoff' && named?.imported === 'noJitterGenerator' ? '`noJitterGenerator`' : undefined;
    };

    const checkLibraryCall = (call: TSESTree.CallExpression): void => {
      const imported = importedNameOf(context, call.callee);
      if (!imported || imported.typeOnly) return;
      const { source, imported: name } = imported;
      const callee = context.sourceCode.getText(call.callee);
      const reportUnbounded = (node: TSESTree.Node, why: string): void =>
        context.report({ node, messageId: 'unboundedPolicy', data: { callee, why } });
      const reportNoJitter = (node: TSESTree.Node, why: string): void => {
        if (requireJitter) context.report({ node, messageId: 'noJitter', data: { why } });
      };

      if (source === 'cockatiel' && name === 'retry') {
        const opts = objectOf(call.arguments[1]);
        if (!call.arguments[1]) {
          reportUnbounded(call.callee, 'no `maxAttempts`');
          reportNoJitter(call.callee, 'no backoff');
          return;
        }
        if (!opts || hasSpread(opts)) return;
        const max = property(opts, 'maxAttempts');
        if (!max) reportUnbounded(call.callee, 'no `maxAttempts`');
        else if (isInfinite(max.value)) reportUnbounded(max, '`maxAttempts` is infinite');
        const backoff = property(opts, 'backoff');
        if (!backoff) reportNoJitter(call.callee, 'no backoff');
        else {
          const why = cockatielBackoffWithoutJitter(backoff.value);
          if (why) reportNoJitter(backoff, why);
        }
        return;
      }

      const isPRetry = source === 'p-retry' && name === 'default';
      const isAsyncRetry = source === 'async-retry' && name === 'default';
      const isBackOff = source === 'exponential-backoff' && name === 'backOff';
      if (!isPRetry && !isAsyncRetry && !isBackOff) return;
      const opts = objectOf(call.arguments[1]);
      if (call.arguments[1] && (!opts || hasSpread(opts))) return;
      const limitKey = isBackOff ? 'numOfAttempts' : 'retries';
      const limit = opts && property(opts, limitKey);
      const forever = opts && property(opts, 'forever');
      if (limit && isInfinite(limit.value)) reportUnbounded(limit, `\`${limitKey}\` is infinite`);
      else if (forever && unwrap(forever.value).type === AST_NODE_TYPES.Literal && (unwrap(forever.value) as TSESTree.Literal).value === true) reportUnbounded(forever, '`forever: true`');
      if (isBackOff) {
        const jitter = opts && property(opts, 'jitter');
        if (!jitter || staticString(jitter.value) === 'none') reportNoJitter(jitter ?? call.callee, "`jitter` is 'none'");
        return;
      }
      // p-retry defaults `randomize` to false, async-retry to true.
      const randomize = opts && property(opts, 'randomize');
      const value = randomize && unwrap(randomize.value);
      const off = value?.type === AST_NODE_TYPES.Literal && value.value === false;
      if (off || (isPRetry && !randomize)) reportNoJitter(randomize ?? call.callee, '`randomize` is off');
    };

    return {
      TryStatement(node) {
        const loop = loopOf(node);
        if (!loop || (loop.type !== AST_NODE_TYPES.WhileStatement && loop.type !== AST_NODE_TYPES.DoWhileStatement && loop.type !== AST_NODE_TYPES.ForStatement)) return;
        if (isRetryTry(node)) checkLoop(loop, node);
      },
      CatchClause(node) {
        checkRecursion(node.body, undefined);
      },
      CallExpression(node) {
        if (mayUseRetryLibrary) checkLibraryCall(node);
        const callee = unwrap(node.callee);
        if (callee.type === AST_NODE_TYPES.MemberExpression && memberName(callee) === 'catch' && node.arguments[0] && isFunctionNode(node.arguments[0])) {
          checkRecursion(node.arguments[0].body, node.arguments[0]);
        }
      },
    };
  },
});
