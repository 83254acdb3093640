import type { TSESTree } from '@typescript-eslint/utils';
import { createRule } from './_utils/create-rule.js';
import { fileMatches } from './_utils/globs.js';
import { fileRoles } from './_utils/guard.js';

export type Options = [{ checkTests?: boolean; ignore?: string[] }];
export type MessageIds = 'hardcodedSecret';

interface SecretShape {
  /** What the message calls it (never the value). */
  kind: string;
  pattern: RegExp;
  /** A further check on the match (placeholders, a header that is not JSON). */
  accept?: (match: RegExpExecArray) => boolean;
}

// Passwords that are documentation, not credentials: `postgres://user:password@host`.
const PLACEHOLDER_PASSWORD = /^(?:pass(?:word)?|passwd|pwd|secret|changeme|change[-_]?me|example|your[-_]?password|mypassword|senha|x+|\*+|\.+|_+)$/i;
// A password that is itself a placeholder in brackets or a template marker: `<password>`, `{{pass}}`, `[PASSWORD]`, `$PASSWORD`, `%s`.
const TEMPLATED_PASSWORD = /^(?:<[^>]*>|\{\{?[^}]*\}\}?|\[[^\]]*\]|\$\{?[A-Za-z_]\w*\}?|%[sd])$/;
// Local-only databases: a password there unlocks nothing outside the developer's machine or CI.
const LOCAL_HOST = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\]|0\.0\.0\.0|host\.docker\.internal)$/i;

function isJwtHeader(segment: string): boolean {
  try {
    const header = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as unknown;
    return typeof header === 'object' && header !== null && typeof (header as { alg?: unknown }).alg === 'string';
  } catch {
    return false;
  }
}

/**
 * Shapes of live credentials, each anchored on a provider's fixed prefix or structure with enough
 * random-looking characters after it that a prefix mentioned in prose or a check does not match.
 */
const SHAPES: readonly SecretShape[] = [
  // Clerk and Stripe share the `sk_live_`/`sk_test_` shape; Stripe restricted keys are `rk_`.
  { kind: 'Clerk or Stripe secret key', pattern: /\b[sr]k_(?:live|test)_[A-Za-z0-9]{16,}/ },
  { kind: 'svix webhook signing secret', pattern: /\bwhsec_[A-Za-z0-9+/=]{20,}/ },
  { kind: 'Asaas API key', pattern: /\$aact_[A-Za-z0-9_+/=:$-]{20,}/ },
  {
    kind: 'private key',
    pattern: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----\s*[A-Za-z0-9+/=\s]{32,}/,
  },
  {
    kind: 'JSON Web Token',
    pattern: /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}/,
    accept: (match) => isJwtHeader(match[0].split('.')[0]!),
  },
  {
    kind: 'database URL with a password',
    pattern: /\b(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?):\/\/([^:/?#@\s]+):([^@/?#\s]+)@([^:/?#\s]+)/i,
    accept: (match) => {
      const password = decodeSafely(match[2]!);
      return !PLACEHOLDER_PASSWORD.test(password) && !TEMPLATED_PASSWORD.test(password) && !LOCAL_HOST.test(match[3]!);
    },
  },
];

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The kind of credential `text` contains, if any. */
function secretKind(text: string): string | undefined {
  for (const shape of SHAPES) {
    const match = shape.pattern.exec(text);
    if (match && (shape.accept?.(match) ?? true)) return shape.kind;
  }
  return undefined;
}

// Every shape needs one of these characters sequences; most strings are dismissed by one scan.
const QUICK = /[sr]k_|whsec_|aact_|PRIVATE KEY|eyJ|:\/\//;

export default createRule<Options, MessageIds>({
  name: 'no-hardcoded-secrets',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow credentials hard-coded in string literals',
      recommended: 'recommended',
      requiresTypeChecking: false,
    },
    messages: {
      hardcodedSecret: 'Hard-coded {{kind}}; read it from the validated `env` and rotate it.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          checkTests: {
            type: 'boolean',
            description: 'Also check files of the tests role (test keys there are usually fakes).',
          },
          ignore: {
            type: 'array',
            items: { type: 'string' },
            description: 'Globs (relative to the root) of files not checked, such as test fixtures.',
          },
        },
      },
    ],
    defaultOptions: [{ checkTests: false, ignore: ['**/fixtures/**', '**/__fixtures__/**', '**/testdata/**'] }],
  },
  create(context, [options]) {
    const { roles } = fileRoles(context);
    // Every file, not only server code: a key in a script or a client bundle leaks the same way.
    if (roles.has('tests') && !options.checkTests) return {};
    if (fileMatches(context, options.ignore)) return {};

    const check = (node: TSESTree.Node, text: string): void => {
      if (!QUICK.test(text)) return;
      const kind = secretKind(text);
      if (kind !== undefined) context.report({ node, messageId: 'hardcodedSecret', data: { kind } });
    };
    return {
      Literal(node) {
        if (typeof node.value === 'string') check(node, node.value);
      },
      TemplateElement(node) {
        // A credential split by an expression (`postgres://u:${p}@h`) is not in one piece: each part alone.
        check(node, node.value.cooked ?? node.value.raw);
      },
      JSXText(node) {
        check(node, node.value);
      },
    };
  },
});
