import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import { unwrap } from './_utils/ast.js';
import { createRule } from './_utils/create-rule.js';
import { importedModuleView, viewOf } from './_utils/module-view.js';
import { builderFactoryChain, getProcedure, importOf, MIDDLEWARE_METHODS, resolveBuilder, trpcFile, type BuilderLink } from './_utils/trpc.js';

type Options = [];
type MessageIds = 'rawProcedure' | 'unknownBuilder' | 'adHocBuilder' | 'unlistedFactory';

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
      rawProcedure: 'Raw `{{builder}}` is outside the tiers; start this {{kind}} at one of {{tiers}}.',
      unknownBuilder: '`{{builder}}` is not a tier; use one of {{tiers}}, or list it in `tiers`.',
      adHocBuilder: '`{{name}}` adds `.{{method}}()` to `{{tier}}` outside the tRPC core; make it a tier there.',
      unlistedFactory: '`{{name}}` makes builders of no tier; list it in `tiers` as a factory.',
    },
    schema: [],
  },
  create(context) {
    const state = trpcFile(context);
    if (!state.roles.has('server') || !state.mayHaveProcedures) return {};
    const { tiers } = state.guard.config;
    const quoted = (names: readonly string[]): string => names.map((tier) => `\`${tier}\``).join(', ');

    /**
     * The configured tiers the module of the builder's origin (`t` of `t.procedure`, an imported
     * builder) defines, so the message names tiers the project has; every configured tier when
     * that module names none (a barrel, a module that does not parse).
     */
    const tiersBeside = (builder: TSESTree.Node): string => {
      let base = unwrap(builder);
      while (base.type === AST_NODE_TYPES.MemberExpression || base.type === AST_NODE_TYPES.CallExpression) {
        base = unwrap(base.type === AST_NODE_TYPES.MemberExpression ? base.object : base.callee);
      }
      if (base.type !== AST_NODE_TYPES.Identifier) return quoted(tiers);
      const imported = importOf(context, base);
      const view = imported ? importedModuleView(context.filename, imported.source) : viewOf(context.sourceCode.ast, context.filename);
      const defined = view === undefined ? [] : tiers.filter((tier) => view.exports.has(tier) || view.constants.has(tier) || view.functions.has(tier));
      return quoted(defined.length > 0 ? defined : tiers);
    };
    const text = (node: TSESTree.Node): string => context.sourceCode.getText(node).replace(/\s+/g, ' ');

    /** A function that makes builders with middleware of its own, unless `tiers` names it: reported once, here. */
    const checkFactory = (
      name: TSESTree.Identifier,
      fn: TSESTree.ArrowFunctionExpression | TSESTree.FunctionDeclaration | TSESTree.FunctionExpression,
    ): void => {
      if (state.factories.has(name.name)) return;
      if (builderFactoryChain(context, fn)) context.report({ node: name, messageId: 'unlistedFactory', data: { name: name.name } });
    };

    return {
      CallExpression(node) {
        const procedure = getProcedure(context, node);
        if (!procedure) return;
        const { root } = procedure;
        // A builder from an unlisted factory is reported once, at the factory's definition.
        if (root.kind === 'tier' || (root.kind === 'typed' && root.factory !== undefined)) return;
        context.report({
          node: procedure.start,
          messageId: root.kind === 'raw' ? 'rawProcedure' : 'unknownBuilder',
          data: { kind: procedure.kind, builder: text(root.node), tiers: tiersBeside(root.node) },
        });
      },
      FunctionDeclaration(node) {
        if (node.id) checkFactory(node.id, node);
      },
      VariableDeclarator(node) {
        if (node.id.type !== AST_NODE_TYPES.Identifier || !node.init) return;
        const init = unwrap(node.init);
        if (init.type === AST_NODE_TYPES.ArrowFunctionExpression || init.type === AST_NODE_TYPES.FunctionExpression) {
          checkFactory(node.id, init);
          return;
        }
        // Tier definitions live in the core; elsewhere a `.use(...)` on a tier makes an unlisted tier.
        if (state.isCore) return;
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
