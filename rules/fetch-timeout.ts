import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import { createRule } from './_utils/create-rule.js';
import { fileRoles } from './_utils/guard.js';
import { initializerOf, memberName, staticString, unwrap, variableOf } from './_utils/ast.js';
import { isWithin } from './_utils/function-body.js';
import { importedNameOf, isGlobalReference, resolveAliasedVariable } from './_utils/modules.js';

export type Options = [{ allowCallerSignal?: boolean }];
export type MessageIds = 'missingTimeout' | 'timeoutDisabled' | 'signalNeverTimesOut' | 'signalFromCaller';

type Context = Readonly<TSESLint.RuleContext<MessageIds, Options>>;

/** The HTTP clients the rule knows, and how each takes a time budget. */
type ClientKind = 'fetch' | 'axios' | 'ky' | 'got' | 'ofetch';

/** `module` export → client. `default` is the default import (or a namespace's default). */
const CLIENT_EXPORTS: ReadonlyArray<{ module: string; imported: readonly string[]; kind: ClientKind }> = [
  { module: 'node-fetch', imported: ['default', 'fetch'], kind: 'fetch' },
  { module: 'undici', imported: ['fetch'], kind: 'fetch' },
  { module: 'cross-fetch', imported: ['default', 'fetch'], kind: 'fetch' },
  { module: 'axios', imported: ['default', 'axios'], kind: 'axios' },
  { module: 'ky', imported: ['default'], kind: 'ky' },
  { module: 'got', imported: ['default', 'got'], kind: 'got' },
  { module: 'ofetch', imported: ['ofetch', '$fetch'], kind: 'ofetch' },
];

/** Request methods per client; the value is the index of the options argument. */
const AXIOS_METHODS: ReadonlyMap<string, number> = new Map([
  ['request', 0],
  ...['get', 'delete', 'head', 'options'].map((m): [string, number] => [m, 1]),
  ...['post', 'put', 'patch', 'postForm', 'putForm', 'patchForm'].map((m): [string, number] => [m, 2]),
]);
const SHORTHAND_METHODS: ReadonlyMap<string, number> = new Map(
  ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'raw', 'stream', 'paginate'].map((m): [string, number] => [m, 1]),
);
/** Methods that make a configured client (an instance inherits the options given here). */
const FACTORY_METHODS: ReadonlySet<string> = new Set(['create', 'extend']);

/** What to suggest, in the client's own terms. */
const FIX: Record<ClientKind, string> = {
  fetch: '`signal: AbortSignal.timeout(ms)`',
  axios: '`timeout` (on the call or in `axios.create`)',
  ky: '`timeout` in milliseconds',
  got: '`timeout: { request: ms }`',
  ofetch: '`timeout` (on the call or in `ofetch.create`)',
};

/** The outcome of looking at one options object or signal. */
type Verdict =
  | { kind: 'ok' }
  | { kind: 'missing' }
  | { kind: 'caller'; node: TSESTree.Node }
  | { kind: 'neverTimesOut'; node: TSESTree.Node }
  | { kind: 'disabled'; node: TSESTree.Node; value: string };

const OK: Verdict = { kind: 'ok' };
const MISSING: Verdict = { kind: 'missing' };
const MAX_DEPTH = 6;

/** A client the callee stands for, with the options an instance was made with. */
interface Client {
  kind: ClientKind;
  /** How the instance's own options judge (`ok` for the bare library, which has defaults only). */
  instance: Verdict;
  /** Index of the per-call options argument, or -1 when the call takes none we understand. */
  optionsIndex: number;
}

function property(object: TSESTree.ObjectExpression, name: string): TSESTree.Property | undefined {
  for (const prop of object.properties) {
    if (prop.type !== AST_NODE_TYPES.Property) continue;
    const key = prop.computed ? staticString(prop.key) : prop.key.type === AST_NODE_TYPES.Identifier ? prop.key.name : staticString(prop.key);
    if (key === name) return prop;
  }
  return undefined;
}

/** The first identifier of `a.b.c` / `a?.b` (undefined for `this.x`, calls and the like). */
function rootIdentifier(node: TSESTree.Node): TSESTree.Identifier | undefined {
  let current = unwrap(node);
  while (current.type === AST_NODE_TYPES.MemberExpression) current = unwrap(current.object);
  return current.type === AST_NODE_TYPES.Identifier ? current : undefined;
}

export default createRule<Options, MessageIds>({
  name: 'fetch-timeout',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require a timeout or abort signal on every outbound HTTP call',
      recommended: 'recommended',
      requiresTypeChecking: false,
    },
    messages: {
      missingTimeout: '`{{callee}}` is called without a timeout; pass {{fix}}.',
      timeoutDisabled: '`timeout: {{value}}` turns the timeout off; give the call a budget in milliseconds.',
      signalNeverTimesOut: "This signal's AbortController is never aborted by a timer; use `AbortSignal.timeout(ms)`.",
      signalFromCaller: 'This signal comes from the caller, who may pass none; add `AbortSignal.timeout(ms)` here.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          allowCallerSignal: {
            type: 'boolean',
            description:
              'Accept a signal or options object received as a parameter (the caller owns the budget). Set false to require every call site to set its own timeout.',
          },
        },
      },
    ],
    defaultOptions: [{ allowCallerSignal: true }],
  },
  create(context: Context, [options]) {
    const { roles } = fileRoles(context);
    if (!roles.has('server')) return {};
    const allowCallerSignal = options.allowCallerSignal !== false;
    // Cheap gate: without an import of a known client, only the global `fetch` can be a request.
    const clientModules = new Set(CLIENT_EXPORTS.map((entry) => entry.module));
    const { ast, text } = context.sourceCode;
    const mayUseClients =
      text.includes('require(') ||
      text.includes('import(') ||
      ast.body.some((statement) => statement.type === AST_NODE_TYPES.ImportDeclaration && clientModules.has(statement.source.value));
    const GLOBAL_FETCH_OWNERS = ['globalThis', 'global', 'self', 'window'];
    const couldBeGlobalFetch = (callee: TSESTree.Node): boolean => {
      const inner = unwrap(callee);
      if (inner.type === AST_NODE_TYPES.Identifier) return inner.name === 'fetch';
      const object = inner.type === AST_NODE_TYPES.MemberExpression ? unwrap(inner.object) : undefined;
      return object?.type === AST_NODE_TYPES.Identifier && GLOBAL_FETCH_OWNERS.includes(object.name) && memberName(inner) === 'fetch';
    };

    const isParameter = (identifier: TSESTree.Identifier): boolean => {
      const variable = variableOf(context, identifier);
      return variable?.defs.length === 1 && variable.defs[0]!.type === 'Parameter';
    };
    const fromCaller = (node: TSESTree.Node): Verdict => (allowCallerSignal ? OK : { kind: 'caller', node });

    /** `setTimeout(() => controller.abort(), ms)` (or `.bind`) somewhere in the file. */
    const abortedByTimer = (controller: TSESLint.Scope.Variable): boolean =>
      controller.references.some((reference) => {
        const member = reference.identifier.parent;
        if (member?.type !== AST_NODE_TYPES.MemberExpression || memberName(member) !== 'abort') return false;
        for (let node: TSESTree.Node | undefined = member.parent; node; node = node.parent) {
          if (
            node.type === AST_NODE_TYPES.CallExpression &&
            node.arguments[0] !== undefined &&
            isWithin(member, node.arguments[0]) &&
            isGlobalReference(context, node.callee, 'setTimeout')
          ) {
            return true;
          }
        }
        return false;
      });

    const judgeSignal = (node: TSESTree.Node, depth = 0): Verdict => {
      const inner = unwrap(node);
      if (depth > MAX_DEPTH) return OK;
      if (inner.type === AST_NODE_TYPES.Literal && inner.value === null) return MISSING;
      if (inner.type === AST_NODE_TYPES.LogicalExpression || inner.type === AST_NODE_TYPES.ConditionalExpression) {
        const parts = inner.type === AST_NODE_TYPES.LogicalExpression ? [inner.left, inner.right] : [inner.consequent, inner.alternate];
        const verdicts = parts.map((part) => judgeSignal(part, depth + 1));
        return verdicts.find((verdict) => verdict.kind === 'ok') ?? verdicts.find((verdict) => verdict.kind !== 'missing') ?? MISSING;
      }
      if (inner.type === AST_NODE_TYPES.CallExpression) {
        const callee = unwrap(inner.callee);
        const name = memberName(callee);
        if (callee.type === AST_NODE_TYPES.MemberExpression && isGlobalReference(context, callee.object, 'AbortSignal')) {
          if (name === 'timeout') return OK;
          if (name === 'any') {
            const list = inner.arguments[0] && unwrap(inner.arguments[0]);
            if (list?.type !== AST_NODE_TYPES.ArrayExpression) return OK;
            const verdicts = list.elements.map((element) => (element ? judgeSignal(element, depth + 1) : MISSING));
            return verdicts.find((verdict) => verdict.kind === 'ok') ?? verdicts.find((verdict) => verdict.kind !== 'missing') ?? MISSING;
          }
        }
        // A helper that builds the signal: its body is not this call's business.
        return OK;
      }
      if (inner.type === AST_NODE_TYPES.Identifier) {
        if (inner.name === 'undefined' && isGlobalReference(context, inner, 'undefined')) return MISSING;
        if (isParameter(inner)) return fromCaller(inner);
        const init = initializerOf(variableOf(context, inner));
        return init ? judgeSignal(init, depth + 1) : OK;
      }
      if (inner.type === AST_NODE_TYPES.MemberExpression) {
        const root = rootIdentifier(inner);
        if (!root) return OK;
        if (isParameter(root)) return fromCaller(inner);
        const object = unwrap(inner.object);
        if (memberName(inner) === 'signal' && object.type === AST_NODE_TYPES.Identifier) {
          const variable = variableOf(context, object);
          const init = initializerOf(variable);
          const made = init && unwrap(init);
          if (
            variable &&
            made?.type === AST_NODE_TYPES.NewExpression &&
            isGlobalReference(context, made.callee, 'AbortController')
          ) {
            return abortedByTimer(variable) ? OK : { kind: 'neverTimesOut', node: inner };
          }
        }
        return OK;
      }
      return OK;
    };

    /** Judges an options object (per call, or a client's defaults) for the given client. */
    const judgeOptions = (node: TSESTree.Node | undefined, kind: ClientKind, depth = 0): Verdict => {
      if (!node) return MISSING;
      const inner = unwrap(node);
      if (depth > MAX_DEPTH) return OK;
      if (inner.type === AST_NODE_TYPES.Identifier) {
        if (inner.name === 'undefined' && isGlobalReference(context, inner, 'undefined')) return MISSING;
        if (isParameter(inner)) return fromCaller(inner);
        const init = initializerOf(variableOf(context, inner));
        return init ? judgeOptions(init, kind, depth + 1) : OK;
      }
      if (inner.type === AST_NODE_TYPES.MemberExpression) {
        const root = rootIdentifier(inner);
        return root && isParameter(root) ? fromCaller(inner) : OK;
      }
      if (inner.type !== AST_NODE_TYPES.ObjectExpression) return OK;
      const signal = property(inner, 'signal');
      const signalVerdict = signal ? judgeSignal(signal.value) : MISSING;
      if (signalVerdict.kind === 'ok') return OK;
      const timeout = kind === 'fetch' ? undefined : property(inner, 'timeout');
      if (timeout) {
        const value = unwrap(timeout.value);
        if (value.type === AST_NODE_TYPES.Literal && (value.value === 0 || value.value === false)) {
          return { kind: 'disabled', node: timeout, value: String(value.value) };
        }
        // got's timeout is per phase: only `request` bounds the whole call.
        if (kind === 'got' && value.type === AST_NODE_TYPES.ObjectExpression) {
          const hasSpread = value.properties.some((prop) => prop.type === AST_NODE_TYPES.SpreadElement);
          return property(value, 'request') || hasSpread ? OK : signalVerdict.kind === 'missing' ? MISSING : signalVerdict;
        }
        return OK;
      }
      if (signal) return signalVerdict;
      // A spread may carry a signal or a timeout: unknown, so not reported, unless it is an object
      // literal the rule can read (`...(body ? { body } : {})`).
      return inner.properties.some((prop) => prop.type === AST_NODE_TYPES.SpreadElement && !spreadsNoBudget(prop.argument, kind, depth)) ? OK : MISSING;
    };

    /** A spread of object literals (through `?:` and `&&`/`||`) that set neither a signal nor a timeout. */
    const spreadsNoBudget = (node: TSESTree.Node, kind: ClientKind, depth: number): boolean => {
      const inner = unwrap(node);
      if (inner.type === AST_NODE_TYPES.ConditionalExpression) return spreadsNoBudget(inner.consequent, kind, depth) && spreadsNoBudget(inner.alternate, kind, depth);
      if (inner.type === AST_NODE_TYPES.LogicalExpression) return spreadsNoBudget(inner.left, kind, depth) && spreadsNoBudget(inner.right, kind, depth);
      if (inner.type === AST_NODE_TYPES.Literal || (inner.type === AST_NODE_TYPES.Identifier && inner.name === 'undefined')) return true;
      return inner.type === AST_NODE_TYPES.ObjectExpression && judgeOptions(inner, kind, depth + 1).kind === 'missing';
    };

    /** `axios.defaults.timeout = …` (or on an instance) anywhere in the file. */
    const setsDefaultTimeout = (variable: TSESLint.Scope.Variable): boolean =>
      variable.references.some((reference) => {
        const defaults = reference.identifier.parent;
        const timeout = defaults?.parent;
        return (
          defaults?.type === AST_NODE_TYPES.MemberExpression &&
          memberName(defaults) === 'defaults' &&
          timeout?.type === AST_NODE_TYPES.MemberExpression &&
          memberName(timeout) === 'timeout' &&
          timeout.parent.type === AST_NODE_TYPES.AssignmentExpression &&
          timeout.parent.left === timeout
        );
      });

    /** The library an expression is (the import itself, a `const` alias, or an instance made by `create`/`extend`). */
    const clientOf = (node: TSESTree.Node, depth = 0): { kind: ClientKind; instance: Verdict } | undefined => {
      if (depth > MAX_DEPTH) return undefined;
      const inner = unwrap(node);
      const imported = importedNameOf(context, inner);
      if (imported && !imported.typeOnly) {
        const known = CLIENT_EXPORTS.find((entry) => entry.module === imported.source && entry.imported.includes(imported.imported));
        if (!known) return undefined;
        const variable = inner.type === AST_NODE_TYPES.Identifier ? resolveAliasedVariable(context, inner) : null;
        return { kind: known.kind, instance: variable && setsDefaultTimeout(variable) ? OK : known.kind === 'ky' ? OK : MISSING };
      }
      if (inner.type === AST_NODE_TYPES.Identifier) {
        if (inner.name === 'fetch' && isGlobalReference(context, inner, 'fetch')) return { kind: 'fetch', instance: MISSING };
        const variable = resolveAliasedVariable(context, inner);
        const init = initializerOf(variable, { constOnly: true });
        const made = init && unwrap(init);
        if (made?.type !== AST_NODE_TYPES.CallExpression || made.callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
        const factory = memberName(made.callee);
        if (factory === undefined || !FACTORY_METHODS.has(factory)) return undefined;
        const base = clientOf(made.callee.object, depth + 1);
        if (!base || base.kind === 'fetch') return undefined;
        if (variable && setsDefaultTimeout(variable)) return { kind: base.kind, instance: OK };
        const own = judgeOptions(made.arguments[0], base.kind);
        // An instance inherits its parent's timeout unless it sets (or disables) its own.
        return { kind: base.kind, instance: own.kind === 'missing' ? base.instance : own };
      }
      if (inner.type === AST_NODE_TYPES.MemberExpression && memberName(inner) === 'fetch') {
        const object = unwrap(inner.object);
        if (object.type === AST_NODE_TYPES.Identifier && GLOBAL_FETCH_OWNERS.includes(object.name) && isGlobalReference(context, object, object.name)) {
          return { kind: 'fetch', instance: MISSING };
        }
      }
      return undefined;
    };

    /** The client a call is made with, and where its options are. */
    const callOf = (call: TSESTree.CallExpression): Client | undefined => {
      const callee = unwrap(call.callee);
      const direct = clientOf(callee);
      if (direct) {
        // `axios(config)` / `axios(url, config)`; `got(url, options)`; `fetch(input, init)`.
        const first = call.arguments[0] && unwrap(call.arguments[0]);
        const optionsIndex = direct.kind !== 'fetch' && first?.type === AST_NODE_TYPES.ObjectExpression ? 0 : 1;
        return { ...direct, optionsIndex };
      }
      if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
      const method = memberName(callee);
      if (method === undefined) return undefined;
      const client = clientOf(callee.object);
      if (!client || client.kind === 'fetch') return undefined;
      const index = client.kind === 'axios' ? AXIOS_METHODS.get(method) : SHORTHAND_METHODS.get(method);
      if (index === undefined) return undefined;
      return { ...client, optionsIndex: index };
    };

    /** `fetch(request)`: the init of a `new Request(url, init)` it was made from, if any. */
    const requestInit = (node: TSESTree.Node | undefined, depth = 0): { found: boolean; init: TSESTree.Node | undefined } => {
      if (!node || depth > MAX_DEPTH) return { found: false, init: undefined };
      const inner = unwrap(node);
      if (inner.type === AST_NODE_TYPES.NewExpression && isGlobalReference(context, inner.callee, 'Request')) {
        return { found: true, init: inner.arguments[1] };
      }
      if (inner.type === AST_NODE_TYPES.Identifier) {
        const init = initializerOf(variableOf(context, inner));
        return init ? requestInit(init, depth + 1) : { found: false, init: undefined };
      }
      return { found: false, init: undefined };
    };

    /**
     * `fetch(c.req.raw)` / `fetch(request: Request)`: a request received from a caller, whose
     * signal the caller set. A plain `url` parameter is not one.
     */
    const isForwardedRequest = (node: TSESTree.Node): boolean => {
      const inner = unwrap(node);
      const root = rootIdentifier(inner);
      if (!root || !isParameter(root)) return false;
      // Hono's `c.req.raw`, a handler's `event.request`: the incoming Request, not a URL.
      if (inner.type === AST_NODE_TYPES.MemberExpression) return ['raw', 'request'].includes(memberName(inner) ?? '');
      // An unannotated parameter (a fetcher typed by its context) may be a Request: not guessed.
      const declared = variableOf(context, root)?.defs[0]?.name;
      const annotation = declared?.type === AST_NODE_TYPES.Identifier ? declared.typeAnnotation?.typeAnnotation : undefined;
      if (!annotation) return true;
      return (
        annotation.type === AST_NODE_TYPES.TSTypeReference &&
        annotation.typeName.type === AST_NODE_TYPES.Identifier &&
        annotation.typeName.name === 'Request'
      );
    };

    const report = (call: TSESTree.CallExpression, client: Client, verdict: Verdict): void => {
      switch (verdict.kind) {
        case 'ok':
          return;
        case 'missing':
          context.report({
            node: call.callee,
            messageId: 'missingTimeout',
            data: { callee: context.sourceCode.getText(call.callee).replace(/\s+/g, ''), fix: FIX[client.kind] },
          });
          return;
        case 'disabled':
          context.report({ node: verdict.node, messageId: 'timeoutDisabled', data: { value: verdict.value } });
          return;
        case 'neverTimesOut':
          context.report({ node: verdict.node, messageId: 'signalNeverTimesOut' });
          return;
        case 'caller':
          context.report({ node: verdict.node, messageId: 'signalFromCaller' });
      }
    };

    return {
      CallExpression(call) {
        if (!mayUseClients && !couldBeGlobalFetch(call.callee)) return;
        const client = callOf(call);
        if (!client) return;
        const options = call.arguments[client.optionsIndex];
        if (options?.type === AST_NODE_TYPES.SpreadElement) return;
        let verdict = judgeOptions(options, client.kind);
        if (client.kind === 'fetch' && call.arguments.length <= 1) {
          // `fetch(request)`: a Request built here carries its own init; one received is the caller's.
          const made = requestInit(call.arguments[0]);
          if (made.found) verdict = judgeOptions(made.init, 'fetch');
          else if (call.arguments[0] && isForwardedRequest(call.arguments[0])) verdict = fromCaller(call.arguments[0]);
        }
        // A per-call timeout or signal wins; with none, the client's own options decide.
        if (verdict.kind === 'missing') verdict = client.instance;
        report(call, client, verdict);
      },
    };
  },
});
