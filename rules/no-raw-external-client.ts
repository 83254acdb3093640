import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import { createRule } from './_utils/create-rule.js';
import { fileRoles } from './_utils/guard.js';
import { memberName, unwrap, variableOf } from './_utils/ast.js';
import { isGlobalReference, mergeListeners, moduleReferenceListener, type ModuleBinding } from './_utils/modules.js';

export type Options = [];
export type MessageIds = 'rawClientInRouter' | 'rawClientOutsideAdapter';

type Context = Readonly<TSESLint.RuleContext<MessageIds, Options>>;

/** Names under which the global object is reachable. */
const GLOBAL_OBJECTS = ['globalThis', 'global', 'self', 'window'];
/** Global constructors that open a connection to another host. */
const NETWORK_CONSTRUCTORS = ['XMLHttpRequest', 'WebSocket', 'EventSource'];

/**
 * `name` or `globalThis.name` (also `global`, `self`, `window`) referring to the global itself, not
 * a local or imported binding of the same name. Returns the name when it matches one of `names`.
 */
function globalName(context: Context, node: TSESTree.Node, names: readonly string[]): string | undefined {
  const inner = unwrap(node);
  if (inner.type === AST_NODE_TYPES.Identifier) {
    return names.includes(inner.name) && isGlobalReference(context, inner, inner.name) ? inner.name : undefined;
  }
  if (inner.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const name = memberName(inner);
  const object = unwrap(inner.object);
  if (name === undefined || !names.includes(name) || object.type !== AST_NODE_TYPES.Identifier) return undefined;
  return GLOBAL_OBJECTS.includes(object.name) && isGlobalReference(context, object, object.name) ? name : undefined;
}

export default createRule<Options, MessageIds>({
  name: 'no-raw-external-client',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow external-API SDKs, HTTP clients and global `fetch` outside adapters',
      recommended: 'recommended',
      requiresTypeChecking: false,
    },
    messages: {
      rawClientInRouter: '{{what}} in a router; call a service or an adapter instead.',
      rawClientOutsideAdapter: '{{what}} outside an adapter; move the call into an adapter.',
    },
    schema: [],
  },
  create(context) {
    const { guard, roles } = fileRoles(context);
    if (!roles.has('server') || roles.has('adapters')) return {};
    const messageId: MessageIds = roles.has('routers') || roles.has('appRouter') ? 'rawClientInRouter' : 'rawClientOutsideAdapter';
    const report = (node: TSESTree.Node, what: string): void => {
      context.report({ node, messageId, data: { what } });
    };

    /** `ns.createClerkClient` uses of a namespace (or default) binding of a module with named clients. */
    const reportMemberUses = (binding: ModuleBinding, source: string, clients: readonly string[]): void => {
      if (!binding.local) return;
      const variable = variableOf(context, binding.local);
      for (const reference of variable?.references ?? []) {
        const parent = reference.identifier.parent;
        if (parent?.type !== AST_NODE_TYPES.MemberExpression || parent.object !== reference.identifier) continue;
        const name = memberName(parent);
        if (name !== undefined && clients.includes(name)) report(parent, `\`${name}\` from '${source}'`);
      }
    };

    return mergeListeners(
      moduleReferenceListener(context, (reference) => {
        const match = guard.externalClient(reference.source);
        if (!match) return;
        if (!match.imports) {
          report(reference.sourceNode, `Client '${reference.source}'`);
          return;
        }
        // Only some exports are clients: look at what is taken from the module.
        for (const binding of reference.bindings ?? []) {
          if (binding.imported === '*' || binding.imported === 'default') {
            if (binding.local) reportMemberUses(binding, reference.source, match.imports);
            // `export * from` hands the client factories on to every importer.
            else if (reference.kind === 'export') report(reference.sourceNode, `'${reference.source}' re-exported whole`);
          } else if (match.imports.includes(binding.imported)) {
            report(binding.node, `\`${binding.imported}\` from '${reference.source}'`);
          }
        }
      }),
      {
        CallExpression(node) {
          if (globalName(context, node.callee, ['fetch'])) report(node.callee, 'Global `fetch`');
        },
        NewExpression(node) {
          const name = globalName(context, node.callee, NETWORK_CONSTRUCTORS);
          if (name) report(node.callee, `\`new ${name}()\``);
        },
      },
    );
  },
});
