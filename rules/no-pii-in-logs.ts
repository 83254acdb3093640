import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import { initializerOf, memberName, unwrap, variableOf } from './_utils/ast.js';
import { createRule } from './_utils/create-rule.js';
import { fileRoles } from './_utils/guard.js';
import { isHonoContext, isProcedureContext, logCallOf, procedureOptionOf } from './_utils/logger.js';

export type Options = [{ fields?: string[]; allowFields?: string[] }];
export type MessageIds = 'personalField' | 'wholeObject';

type Context = Readonly<TSESLint.RuleContext<MessageIds, Options>>;

/** Personal data (LGPD) and credentials, as words of a field name, Portuguese and English. */
const PERSONAL_WORDS: ReadonlyMap<string, string> = new Map([
  ['cpf', 'a CPF'],
  ['cnpj', 'a CNPJ'],
  ['rg', 'an RG'],
  ['email', 'an email address'],
  ['telefone', 'a phone number'],
  ['celular', 'a phone number'],
  ['phone', 'a phone number'],
  ['whatsapp', 'a phone number'],
  ['senha', 'a password'],
  ['password', 'a password'],
  ['passwd', 'a password'],
  ['token', 'a token'],
  ['endereco', 'an address'],
  ['address', 'an address'],
  ['nascimento', 'a birth date'],
  ['birthdate', 'a birth date'],
  ['birthday', 'a birth date'],
  ['dob', 'a birth date'],
]);

/** Two-word terms, joined: `birthDate`, `dateOfBirth`, `data_nascimento` (the latter is covered by `nascimento`). */
const PERSONAL_PAIRS: ReadonlyMap<string, string> = new Map([
  ['birth date', 'a birth date'],
  ['date birth', 'a birth date'],
  ['e mail', 'an email address'],
]);

/**
 * Words after a personal word that make the field about the data, not the data itself:
 * `emailSent`, `tokenCount`, `phoneVerified`, `passwordHash`, `tokenExpiresAt`.
 */
const METADATA_WORDS = new Set([
  'sent', 'verified', 'confirmed', 'count', 'counts', 'length', 'size', 'type', 'kind', 'status', 'state', 'id', 'ids',
  'hash', 'hashed', 'digest', 'provider', 'domain', 'enabled', 'disabled', 'valid', 'invalid', 'exists', 'present', 'missing',
  'required', 'changed', 'updated', 'set', 'at', 'expires', 'expiry', 'expired', 'expiration', 'ttl', 'version', 'template',
  'format', 'source', 'field', 'fields', 'key', 'name', 'label', 'error', 'errors', 'reason', 'attempts', 'retries', 'usage',
  'used', 'limit', 'masked', 'redacted', 'last4', 'suffix', 'prefix', 'opt', 'optin', 'optout', 'consent', 'bounced',
  'delivered', 'opened', 'clicked', 'queued', 'failed', 'enviado', 'enviada', 'verificado', 'verificada', 'confirmado',
  'confirmada', 'valido', 'valida', 'tipo', 'existe', 'quantidade', 'total', 'tamanho',
]);

/** Words before `address`/`token` that make it technical, not personal: `serverAddress`, `nextPageToken`. */
const TECHNICAL_QUALIFIERS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['address', new Set(['server', 'listen', 'bind', 'host', 'socket', 'mac', 'wallet', 'contract', 'memory', 'network', 'local', 'base', 'hex', 'pointer', 'deposit', 'multisig', 'smtp', 'relay'])],
  ['token', new Set(['page', 'next', 'prev', 'previous', 'continuation', 'pagination', 'cursor', 'cancel', 'cancellation', 'sync', 'lexer', 'parse', 'parser', 'idempotency', 'csrf', 'xsrf', 'max', 'input', 'output', 'completion', 'prompt', 'total', 'cache', 'ai', 'llm'])],
]);

const LINKING_WORDS = new Set(['of', 'de', 'do', 'da', 'dos', 'das']);

/** `userEmail` → user, email; `data_nascimento` → data, nascimento; `E164Phone` → e164, phone. */
function words(name: string): string[] {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .map((word) => word.toLowerCase())
    // `dateOfBirth`, `emailDoCliente`: linking words carry nothing.
    .filter((word) => word.length > 0 && !LINKING_WORDS.has(word));
}

/**
 * What personal data a field name carries, if any. A personal word must be the name's head: the
 * last word (`userEmail`, `customer_phone`) or the first followed by a qualifier that is not
 * metadata (Portuguese order: `emailCliente`, `enderecoEntrega`). `emailSent`, `tokenCount` and
 * `phoneVerified` describe the data without carrying it.
 */
function personalDataOf(name: string, extra: ReadonlyMap<string, string>): string | undefined {
  const parts = words(name);
  if (parts.length === 0) return undefined;
  const single = (word: string): string | undefined => PERSONAL_WORDS.get(word) ?? extra.get(word);
  // Plurals: `emails`, `telefones`, `addresses`.
  const lookup = (word: string): string | undefined =>
    single(word) ?? (word.endsWith('s') ? (single(word.slice(0, -1)) ?? (word.endsWith('es') ? single(word.slice(0, -2)) : undefined)) : undefined);
  const joined = parts.join('');
  const whole = lookup(joined) ?? PERSONAL_PAIRS.get(parts.join(' '));
  if (whole) return whole;
  for (let index = 0; index < parts.length; index++) {
    const word = parts[index]!;
    const pair = index + 1 < parts.length ? PERSONAL_PAIRS.get(`${word} ${parts[index + 1]}`) : undefined;
    const found = pair ?? lookup(word);
    if (!found) continue;
    const end = pair ? index + 2 : index + 1;
    const after = parts.slice(end);
    const before = index > 0 ? parts[index - 1] : undefined;
    const base = PERSONAL_WORDS.has(word) ? word : word.replace(/e?s$/, '');
    if (before !== undefined && TECHNICAL_QUALIFIERS.get(base)?.has(before)) continue;
    if (after.length === 0) return found;
    if (after.some((next) => METADATA_WORDS.has(next))) continue;
    // Only a head word counts: `emailCliente` (first) or `userEmail` (last), not a word in the middle.
    if (index === 0) return found;
  }
  return undefined;
}

/** The value-producing methods of a Hono request (`c.req.json()`) whose result is the whole request body. */
const BODY_METHODS = new Set(['json', 'text', 'parseBody', 'formData', 'arrayBuffer', 'blob']);

export default createRule<Options, MessageIds>({
  name: 'no-pii-in-logs',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow personal data in log calls',
      recommended: 'recommended',
      requiresTypeChecking: false,
    },
    messages: {
      personalField: '`{{name}}` looks like {{what}} (personal data); log an id instead.',
      wholeObject: 'Whole {{what}} logged; log only the ids and fields you need.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          fields: {
            type: 'array',
            items: { type: 'string' },
            description: 'More personal words, lower case, matched as words of a field name (`mae` makes `nomeMae` personal).',
          },
          allowFields: {
            type: 'array',
            items: { type: 'string' },
            description: 'Field names that are never personal data in this project, exactly as written (e.g. `emailTemplate`).',
          },
        },
      },
    ],
    defaultOptions: [{ fields: [], allowFields: [] }],
  },
  create(context, [options]) {
    const { roles } = fileRoles(context);
    if (!roles.has('server')) return {};
    const extra = new Map((options.fields ?? []).map((word) => [word.toLowerCase(), 'personal data']));
    const allowed = new Set(options.allowFields ?? []);
    const personal = (name: string): string | undefined => (allowed.has(name) ? undefined : personalDataOf(name, extra));

    const reportField = (node: TSESTree.Node, name: string, what: string): void => {
      context.report({ node, messageId: 'personalField', data: { name, what } });
    };

    /** What whole object `node` is, when logging it whole would log someone's data. */
    const wholeObject = (node: TSESTree.Node, depth = 0): string | undefined => {
      const inner = unwrap(node);
      if (depth > 3) return undefined;
      if (inner.type === AST_NODE_TYPES.AwaitExpression) return wholeObject(inner.argument, depth + 1);
      if (inner.type === AST_NODE_TYPES.Identifier) {
        const variable = variableOf(context, inner);
        const option = procedureOptionOf(context, variable);
        if (option === 'input') return 'procedure `input`';
        // A service's parameter named `input` is, by the house convention, the procedure input handed on.
        const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
        if (def?.type === 'Parameter' && def.name.type === AST_NODE_TYPES.Identifier && def.name.name === 'input') return '`input`';
        const init = initializerOf(variable);
        return init ? wholeObject(init, depth + 1) : undefined;
      }
      if (inner.type === AST_NODE_TYPES.MemberExpression) {
        const name = memberName(inner);
        if (name === 'input' && unwrap(inner.object).type === AST_NODE_TYPES.Identifier && procedureOptionOf(context, variableOf(context, unwrap(inner.object) as TSESTree.Identifier)) === '*') {
          return 'procedure `input`';
        }
        if (name === 'user' && isRequestContext(context, inner.object)) return '`ctx.user`';
        return undefined;
      }
      if (inner.type === AST_NODE_TYPES.CallExpression) {
        const callee = unwrap(inner.callee);
        if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
        const method = memberName(callee);
        const target = unwrap(callee.object);
        // Hono: `c.req.json()`, `c.req.parseBody()`, `c.req.valid('json')`.
        if (
          method !== undefined &&
          (BODY_METHODS.has(method) || method === 'valid') &&
          target.type === AST_NODE_TYPES.MemberExpression &&
          memberName(target) === 'req' &&
          isHonoContext(context, target.object)
        ) {
          return 'request body';
        }
        return undefined;
      }
      return undefined;
    };

    /** Walks a logged value: field names and values that carry personal data, whole objects spread or passed. */
    const inspect = (node: TSESTree.Node, depth: number): void => {
      if (depth > 4) return;
      const inner = unwrap(node);
      switch (inner.type) {
        case AST_NODE_TYPES.ObjectExpression:
          for (const property of inner.properties) {
            if (property.type === AST_NODE_TYPES.SpreadElement) {
              const what = wholeObject(property.argument);
              if (what) context.report({ node: property, messageId: 'wholeObject', data: { what } });
              else inspect(property.argument, depth + 1);
              continue;
            }
            const key = property.computed ? undefined : property.key.type === AST_NODE_TYPES.Identifier ? property.key.name : property.key.type === AST_NODE_TYPES.Literal ? String(property.key.value) : undefined;
            const what = key === undefined ? undefined : personal(key);
            if (key !== undefined && what) {
              reportField(property.key, key, what);
              continue;
            }
            inspect(property.value, depth + 1);
          }
          return;
        case AST_NODE_TYPES.ArrayExpression:
          for (const element of inner.elements) if (element) inspect(element, depth + 1);
          return;
        case AST_NODE_TYPES.SpreadElement:
          inspect(inner.argument, depth + 1);
          return;
        case AST_NODE_TYPES.TemplateLiteral:
          for (const expression of inner.expressions) inspect(expression, depth + 1);
          return;
        case AST_NODE_TYPES.BinaryExpression:
          if (inner.operator === '+') {
            inspect(inner.left, depth + 1);
            inspect(inner.right, depth + 1);
          }
          return;
        case AST_NODE_TYPES.LogicalExpression:
          inspect(inner.left, depth + 1);
          inspect(inner.right, depth + 1);
          return;
        case AST_NODE_TYPES.ConditionalExpression:
          inspect(inner.consequent, depth + 1);
          inspect(inner.alternate, depth + 1);
          return;
        case AST_NODE_TYPES.CallExpression: {
          // `JSON.stringify(input)`, `String(user.email)`: the value itself, serialised.
          const callee = unwrap(inner.callee);
          const serialises =
            (callee.type === AST_NODE_TYPES.MemberExpression && memberName(callee) === 'stringify') ||
            (callee.type === AST_NODE_TYPES.Identifier && callee.name === 'String');
          if (serialises && inner.arguments[0]) inspect(inner.arguments[0], depth + 1);
          else {
            const what = wholeObject(inner);
            if (what) context.report({ node: inner, messageId: 'wholeObject', data: { what } });
          }
          return;
        }
        case AST_NODE_TYPES.Identifier:
        case AST_NODE_TYPES.MemberExpression:
        case AST_NODE_TYPES.AwaitExpression: {
          const what = wholeObject(inner);
          if (what) {
            context.report({ node: inner, messageId: 'wholeObject', data: { what } });
            return;
          }
          // `user.email`, `email`: a value that is personal data by its name.
          const name = inner.type === AST_NODE_TYPES.Identifier ? inner.name : inner.type === AST_NODE_TYPES.MemberExpression ? memberName(inner) : undefined;
          const personalWhat = name === undefined ? undefined : personal(name);
          if (name !== undefined && personalWhat) reportField(inner, name, personalWhat);
          return;
        }
        default:
          return;
      }
    };

    return {
      CallExpression(node) {
        const log = logCallOf(context, node);
        if (!log) return;
        for (const argument of node.arguments) inspect(argument, 0);
      },
    };
  },
});

/**
 * The request context: a procedure's `ctx` (or `opts.ctx`), or a service's parameter named `ctx`,
 * the name the house convention gives the context handed from a resolver to its service.
 */
function isRequestContext(context: Context, node: TSESTree.Node): boolean {
  if (isProcedureContext(context, node)) return true;
  const inner = unwrap(node);
  if (inner.type !== AST_NODE_TYPES.Identifier || inner.name !== 'ctx') return false;
  const def = variableOf(context, inner)?.defs[0];
  return def?.type === 'Parameter';
}
