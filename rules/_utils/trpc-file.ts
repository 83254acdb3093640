import type { Guard, RoleName } from '@backend-guard/config';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { ParserServicesWithTypeInformation, TSESLint } from '@typescript-eslint/utils';
import type ts from 'typescript';
import { variableOf } from './ast.js';
import { fileRoles } from './guard.js';
import { importedNameOfVariable } from './modules.js';
import { typeServices } from './type-services.js';
import { TRPC_MODULE, type BuilderChain, type BuilderLink, type Procedure } from './trpc-model.js';

/**
 * Per-file state of tRPC recognition, shared by every rule linting the same file, and the cheap
 * import scan that lets a file with no builder in sight skip recognition altogether.
 */

export type AnyContext = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;
type Variable = TSESLint.Scope.Variable;

/** A resolution in progress or done: a chain, or the node it stopped at. */
export type Resolved = BuilderChain | { root: { kind: 'unresolved'; node: TSESTree.Node }; links: BuilderLink[] };

export interface FileState {
  context: AnyContext;
  guard: Guard;
  roles: ReadonlySet<RoleName>;
  tiers: ReadonlySet<string>;
  /** Configured builder factories (`permissionProcedure`) → the tier of the builders they return. */
  factories: ReadonlyMap<string, string>;
  isCore: boolean;
  services: ParserServicesWithTypeInformation | undefined;
  checker: ts.TypeChecker | undefined;
  procedures: WeakMap<TSESTree.CallExpression, Procedure | null>;
  aliases: Map<Variable, Resolved | null>;
  instances: Map<Variable, boolean>;
  /**
   * False when recognition cannot succeed in this file, so the rules register no listeners (most
   * of a backend is services and schema): without type information a procedure's root must come
   * from an import of a tier, a factory or @trpc/server, or from the core's own declarations.
   */
  mayHaveProcedures: boolean;
}

/** An import that can bring a tier builder, a builder factory or tRPC's raw builder into the file. */
function importsBuilders(ast: TSESTree.Program, names: (name: string) => boolean): boolean {
  for (const statement of ast.body) {
    if (statement.type !== AST_NODE_TYPES.ImportDeclaration || statement.importKind === 'type') continue;
    const source = statement.source.value;
    if (source === TRPC_MODULE || source.startsWith(`${TRPC_MODULE}/`)) return true;
    for (const specifier of statement.specifiers) {
      // A namespace or default import may carry the tiers (`trpc.protectedProcedure`).
      if (specifier.type !== AST_NODE_TYPES.ImportSpecifier) return true;
      const imported = specifier.imported.type === AST_NODE_TYPES.Identifier ? specifier.imported.name : specifier.imported.value;
      if (specifier.importKind !== 'type' && names(imported)) return true;
    }
  }
  return false;
}

const states = new WeakMap<object, FileState>();
const factoryMaps = new WeakMap<Guard, ReadonlyMap<string, string>>();

function factoriesOf(guard: Guard): ReadonlyMap<string, string> {
  let factories = factoryMaps.get(guard);
  if (!factories) {
    factories = new Map(Object.entries(guard.config.tierFactories ?? {}));
    factoryMaps.set(guard, factories);
  }
  return factories;
}

/** Per-file state shared by every rule linting the same file (keyed by the SourceCode object). */
export function trpcFile(context: AnyContext): FileState {
  const existing = states.get(context.sourceCode);
  if (existing) return existing;
  const { guard, roles } = fileRoles(context);
  const types = typeServices(context);
  const tiers = new Set(guard.config.tiers);
  const factories = factoriesOf(guard);
  const isCore = roles.has('trpcCore');
  const state: FileState = {
    context,
    guard,
    roles,
    tiers,
    factories,
    isCore,
    services: types?.services,
    // A getter: in the CLI's lazy mode asking for the checker builds the program.
    get checker() {
      return types?.checker;
    },
    procedures: new WeakMap(),
    aliases: new Map(),
    instances: new Map(),
    // With types, builders are also recognised by their type, whatever their import looks like.
    mayHaveProcedures:
      types !== undefined || isCore || importsBuilders(context.sourceCode.ast, (name) => tiers.has(name) || factories.has(name)),
  };
  states.set(context.sourceCode, state);
  return state;
}

/** The import a local identifier comes from: its module and imported name (`*` namespace, `default`). */
export function importOf(
  context: AnyContext,
  identifier: TSESTree.Identifier,
): { source: string; imported: string } | undefined {
  const variable = variableOf(context, identifier);
  const origin = variable ? importedNameOfVariable(context, variable) : undefined;
  return origin && !origin.typeOnly ? { source: origin.source, imported: origin.imported } : undefined;
}
