import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { createRule } from './_utils/create-rule.js';
import { getProcedure, MIDDLEWARE_METHODS, resolveBuilder, trpcFile, type BuilderLink } from './_utils/trpc.js';

type Options = [];
type MessageIds = 'rawProcedure' | 'unknownBuilder' | 'adHocBuilder';

export default createRule<Options, MessageIds>({
  name: 'procedure-tier',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require every tRPC procedure to start at a configured tier builder.',
      recommended: 'recommended',
      requiresTypeChecking: false,
    },
    messages: {
      rawProcedure:
        'This {{kind}} is built from tRPC\'s raw builder `{{builder}}`, outside the trust tiers ("Canonical Architecture Patterns" 1: choose the procedure boundary by trust level). Start it at a tier builder from the tRPC core: {{tiers}}.',
      unknownBuilder:
        'This {{kind}} starts at `{{builder}}`, a tRPC procedure builder that is not a configured tier, so its trust level is unknown ("Canonical Architecture Patterns" 1). Start it at one of {{tiers}}, or add the builder to `tiers` in backend-guard.config.',
      adHocBuilder:
        '`{{name}}` derives a new procedure builder from `{{tier}}` with `.{{method}}(...)` outside the tRPC core: trust tiers are defined once, in the core ("Canonical Architecture Patterns" 1). Define it as a tier in the tRPC core (and in `tiers`), or use an existing tier.',
    },
    schema: [],
  },
  create(context) {
    const state = trpcFile(context);
    if (!state.roles.has('server') || !state.mayHaveProcedures) return {};
    const tierList = state.guard.config.tiers.map((tier) => `\`${tier}\``).join(', ');
    const text = (node: TSESTree.Node): string => context.sourceCode.getText(node).replace(/\s+/g, ' ');

    return {
      CallExpression(node) {
        const procedure = getProcedure(context, node);
        if (!procedure) return;
        const { root } = procedure;
        if (root.kind === 'tier') return;
        context.report({
          node: procedure.start,
          messageId: root.kind === 'raw' ? 'rawProcedure' : 'unknownBuilder',
          data: { kind: procedure.kind, builder: text(root.node), tiers: tierList },
        });
      },
      VariableDeclarator(node) {
        // Tier definitions live in the core; elsewhere a `.use(...)` on a tier makes an unlisted tier.
        if (state.isCore || node.id.type !== AST_NODE_TYPES.Identifier || !node.init) return;
        const addsMiddleware = (link: BuilderLink): boolean => !link.viaAlias && MIDDLEWARE_METHODS.has(link.method);
        // Types are asked only about declarations that add middleware themselves (few per file).
        const chain = resolveBuilder(context, node.init, (links) => links.some(addsMiddleware));
        if (chain?.root.kind !== 'tier') return;
        const own = chain.links.find(addsMiddleware);
        if (!own) return;
        context.report({
          node: node.id,
          messageId: 'adHocBuilder',
          data: { name: node.id.name, tier: chain.root.tier, method: own.method },
        });
      },
    };
  },
});
