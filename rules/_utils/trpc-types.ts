import type { TSESTree } from '@typescript-eslint/types';
import type ts from 'typescript';
import { memberName } from './ast.js';
import { typeFromPackage } from './packages.js';
import { typescript } from './typescript.js';
import type { FileState } from './trpc-file.js';
import { BUILDER_METHODS, MAX_DEPTH, TRPC_MODULE, type BuilderChain } from './trpc-model.js';

/**
 * Recognition of procedure builders by type: tRPC's `ProcedureBuilder`, followed to its declaration
 * to find the configured tier (or builder factory) it was made from.
 */

type Node = TSESTree.Node;

/** The ProcedureBuilder type when `type` is tRPC's procedure builder. */
function procedureBuilderType(type: ts.Type, program: ts.Program): ts.Type | undefined {
  return typeFromPackage(type, TRPC_MODULE, program, 'ProcedureBuilder') ? type : undefined;
}

/** Whether the builder type already has an input parser (its `TInputIn` is not tRPC's unset marker). */
function builderInputSet(checker: ts.TypeChecker, type: ts.Type): boolean | undefined {
  const args =
    type.aliasTypeArguments ??
    ((type as ts.ObjectType).objectFlags & typescript().ObjectFlags.Reference ? checker.getTypeArguments(type as ts.TypeReference) : undefined);
  const inputIn = args?.[3];
  if (!inputIn) return undefined;
  return !/unsetMarker/i.test(checker.typeToString(inputIn));
}

type Declared = { tier: string; inputSet: boolean; factory?: string } | { unlistedFactory: string };

/** The name of a function declaration, or of the variable a function expression initialises. */
function functionName(declaration: ts.Declaration): string | undefined {
  const tsm = typescript();
  if (tsm.isFunctionDeclaration(declaration)) return declaration.name?.text;
  if (
    tsm.isVariableDeclaration(declaration) &&
    tsm.isIdentifier(declaration.name) &&
    declaration.initializer &&
    (tsm.isArrowFunction(declaration.initializer) || tsm.isFunctionExpression(declaration.initializer))
  ) {
    return declaration.name.text;
  }
  return undefined;
}

/**
 * Follows an imported builder to its declaration in another file (types only): a configured tier
 * declared in a trpcCore file, possibly through a shared builder such as `protectedProcedure.input(x)`,
 * or a call of a builder factory (configured: its tier; not configured: its name).
 */
function tierFromDeclaration(state: FileState, tsNode: ts.Node): Declared | undefined {
  const checker = state.checker;
  if (!checker) return undefined;
  const tsm = typescript();
  let inputSet = false;
  let current: ts.Node | undefined = tsNode;
  const symbolAt = (at: ts.Node): ts.Symbol | undefined => {
    const symbol = checker.getSymbolAtLocation(at);
    return symbol && symbol.flags & tsm.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  };
  for (let depth = 0; current && depth < MAX_DEPTH; depth++) {
    while (tsm.isCallExpression(current) && tsm.isPropertyAccessExpression(current.expression) && BUILDER_METHODS.has(current.expression.name.text)) {
      if (current.expression.name.text === 'input') inputSet = true;
      current = current.expression.expression;
    }
    while (tsm.isParenthesizedExpression(current) || tsm.isAsExpression(current) || tsm.isSatisfiesExpression(current) || tsm.isNonNullExpression(current)) {
      current = current.expression;
    }
    if (tsm.isCallExpression(current)) {
      // `permissionProcedure("invoices:read")`: the function that makes the builder.
      let callee: ts.Node = tsm.isPropertyAccessExpression(current.expression) ? current.expression.name : current.expression;
      let declaration = symbolAt(callee)?.valueDeclaration;
      // `const can = permissionProcedure`: follow plain aliases of the function.
      for (let hop = 0; declaration && hop < MAX_DEPTH && tsm.isVariableDeclaration(declaration) && declaration.initializer && tsm.isIdentifier(declaration.initializer); hop++) {
        callee = declaration.initializer;
        declaration = symbolAt(callee)?.valueDeclaration;
      }
      const name = declaration && functionName(declaration);
      if (name === undefined) return undefined;
      const tier = state.factories.get(name);
      return tier === undefined ? { unlistedFactory: name } : { tier, inputSet, factory: name };
    }
    const at: ts.Node = tsm.isPropertyAccessExpression(current) ? current.name : current;
    const declaration = symbolAt(at)?.valueDeclaration;
    if (!declaration || !tsm.isVariableDeclaration(declaration) || !tsm.isIdentifier(declaration.name)) return undefined;
    const name = declaration.name.text;
    if (state.tiers.has(name) && state.guard.roles.is(declaration.getSourceFile().fileName, 'trpcCore')) return { tier: name, inputSet };
    current = declaration.initializer;
  }
  return undefined;
}

/** Recognises an unresolved root by its type: tRPC's ProcedureBuilder, declared in @trpc/server. */
export function resolveByType(state: FileState, node: Node): BuilderChain | undefined {
  const { services, checker } = state;
  if (!services || !checker) return undefined;
  const tsNode = services.esTreeNodeToTSNodeMap.get(node as TSESTree.Expression);
  if (!tsNode) return undefined;
  const type = procedureBuilderType(checker.getTypeAtLocation(tsNode), services.program);
  if (!type) return undefined;
  const declared = tierFromDeclaration(state, tsNode);
  if (declared && 'tier' in declared) {
    const { tier, factory } = declared;
    return { root: { kind: 'tier', tier, node, ...(factory === undefined ? {} : { factory }) }, links: [], inputFromType: declared.inputSet };
  }
  if (memberName(node) === 'procedure') return { root: { kind: 'raw', node }, links: [] };
  const factory = declared && 'unlistedFactory' in declared ? { factory: declared.unlistedFactory } : {};
  return { root: { kind: 'typed', node, inputSet: builderInputSet(checker, type), ...factory }, links: [] };
}
