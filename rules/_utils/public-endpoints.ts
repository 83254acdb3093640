import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import { initializerOf, memberName, staticString, unwrap, VALUE_WRAPPERS, variableOf } from './ast.js';
import type { AnyContext } from './trpc-file.js';
import type { Procedure, ProcedurePath } from './trpc-model.js';

/**
 * Deliberately public procedures: the marker comment a team writes next to one, and the public
 * flows every product has (authentication, links mailed with a token) that need no marker.
 */

/** `// backend-guard-public: <reason>` directly above a procedure declares it public on purpose. */
export const PUBLIC_MARKER = 'backend-guard-public';
const MARKER = new RegExp(String.raw`^[\s*]*${PUBLIC_MARKER}(?![\w-])\s*(?:[:\-–—]+\s*)?([\s\S]*)$`);

export interface PublicMarker {
  comment: TSESTree.Comment;
  /** The reason after the marker, trimmed; empty when none was given. */
  reason: string;
}

/**
 * The statement or property that holds a procedure: `key: <procedure>` in a router object, or the
 * declaration `[export] const name = <procedure>`. Its leading comments are the procedure's.
 */
function holderOf(call: TSESTree.CallExpression): TSESTree.Node | undefined {
  let node: TSESTree.Node = call;
  while (node.parent && VALUE_WRAPPERS.has(node.parent.type)) node = node.parent;
  const parent = node.parent;
  if (parent?.type === AST_NODE_TYPES.Property && parent.value === node) return parent;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === node) {
    const declaration = parent.parent;
    return declaration.parent.type === AST_NODE_TYPES.ExportNamedDeclaration ? declaration.parent : declaration;
  }
  if (parent?.type === AST_NODE_TYPES.ExportDefaultDeclaration) return parent;
  return undefined;
}

/**
 * The marker among the comments directly before the procedure's holder (between the previous token
 * and it), so it covers exactly one procedure: the one written below it.
 */
export function publicMarker(context: AnyContext, procedure: Procedure): PublicMarker | undefined {
  const holder = holderOf(procedure.call);
  if (!holder) return undefined;
  for (const comment of context.sourceCode.getCommentsBefore(holder)) {
    const match = MARKER.exec(comment.value.trim());
    if (match) return { comment, reason: (match[1] ?? '').replace(/\s*\*\/?\s*$/, '').trim() };
  }
  return undefined;
}

/** `signInWithEmail` → `['sign', 'in', 'with', 'email']`; also kebab, snake and dotted names. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z\d]+/)
    .filter((word) => word !== '');
}

/** Word sequences that name the authentication flow every product has. */
const AUTH_FLOW_PHRASES: readonly string[][] = [
  ['sign', 'in'],
  ['sign', 'up'],
  ['sign', 'out'],
  ['signin'],
  ['signup'],
  ['signout'],
  ['log', 'in'],
  ['log', 'out'],
  ['login'],
  ['logout'],
  ['forgot', 'password'],
  ['reset', 'password'],
  ['password', 'reset'],
  ['verify', 'email'],
  ['confirm', 'email'],
  ['email', 'verification'],
  ['email', 'confirmation'],
  ['verification', 'email'],
  ['magic', 'link'],
  // Unlocking a password-protected page or share link is a sign-in too.
  ['verify', 'password'],
];
/** `register` alone is also `registerDevice`, `registerWebhook`: only these forms are the auth flow. */
const REGISTER_FORMS: ReadonlySet<string> = new Set(['register', 'register user', 'register account', 'register with email', 'register with password']);
/** A secret mailed to the user (`?token=`) authenticates the request: `unsubscribeWithToken`, `verifyByToken`. */
const TOKEN_PHRASES: readonly string[][] = [
  ['with', 'token'],
  ['by', 'token'],
];

function containsPhrase(words: readonly string[], phrase: readonly string[]): boolean {
  for (let start = 0; start + phrase.length <= words.length; start++) {
    if (phrase.every((word, offset) => words[start + offset] === word)) return true;
  }
  return false;
}

/** The object literal a Zod input is built from: `z.object({ … })` (also `.strict()` etc. after it), inline or in a local const. */
function inputShape(context: AnyContext, input: TSESTree.Node, depth = 0): TSESTree.ObjectExpression | undefined {
  const node = unwrap(input);
  if (depth > 4) return undefined;
  if (node.type === AST_NODE_TYPES.Identifier) {
    const init = initializerOf(variableOf(context, node));
    return init ? inputShape(context, init, depth + 1) : undefined;
  }
  if (node.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const [first] = node.arguments;
  if (first?.type === AST_NODE_TYPES.ObjectExpression) return first;
  const callee = unwrap(node.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression ? inputShape(context, callee.object, depth + 1) : undefined;
}

const isTokenName = (name: string | undefined): boolean => {
  const last = name === undefined ? undefined : nameWords(name).at(-1);
  return last === 'token' || last === 'tokens';
};

function keyOf(property: TSESTree.Property): string | undefined {
  if (property.computed) return staticString(property.key);
  return property.key.type === AST_NODE_TYPES.Identifier ? property.key.name : staticString(property.key);
}

const patternTakesToken = (pattern: TSESTree.Node): boolean =>
  pattern.type === AST_NODE_TYPES.ObjectPattern &&
  pattern.properties.some((property) => property.type === AST_NODE_TYPES.Property && isTokenName(keyOf(property)));

/** An input schema with a token field: `token`, `resetToken`, `verification_token`, `tokens`. */
function schemaTakesToken(context: AnyContext, procedure: Procedure): boolean {
  return procedure.links.some((link) => {
    const argument = link.method === 'input' ? link.call.arguments[0] : undefined;
    const shape = argument && inputShape(context, argument);
    return (shape?.properties ?? []).some((property) => property.type === AST_NODE_TYPES.Property && isTokenName(keyOf(property)));
  });
}

/** Reads of the resolver's input: `({ input })`, `({ input: { token } })` or `(opts) => opts.input`. */
function inputUses(context: AnyContext, resolver: TSESTree.FunctionLike): { patterns: TSESTree.Node[]; reads: TSESTree.Node[] } {
  const patterns: TSESTree.Node[] = [];
  const reads: TSESTree.Node[] = [];
  const param = resolver.params[0];
  const referencesOf = (identifier: TSESTree.Identifier): TSESTree.Node[] =>
    (variableOf(context, identifier)?.references ?? []).map((reference) => reference.identifier);
  if (param?.type === AST_NODE_TYPES.ObjectPattern) {
    for (const property of param.properties) {
      if (property.type !== AST_NODE_TYPES.Property || keyOf(property) !== 'input') continue;
      const value = property.value.type === AST_NODE_TYPES.AssignmentPattern ? property.value.left : property.value;
      if (value.type === AST_NODE_TYPES.Identifier) reads.push(...referencesOf(value));
      else patterns.push(value);
    }
  } else if (param?.type === AST_NODE_TYPES.Identifier) {
    for (const use of referencesOf(param)) {
      const parent = use.parent;
      if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === use && memberName(parent) === 'input') reads.push(parent);
    }
  }
  return { patterns, reads };
}

/** The Authorization header read in the resolver: `headers.get('authorization')`, `headers.authorization`. */
function readsAuthorization(context: AnyContext, node: TSESTree.Node): boolean {
  const isAuthorization = (value: string | undefined): boolean => value?.toLowerCase() === 'authorization';
  if (node.type === AST_NODE_TYPES.MemberExpression && isAuthorization(memberName(node))) return true;
  if (node.type === AST_NODE_TYPES.CallExpression && memberName(unwrap(node.callee)) !== undefined && isAuthorization(staticString(node.arguments[0]))) return true;
  const keys = context.sourceCode.visitorKeys[node.type] ?? [];
  return keys.some((key) => {
    const child = (node as unknown as Record<string, unknown>)[key];
    const children = Array.isArray(child) ? child : [child];
    return children.some((item) => item !== null && typeof item === 'object' && 'type' in item && readsAuthorization(context, item as TSESTree.Node));
  });
}

/**
 * The resolver authenticates the caller by a token it carries: it reads a token field of its
 * input (`input.token`, `const { token } = input`) or the Authorization header.
 */
function resolverTakesToken(context: AnyContext, procedure: Procedure): boolean {
  const resolver = procedure.call.arguments[0];
  if (resolver?.type !== AST_NODE_TYPES.ArrowFunctionExpression && resolver?.type !== AST_NODE_TYPES.FunctionExpression) return false;
  const { patterns, reads } = inputUses(context, resolver);
  if (patterns.some(patternTakesToken)) return true;
  const readsToken = reads.some((read) => {
    const parent = read.parent;
    if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === read) return isTokenName(memberName(parent));
    return parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === read && patternTakesToken(parent.id);
  });
  return readsToken || readsAuthorization(context, resolver.body);
}

/**
 * The public flows every product has, by the procedure's own name (the last part of its path,
 * case-insensitive, by words): sign-in/up/out, login/logout, registration, password reset,
 * e-mail verification, magic links, unlocking a password-protected page; and requests that
 * authenticate by a token they carry (a link mailed to the user, a signing or presign token): a
 * token field in the input schema or read by the resolver, the Authorization header read by the
 * resolver, or a name such as `unsubscribeWithToken`.
 */
export function isPublicFlow(context: AnyContext, procedure: Procedure, where: ProcedurePath): boolean {
  const name = where.keys.at(-1) ?? where.router;
  const words = name === undefined ? [] : nameWords(name);
  if (AUTH_FLOW_PHRASES.some((phrase) => containsPhrase(words, phrase))) return true;
  if (REGISTER_FORMS.has(words.join(' '))) return true;
  if (TOKEN_PHRASES.some((phrase) => containsPhrase(words, phrase))) return true;
  return schemaTakesToken(context, procedure) || resolverTakesToken(context, procedure);
}
