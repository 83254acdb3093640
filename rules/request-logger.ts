import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { staticString, unwrap } from './_utils/ast.js';
import { createRule } from './_utils/create-rule.js';
import { fileMatches } from './_utils/globs.js';
import { fileRoles } from './_utils/guard.js';
import { isProcedureFunction, LOG_METHODS, logCallOf } from './_utils/logger.js';

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
  return hasText && operands.some((operand) => staticString(operand) === undefined);
}

/** The enclosing tRPC resolver or middleware, when the call runs inside one (a request's ctx is in scope). */
function insideProcedure(context: Context, node: TSESTree.Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (
      (current.type === AST_NODE_TYPES.ArrowFunctionExpression || current.type === AST_NODE_TYPES.FunctionExpression) &&
      isProcedureFunction(context, current)
    ) {
      return true;
    }
  }
  return false;
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
      consoleInServer: '`console.{{method}}` in server code; log through the logger module ({{loggerGlobs}}) or `ctx.logger`.',
      moduleLoggerInProcedure: 'A module-level logger in a procedure; use the request-scoped `ctx.logger`, which carries the request id.',
      interpolatedMessage: 'Log message built from values; pass them as fields: `log.{{method}}({ id }, \'constant message\')`.',
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
    defaultOptions: [{ allowConsole: [], checkInterpolation: true }],
  },
  create(context, [options]) {
    const { guard, roles } = fileRoles(context);
    // The logger module wraps the output itself; the env module is imported by the logger, so it cannot log through it.
    if (!roles.has('server') || roles.has('logger') || roles.has('env')) return {};
    const inRouter = roles.has('routers') || roles.has('appRouter');
    const consoleAllowed = fileMatches(context, options.allowConsole);
    const loggerGlobs = guard.config.roles.logger.join(', ') || 'the logger module';

    return {
      CallExpression(node) {
        const log = logCallOf(context, node);
        if (!log || !LOG_METHODS.has(log.method)) return;
        if (log.origin === 'console') {
          if (!consoleAllowed) context.report({ node: node.callee, messageId: 'consoleInServer', data: { method: log.method, loggerGlobs } });
          // One finding per console call: its message style is moot once it moves to the logger.
          return;
        }
        if (inRouter && log.origin === 'module' && insideProcedure(context, node)) {
          context.report({ node: log.logger, messageId: 'moduleLoggerInProcedure' });
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
    };
  },
});

