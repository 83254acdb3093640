import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import { createRule } from './_utils/create-rule.js';
import { memberName, unwrap } from './_utils/ast.js';
import { configuredFunctionOf, configuredFunctionsSchema, configuredMemberOf, type ConfiguredFunction } from './_utils/configured-functions.js';
import { fileRoles } from './_utils/guard.js';
import { forEachCall, isFunctionNode, resolveFunction, viewOf, type FunctionNode, type ModuleView } from './_utils/module-view.js';
import { isGlobalReference } from './_utils/modules.js';

export type Options = [{ runners?: ConfiguredFunction[] }];
export type MessageIds = 'unwrappedJob';

const MAX_DEPTH = 3;

interface Registration {
  /** What registered the job, for the message. */
  what: string;
  /** The callback (function, call or reference) the scheduler will run. */
  callback: TSESTree.Node;
}

/** The import a name or `ns.name` stands for in the module view: [source, export name]. */
function importOf(view: ModuleView, node: TSESTree.Node): [string, string] | undefined {
  const inner = unwrap(node);
  if (inner.type === AST_NODE_TYPES.Identifier) {
    const imported = view.imports.get(inner.name);
    return imported ? [imported.source, imported.imported] : undefined;
  }
  if (inner.type !== AST_NODE_TYPES.MemberExpression || inner.object.type !== AST_NODE_TYPES.Identifier) return undefined;
  const namespace = view.imports.get(inner.object.name);
  const name = memberName(inner);
  // `import cron from 'node-cron'` (CommonJS default) and `import * as cron from 'node-cron'` both expose `cron.schedule`.
  if (!namespace || name === undefined || (namespace.imported !== '*' && namespace.imported !== 'default')) return undefined;
  return [namespace.source, name];
}

const lastFunctionLike = (args: readonly TSESTree.CallExpressionArgument[]): TSESTree.Node | undefined => {
  const last = args.at(-1);
  if (!last || last.type === AST_NODE_TYPES.SpreadElement) return undefined;
  const inner = unwrap(last);
  // Options objects and schedule strings are not callbacks.
  if (inner.type === AST_NODE_TYPES.ObjectExpression || inner.type === AST_NODE_TYPES.Literal || inner.type === AST_NODE_TYPES.TemplateLiteral) return undefined;
  return last;
};

function onTickOf(node: TSESTree.Node | undefined): TSESTree.Node | undefined {
  const inner = node && unwrap(node);
  if (inner?.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
  for (const property of inner.properties) {
    if (property.type === AST_NODE_TYPES.Property && !property.computed && property.key.type === AST_NODE_TYPES.Identifier && property.key.name === 'onTick') {
      return property.value;
    }
  }
  return undefined;
}

export default createRule<Options, MessageIds>({
  name: 'scheduled-job-wrapper',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require cron callbacks to run through the configured job runner',
      recommended: 'recommended',
      requiresTypeChecking: false,
    },
    messages: {
      unwrappedJob: 'This {{what}} callback does not run through {{runners}}; wrap it (lock, idempotency, catch-up).',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          runners: configuredFunctionsSchema(
            "The job runners a scheduled callback must go through (e.g. `{ name: 'runJob', from: 'server/jobs/runner' }`).",
          ),
        },
      },
    ],
    defaultOptions: [{ runners: [{ name: 'runJob' }, { name: 'withJobLock' }] }],
  },
  create(context, [options]) {
    const { guard, roles } = fileRoles(context);
    if (!roles.has('server')) return {};
    const inScheduler = roles.has('scheduler');
    const runners = options.runners ?? [];
    const root = guard.roles.root;
    const runnerNames = runners.length === 0 ? 'a job runner' : runners.map((runner) => `\`${runner.name}\``).join(' or ');
    let view: ModuleView | undefined;
    const moduleView = (): ModuleView => (view ??= viewOf(context.sourceCode.ast, context.filename));

    const isRunnerCallee = (scope: ModuleView, callee: TSESTree.Node): boolean => {
      const inner = unwrap(callee);
      if (inner.type === AST_NODE_TYPES.Identifier) return configuredFunctionOf(scope, inner.name, runners, root) !== undefined;
      const method = memberName(inner);
      if (inner.type !== AST_NODE_TYPES.MemberExpression || method === undefined || inner.object.type !== AST_NODE_TYPES.Identifier) return false;
      return configuredMemberOf(scope, inner.object.name, method, runners, root) !== undefined;
    };

    /** Does the function run a runner (directly or through helpers it calls, a few levels deep)? */
    const functionRuns = (scope: ModuleView, fn: FunctionNode, depth: number, seen: Set<FunctionNode>): boolean => {
      if (seen.has(fn)) return false;
      seen.add(fn);
      let found = false;
      forEachCall(fn.body, (call) => {
        if (found || call.type !== AST_NODE_TYPES.CallExpression) return;
        if (isRunnerCallee(scope, call.callee)) found = true;
        else if (depth < MAX_DEPTH) {
          const callee = unwrap(call.callee);
          const helper = callee.type === AST_NODE_TYPES.Identifier ? resolveFunction(scope, callee.name) : undefined;
          if (helper && functionRuns(helper.view, helper.fn, depth + 1, seen)) found = true;
        }
      });
      return found;
    };

    const isWrapped = (scope: ModuleView, callback: TSESTree.Node, depth = 0): boolean => {
      const inner = unwrap(callback);
      if (isFunctionNode(inner)) return functionRuns(scope, inner, depth, new Set());
      if (inner.type === AST_NODE_TYPES.CallExpression) {
        // `withJobLock('name', fn)`, or a factory of this module (`jobCallback(job)`) whose body runs the runner.
        if (isRunnerCallee(scope, inner.callee)) return true;
        const callee = unwrap(inner.callee);
        const factory = callee.type === AST_NODE_TYPES.Identifier ? resolveFunction(scope, callee.name) : undefined;
        return factory !== undefined && functionRuns(factory.view, factory.fn, depth, new Set());
      }
      if (inner.type === AST_NODE_TYPES.Identifier) {
        if (isRunnerCallee(scope, inner)) return true;
        const fn = resolveFunction(scope, inner.name);
        if (fn) return functionRuns(fn.view, fn.fn, depth, new Set());
        const init = scope.constants.get(inner.name);
        return init !== undefined && depth < MAX_DEPTH && isWrapped(scope, init, depth + 1);
      }
      return false;
    };

    const registrationOf = (node: TSESTree.CallExpression | TSESTree.NewExpression): Registration | undefined => {
      const callee = unwrap(node.callee);
      // `Bun.cron(schedule, handler)`; the (path, schedule, title) overload registers a script, not a callback.
      if (
        node.type === AST_NODE_TYPES.CallExpression &&
        memberName(callee) === 'cron' &&
        callee.type === AST_NODE_TYPES.MemberExpression &&
        isGlobalReference(context, callee.object, 'Bun')
      ) {
        const handler = node.arguments[1];
        return handler && node.arguments.length === 2 ? { what: '`Bun.cron`', callback: handler } : undefined;
      }
      if (inScheduler && node.type === AST_NODE_TYPES.CallExpression && isGlobalReference(context, callee, 'setInterval')) {
        const handler = node.arguments[0];
        return handler ? { what: '`setInterval`', callback: handler } : undefined;
      }
      const imported = callee.type === AST_NODE_TYPES.Identifier || callee.type === AST_NODE_TYPES.MemberExpression ? importOf(moduleView(), callee) : undefined;
      if (imported) {
        const [source, name] = imported;
        if (source === 'croner' && (name === 'Cron' || name === 'default')) {
          const callback = lastFunctionLike(node.arguments);
          return callback && node.arguments.length >= 2 ? { what: 'croner `Cron`', callback } : undefined;
        }
        if (source === 'node-cron' && name === 'schedule') {
          const callback = node.arguments[1];
          return callback ? { what: 'node-cron `schedule`', callback } : undefined;
        }
        if (source === 'node-schedule' && name === 'scheduleJob') {
          const callback = lastFunctionLike(node.arguments);
          return callback ? { what: 'node-schedule `scheduleJob`', callback } : undefined;
        }
        if (source === 'cron' && name === 'CronJob' && node.type === AST_NODE_TYPES.NewExpression) {
          const callback = onTickOf(node.arguments[0]) ?? node.arguments[1];
          return callback ? { what: '`CronJob`', callback } : undefined;
        }
      }
      // `CronJob.from({ cronTime, onTick })`.
      if (callee.type === AST_NODE_TYPES.MemberExpression && memberName(callee) === 'from') {
        const owner = importOf(moduleView(), callee.object);
        const callback = owner?.[0] === 'cron' && owner[1] === 'CronJob' ? onTickOf(node.arguments[0]) : undefined;
        return callback ? { what: '`CronJob.from`', callback } : undefined;
      }
      return undefined;
    };

    const check = (node: TSESTree.CallExpression | TSESTree.NewExpression): void => {
      const registration = registrationOf(node);
      if (!registration || isWrapped(moduleView(), registration.callback)) return;
      context.report({ node: node.callee, messageId: 'unwrappedJob', data: { what: registration.what, runners: runnerNames } });
    };
    return { CallExpression: check, NewExpression: check };
  },
});
