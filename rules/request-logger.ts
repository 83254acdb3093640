import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import type ts from 'typescript';
import { memberName, staticString, unwrap } from './_utils/ast.js';
import { createRule } from './_utils/create-rule.js';
import { fileMatches } from './_utils/globs.js';
import { fileRoles } from './_utils/guard.js';
import { isUnresolvedType } from './_utils/drizzle-db.js';
import { isProcedureContext, isProcedureFunction, LOG_METHODS, logCallOf } from './_utils/logger.js';
import { isGlobalReference } from './_utils/modules.js';
import { typeServices } from './_utils/type-services.js';

export type Options = [{ allowConsole?: string[]; checkInterpolation?: boolean }];
export type MessageIds = 'consoleInServer' | 'moduleLoggerInProcedure' | 'interpolatedMessage';

type Context = Readonly<TSESLint.RuleContext<MessageIds, Options>>;

// printf-style placeholders of pino, winston (splat), consola and console: `log.info('user %s', id)`.
const FORMAT_SPECIFIER = /%[sdifjoOc]/;

/** True for a string built from values at run time: a template with expressions or a `+` with a non-literal operand. */
function isInterpolated(node: TSESTree.Node): boolean {
  const inner = unwrap(node);
  if (inner.type === AST_NODE_TYPES.TemplateLiteral) return inner.expressions.length > 0;
  if (inner.type !== AST_NODE_TYPES.BinaryExpression || inner.operator !== '+') return false;
  const operands: TSESTree.Node[] = [];
  const collect = (part: TSESTree.Node): void => {
    const value = unwrap(part);
    if (value.type === AST_NODE_TYPES.BinaryExpression && value.operator === '+') {
      collect(value.left);
      collect(value.right);
    } else operands.push(value);
  };
  collect(inner);
  // String concatenation: some operand is text; interpolation: some operand is not a constant.
  const hasText = operands.some((operand) => staticString(operand) !== undefined || operand.type === AST_NODE_TYPES.TemplateLiteral);
  return hasText && operands.some((operand) => operand.type !== AST_NODE_TYPES.Literal && staticString(operand) === undefined);
}

type ProcedureFunction = TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression;

/** The enclosing tRPC resolver or middleware, when the call runs inside one (a request's ctx is in scope). */
function enclosingProcedure(context: Context, node: TSESTree.Node): ProcedureFunction | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (
      (current.type === AST_NODE_TYPES.ArrowFunctionExpression || current.type === AST_NODE_TYPES.FunctionExpression) &&
      isProcedureFunction(context, current)
    ) {
      return current;
    }
  }
  return undefined;
}

/**
 * With type information: whether the procedure's `ctx` has a `logger` (or `log`) property. Undefined
 * without types or when the options type does not resolve: then only the file's own use of
 * `ctx.logger` is evidence that a request logger exists.
 */
function contextTypeHasLogger(context: Context, fn: ProcedureFunction): boolean | undefined {
  const info = typeServices(context);
  if (!info) return undefined;
  const options = fn.params[0];
  let type: ts.Type | undefined;
  if (options) type = info.services.getTypeAtLocation(options);
  else {
    // `() => ...` declares no options parameter: ask the signature tRPC expects there.
    const contextual = info.checker.getContextualType(info.services.esTreeNodeToTSNodeMap.get(fn) as ts.Expression);
    const parameter = contextual?.getCallSignatures()[0]?.parameters[0];
    type = parameter ? info.checker.getTypeOfSymbol(parameter) : undefined;
  }
  if (!type || isUnresolvedType(type)) return undefined;
  const ctx = type.getProperty('ctx');
  if (!ctx) return undefined;
  const ctxType = info.checker.getTypeOfSymbol(ctx);
  if (isUnresolvedType(ctxType)) return undefined;
  return ctxType.getProperty('logger') !== undefined || ctxType.getProperty('log') !== undefined;
}

export default createRule<Options, MessageIds>({
  name: 'request-logger',
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Require logging through the request-scoped logger with structured fields',
      recommended: 'recommended',
      requiresTypeChecking: false,
    },
    messages: {
      consoleInServer: '`console.{{method}}` in server code; use {{loggerModule}} or `ctx.logger`.',
      moduleLoggerInProcedure: 'Module logger in a procedure; log through `ctx.logger`, bound to the request.',
      interpolatedMessage: 'Log message built from values; pass them as fields: `log.{{method}}({ id }, \'text\')`.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          allowConsole: {
            type: 'array',
            items: { type: 'string' },
            description: 'Globs (relative to the root) of server files that may use `console`, such as a start-up script.',
          },
          checkInterpolation: {
            type: 'boolean',
            description: 'Report log messages built with template literals, `+` or printf-style placeholders.',
          },
        },
      },
    ],
    defaultOptions: [{ allowConsole: ['**/scripts/**'], checkInterpolation: true }],
  },
  create(context, [options]) {
    const { guard, roles } = fileRoles(context);
    // The logger module wraps the output itself; the env module is imported by the logger, so it cannot log through it.
    if (!roles.has('server') || roles.has('logger') || roles.has('env')) return {};
    const inRouter = roles.has('routers') || roles.has('appRouter');
    const consoleAllowed = fileMatches(context, options.allowConsole);
    // Named by its globs only when the config names them: the defaults' paths may not exist here.
    const loggerGlobs = guard.config.configuredRoles.includes('logger') ? guard.config.roles.logger.join(', ') : '';
    const loggerModule = loggerGlobs === '' ? 'the logger module' : `the logger module (${loggerGlobs})`;

    // Module loggers inside procedures wait for the end of the file: a `ctx.logger` anywhere in it
    // shows the request logger exists even when types cannot say.
    const moduleLoggerCalls: { logger: TSESTree.Node; fn: ProcedureFunction }[] = [];
    let fileUsesCtxLogger = false;

    return {
      MemberExpression(node) {
        if (!inRouter || fileUsesCtxLogger) return;
        const name = memberName(node);
        if ((name === 'logger' || name === 'log') && isProcedureContext(context, node.object)) fileUsesCtxLogger = true;
      },
      CallExpression(node) {
        // Any console method (`time`, `group`, `count` too): server output goes through the logger.
        const callee = unwrap(node.callee);
        if (callee.type === AST_NODE_TYPES.MemberExpression && isGlobalReference(context, callee.object, 'console')) {
          const method = memberName(callee);
          if (!consoleAllowed && method !== undefined) context.report({ node: node.callee, messageId: 'consoleInServer', data: { method, loggerModule } });
          // One finding per console call: its message style is moot once it moves to the logger.
          return;
        }
        const log = logCallOf(context, node);
        if (!log || !LOG_METHODS.has(log.method) || log.origin === 'console') return;
        if (inRouter && log.origin === 'module') {
          const fn = enclosingProcedure(context, node);
          if (fn) moduleLoggerCalls.push({ logger: log.logger, fn });
        }
        if (options.checkInterpolation === false) return;
        const interpolated = node.arguments.find((argument) => isInterpolated(argument));
        if (interpolated) {
          context.report({ node: interpolated, messageId: 'interpolatedMessage', data: { method: log.method } });
          return;
        }
        // `log.info('charge %s paid', id)`: the value goes into the text, not into a field.
        const formatIndex = node.arguments.findIndex((argument) => FORMAT_SPECIFIER.test(staticString(argument) ?? ''));
        if (formatIndex !== -1 && formatIndex < node.arguments.length - 1) {
          context.report({ node: node.arguments[formatIndex]!, messageId: 'interpolatedMessage', data: { method: log.method } });
        }
      },
      'Program:exit'() {
        for (const { logger, fn } of moduleLoggerCalls) {
          if (fileUsesCtxLogger || contextTypeHasLogger(context, fn) === true) {
            context.report({ node: logger, messageId: 'moduleLoggerInProcedure' });
          }
        }
      },
    };
  },
});
