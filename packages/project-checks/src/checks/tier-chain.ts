import { Node, type SourceFile } from '../ts-morph.js';
import type { ProjectCheck } from '../check.js';
import { unwrap, type ProjectContext } from '../project.js';
import { bindingOf, resolveExport, topLevelVariable } from '../symbols.js';
import { isRawBuilder, trpcInstances } from '../trpc.js';

/** Builder methods that add middleware, i.e. a trust check of the tier's own. */
const MIDDLEWARE_METHODS = new Set(['use', 'concat', 'unstable_concat']);
/** Builder methods that keep the builder a builder without adding a check. */
const OTHER_BUILDER_METHODS = new Set(['meta', 'input', 'output']);
const MAX_ALIASES = 8;

export type Base = { kind: 'tier'; rank: number; node: Node } | { kind: 'raw'; node: Node } | { kind: 'unknown' };

export interface TierDefinition {
  tier: string;
  rank: number;
  /** The declared name (`adminProcedure` in `export const adminProcedure = ...`). */
  name: Node;
  base: Base;
  /** `.use(...)`/`.concat(...)` calls between the base and the tier. */
  middleware: number;
  /** The source text of those middleware arguments, root-most first (to compare chains). */
  steps: string[];
}

/**
 * Follows a tier's initialiser down to what it is built on: another configured tier, tRPC's raw
 * builder, or something the check cannot judge (never reported). Local aliases of the same file
 * are followed (`const authed = t.procedure.use(requireUser); export const protectedProcedure = authed`).
 */
function analyse(context: ProjectContext, sourceFile: SourceFile, init: Node, tiers: readonly string[]): Omit<TierDefinition, 'tier' | 'rank' | 'name'> {
  let middleware = 0;
  const steps: string[] = [];
  let current = unwrap(init);
  for (let aliases = 0; ; ) {
    if (Node.isCallExpression(current)) {
      const callee = unwrap(current.getExpression());
      if (!Node.isPropertyAccessExpression(callee)) return { base: { kind: 'unknown' }, middleware, steps };
      const method = callee.getName();
      if (MIDDLEWARE_METHODS.has(method)) {
        middleware += 1;
        steps.unshift(current.getArguments().map((argument) => argument.getText()).join(', '));
      } else if (!OTHER_BUILDER_METHODS.has(method)) return { base: { kind: 'unknown' }, middleware, steps };
      current = unwrap(callee.getExpression());
      continue;
    }
    if (isRawBuilder(current)) return { base: { kind: 'raw', node: current }, middleware, steps };
    if (Node.isIdentifier(current)) {
      const name = current.getText();
      const binding = bindingOf(context, sourceFile, name);
      const declared = binding?.kind === 'local' ? binding.local : binding?.kind === 'unresolved' ? binding.imported : name;
      const rank = tiers.indexOf(declared);
      if (rank !== -1) return { base: { kind: 'tier', rank, node: current }, middleware, steps };
      const alias = binding?.kind === 'local' && binding.file === sourceFile.getFilePath() ? topLevelVariable(sourceFile, name)?.getInitializer() : undefined;
      if (alias === undefined || ++aliases > MAX_ALIASES) return { base: { kind: 'unknown' }, middleware, steps };
      current = unwrap(alias);
      continue;
    }
    return { base: { kind: 'unknown' }, middleware, steps };
  }
}

/** Each configured tier's definition in the tRPC core, in the config's order (undefined: not defined there). */
export function tierDefinitions(context: ProjectContext): (TierDefinition | undefined)[] {
  const tiers = context.config.tiers;
  const coreFiles = context.filesWith('trpcCore');
  return tiers.map((tier, rank) => findTier(context, coreFiles, tier, rank, tiers));
}

function findTier(context: ProjectContext, coreFiles: readonly string[], tier: string, rank: number, tiers: readonly string[]): TierDefinition | undefined {
  for (const file of coreFiles) {
    const target = resolveExport(context, file, tier) ?? { file, local: tier };
    const sourceFile = context.sourceFile(target.file);
    const declaration = topLevelVariable(sourceFile, target.local);
    const init = declaration?.getInitializer();
    if (declaration === undefined || init === undefined) continue;
    return { tier, rank, name: declaration.getNameNode(), ...analyse(context, sourceFile, init, tiers) };
  }
  return undefined;
}

export const tierChain: ProjectCheck = {
  id: 'tier-chain',
  meta: {
    description: 'Require the tier builders to form one chain from the lowest tier, authentication defined once',
    messages: {
      missingTier: '{{tier}} is not defined in the tRPC core; define it there, derived from {{lower}}',
      derivedFromHigher: '{{tier}} is derived from {{base}}, a higher tier; derive it from a lower tier',
      notFromLowerTier: '{{tier}} starts from {{base}}; derive it from {{lower}} with its own middleware',
      authReimplemented: '{{tier}} bypasses {{protected}}; derive it from {{protected}} so authentication is defined once',
      noOwnMiddleware: '{{tier}} adds no middleware to {{base}}; give it its own .use(...) check',
    },
    schema: { type: 'object', additionalProperties: false, properties: {} },
    defaultOptions: {},
  },
  run(context, _options, report) {
    const tiers = context.config.tiers;
    const coreFiles = context.filesWith('trpcCore');
    if (coreFiles.length === 0) return;
    const definitions = tierDefinitions(context);
    const instanceFile = coreFiles.find((file) => trpcInstances(context.sourceFile(file)).size > 0);
    // A core with neither a tier nor a tRPC instance is not this project's tRPC core.
    if (definitions.every((d) => d === undefined) && instanceFile === undefined) return;

    const lowest = definitions[0];
    // The second tier may repeat the lowest tier's chain instead of naming it (the create-t3-app
    // template: `public = t.procedure.use(timing)`, `protected = t.procedure.use(timing).use(auth)`):
    // the same builder today. Not above it: there, a repeated chain is authentication written twice.
    const lowestSteps = lowest?.base.kind === 'raw' ? lowest.steps : undefined;
    const repeatsLowest = (definition: TierDefinition) =>
      lowestSteps !== undefined && definition.steps.length >= lowestSteps.length && lowestSteps.every((step, i) => definition.steps[i] === step);
    const protectedTier = tiers[1];

    definitions.forEach((definition, rank) => {
      const tier = tiers[rank]!;
      const lower = rank === 0 ? 'the tRPC instance’s procedure' : tiers[rank - 1]!;
      if (definition === undefined) {
        const sourceFile = context.sourceFile(instanceFile ?? coreFiles[0]!);
        const instance = [...trpcInstances(sourceFile)][0];
        const anchor = (instance !== undefined ? topLevelVariable(sourceFile, instance)?.getNameNode() : undefined) ?? sourceFile.getFirstChild() ?? sourceFile;
        report('missingTier', anchor, { tier, lower });
        return;
      }
      const { base } = definition;
      if (base.kind === 'unknown') return;
      const baseText = base.node.getText();
      if (base.kind === 'tier' && base.rank >= rank) {
        report('derivedFromHigher', base.node, { tier, base: baseText });
        return;
      }
      if (rank === 0) return;
      const repeated = base.kind === 'raw' && repeatsLowest(definition);
      const baseRank = base.kind === 'tier' ? base.rank : repeated && (rank === 1 || lowestSteps!.length === 0) ? 0 : -1;
      if (rank >= 2 && protectedTier !== undefined && baseRank < 1) {
        report('authReimplemented', base.node, { tier, protected: protectedTier });
        return;
      }
      if (baseRank < 0) {
        report('notFromLowerTier', base.node, { tier, base: baseText, lower });
        return;
      }
      const own = repeated ? definition.middleware - lowestSteps!.length : definition.middleware;
      if (own === 0) report('noOwnMiddleware', definition.name, { tier, base: repeated ? tiers[0]! : baseText });
    });
  },
};
