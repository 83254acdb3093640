import type { Guard } from '@backend-guard/config';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import * as ASTUtils from '@typescript-eslint/utils/ast-utils';
import type { TSESLint } from '@typescript-eslint/utils';
import picomatch from 'picomatch';
import { variableOf } from './_utils/ast.js';
import { createRule } from './_utils/create-rule.js';
import { importedModuleView } from './_utils/module-view.js';
import { isPublicFlow, PUBLIC_MARKER, publicMarker } from './_utils/public-endpoints.js';
import { getProcedure, procedurePath, trpcFile, type ProcedureKind, type ProcedurePath } from './_utils/trpc.js';

type Options = [{ publicFlows?: boolean }];
type MessageIds = 'belowMinimumTier' | 'publicMarkerWithoutReason' | 'useMinimumTier';
type AnyContext = Readonly<TSESLint.RuleContext<MessageIds, Options>>;

interface Requirement {
  tier: string;
  rank: number;
  /** Which policy entry asked for it, for the message. */
  policy: string;
}

const hasGlob = (pattern: string): boolean => /[*?[\]{}!]/.test(pattern);

interface PolicyRule {
  pattern: string;
  tier: string;
  match: (name: string) => boolean;
}

interface CompiledPolicy {
  routerRules: PolicyRule[];
  procedureRules: PolicyRule[];
  allowList: Array<(name: string) => boolean>;
}

// Globs are compiled once per config, not once per file.
const compiled = new WeakMap<Guard, CompiledPolicy>();

function compiledPolicy(guard: Guard): CompiledPolicy {
  let policy = compiled.get(guard);
  if (!policy) {
    const { tierPolicy } = guard.config;
    const rules = (entries: Record<string, string>): PolicyRule[] =>
      Object.entries(entries).map(([pattern, tier]) => ({ pattern, tier, match: picomatch(pattern, { dot: true }) }));
    policy = {
      routerRules: rules(tierPolicy.routers),
      procedureRules: rules(tierPolicy.procedures),
      allowList: tierPolicy.publicAllowList.map((pattern) => picomatch(pattern, { dot: true })),
    };
    compiled.set(guard, policy);
  }
  return policy;
}

const specifierName = (specifier: TSESTree.ImportSpecifier): string =>
  specifier.imported.type === AST_NODE_TYPES.Identifier ? specifier.imported.name : specifier.imported.value;

/**
 * The edit that puts a procedure on the required tier, when there is exactly one: the procedure's
 * own builder is the tier itself (not an alias other procedures share), and the required tier is
 * a name this file has or can import from the module the current tier comes from. Undefined
 * otherwise (nothing is guessed).
 */
function swapTier(context: AnyContext, start: TSESTree.Expression, target: string): TSESLint.ReportFixFunction | undefined {
  // Any occurrence of the name (a declaration in some scope, a comment) keeps the import out: conservative,
  // and only the source text, which every host provides.
  const taken = (name: string): boolean => new RegExp(`(?<![\\w$])${name.replace(/\$/g, '\\$')}(?![\\w$])`).test(context.sourceCode.text);
  if (start.type === AST_NODE_TYPES.MemberExpression) {
    // `trpc.publicProcedure` through `import * as trpc`: the namespace has every export.
    if (start.computed || start.property.type !== AST_NODE_TYPES.Identifier || start.object.type !== AST_NODE_TYPES.Identifier) return undefined;
    const def = variableOf(context, start.object)?.defs[0];
    if (def?.type !== 'ImportBinding' || def.node.type !== AST_NODE_TYPES.ImportNamespaceSpecifier || def.parent.type !== AST_NODE_TYPES.ImportDeclaration) return undefined;
    const property = start.property;
    const exported = importedModuleView(context.filename, def.parent.source.value)?.exports.has(target);
    return exported ? (fixer) => fixer.replaceText(property, target) : undefined;
  }
  if (start.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = variableOf(context, start);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.type === 'Variable') {
    // The tRPC core itself, where the tiers are declared side by side.
    const declared = ASTUtils.findVariable(variable!.scope, target);
    return declared?.defs[0]?.type === 'Variable' ? (fixer) => fixer.replaceText(start, target) : undefined;
  }
  if (def?.type !== 'ImportBinding' || def.node.type !== AST_NODE_TYPES.ImportSpecifier || def.parent.type !== AST_NODE_TYPES.ImportDeclaration) return undefined;
  const declaration = def.parent;
  if (declaration.importKind === 'type') return undefined;
  const existing = declaration.specifiers.find(
    (specifier): specifier is TSESTree.ImportSpecifier =>
      specifier.type === AST_NODE_TYPES.ImportSpecifier && specifier.importKind !== 'type' && specifierName(specifier) === target,
  );
  if (existing) return (fixer) => fixer.replaceText(start, existing.local.name);
  if (taken(target) || !importedModuleView(context.filename, declaration.source.value)?.exports.has(target)) return undefined;
  const last = declaration.specifiers.at(-1)!;
  return (fixer) => [fixer.replaceText(start, target), fixer.insertTextAfter(last, `, ${target}`)];
}

export default createRule<Options, MessageIds>({
  name: 'tier-policy',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require each procedure to use at least the minimum tier its router and kind call for.',
      recommended: 'recommended',
      requiresTypeChecking: false,
    },
    messages: {
      belowMinimumTier: '`{{path}}` is on `{{tier}}`; {{policy}} `{{minimum}}`. Raise it, or mark it `// {{marker}}: <reason>`.',
      publicMarkerWithoutReason: 'Give the reason: `// {{marker}}: <why this endpoint is public>`.',
      useMinimumTier: 'Build it on `{{minimum}}`.',
    },
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          publicFlows: {
            type: 'boolean',
            description:
              'Let the public flows every product has stay below the kind minimum: sign-in, sign-up, logout, registration, password reset, e-mail verification, and requests that carry an e-mailed token. Default true.',
          },
        },
      },
    ],
    defaultOptions: [{ publicFlows: true }],
  },
  create(context, [options]) {
    const state = trpcFile(context);
    if (!state.roles.has('server') || !state.mayHaveProcedures) return {};
    const { config, tierRank } = state.guard;
    const policy = config.tierPolicy;
    const { routerRules, procedureRules, allowList } = compiledPolicy(state.guard);
    const requirement = (tier: string | undefined, label: string): Requirement | undefined => {
      const rank = tier === undefined ? undefined : tierRank.get(tier);
      return tier === undefined || rank === undefined ? undefined : { tier, rank, policy: label };
    };
    const highest = (candidates: Array<Requirement | undefined>): Requirement | undefined =>
      candidates.reduce<Requirement | undefined>((best, next) => (next && (!best || next.rank > best.rank) ? next : best), undefined);

    const kindRequirement = (kind: ProcedureKind): Requirement | undefined =>
      requirement(policy[kind], `${kind === 'query' ? 'queries' : `${kind}s`} need`);

    /** A matching `procedures` entry replaces the router's minimum: the exact path first, else the longest glob. */
    const pathRequirement = ({ router, id, folders }: ProcedurePath): Requirement | undefined => {
      const procedureMatches = procedureRules
        .filter((rule) => id !== '' && rule.match(id))
        .sort((a, b) => Number(hasGlob(a.pattern)) - Number(hasGlob(b.pattern)) || b.pattern.length - a.pattern.length);
      const chosen = procedureMatches[0];
      if (chosen) return requirement(chosen.tier, `\`tierPolicy.procedures["${chosen.pattern}"]\` asks for`);
      if (router === undefined) return undefined;
      // The file's router name, and the folders it sits in under the routers directory.
      const names = [router, ...folders.map((folder) => `${folder}/`)];
      return highest(
        names.flatMap((name) =>
          routerRules
            .filter((rule) => rule.match(name.replace(/\/$/, '')))
            .map((rule) =>
              requirement(rule.tier, `\`${rule.pattern}\` ${name.endsWith('/') ? 'folders' : 'routers'} need`),
            ),
        ),
      );
    };

    return {
      CallExpression(node) {
        const procedure = getProcedure(context, node);
        // Raw and unknown builders have no tier to compare: procedure-tier reports them.
        if (procedure?.root.kind !== 'tier') return;
        const tier = procedure.root.tier;
        const rank = tierRank.get(tier);
        if (rank === undefined) return;
        const marker = publicMarker(context, procedure);
        if (marker?.reason === '') {
          context.report({ loc: marker.comment.loc, messageId: 'publicMarkerWithoutReason', data: { marker: PUBLIC_MARKER } });
          return;
        }
        if (marker) return;
        const where = procedurePath(context, procedure);
        const { id } = where;
        if (id !== '' && allowList.some((isMatch) => isMatch(id))) return;
        // On equal ranks the more specific policy is named: path over kind.
        const fromPath = pathRequirement(where);
        // A public flow (sign-in, a token from an e-mail) answers the kind minimum, not a router's or a path's.
        const fromKind = options.publicFlows && isPublicFlow(context, procedure, where) ? undefined : kindRequirement(procedure.kind);
        const minimum = fromKind && fromPath && fromKind.rank > fromPath.rank ? fromKind : (fromPath ?? fromKind);
        if (!minimum || rank >= minimum.rank) return;
        // Only where the procedure's own builder is the tier: an alias (`const withId = tier.input(…)`)
        // is shared, and raising it would raise every procedure built on it.
        const swap = procedure.root.node === procedure.start ? swapTier(context, procedure.start, minimum.tier) : undefined;
        context.report({
          node: procedure.start,
          messageId: 'belowMinimumTier',
          data: {
            path: id === '' ? `(unnamed ${procedure.kind})` : id,
            tier,
            minimum: minimum.tier,
            policy: minimum.policy,
            marker: PUBLIC_MARKER,
          },
          suggest: swap ? [{ messageId: 'useMinimumTier', data: { minimum: minimum.tier }, fix: swap }] : [],
        });
      },
    };
  },
});
