import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import type ts from 'typescript';
import { typescript } from './typescript.js';
import { typeFromPackage } from './packages.js';
import { getGuard } from './guard.js';
import { typeServices, type TypeServices } from './type-services.js';
import { initializerOf, memberName, unwrap } from './ast.js';
import { importedNameOf, importedNameOfVariable, importOfTypeAnnotation, isDrizzleModule, resolveAliasedVariable } from './modules.js';
import { resolveProjectModule } from './project-modules.js';

type AnyContext = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

export type TypeInfo = TypeServices;

/** The type checker when type information is available (parser or lazy program); undefined otherwise. */
export function typeInfo(context: AnyContext): TypeInfo | undefined {
  return typeServices(context);
}

/** True when `type` could not be resolved (any, unknown, an error type): the type says nothing. */
export function isUnresolvedType(type: ts.Type): boolean {
  const { TypeFlags } = typescript();
  return (type.flags & (TypeFlags.Any | TypeFlags.Unknown | TypeFlags.Never)) !== 0;
}

/**
 * A Drizzle database or transaction by its type: the type (an alias, a union/intersection member, a
 * base type) is declared by drizzle-orm, or its `member` (e.g. `execute`) is a method drizzle-orm declares.
 */
function isDrizzleType(checker: ts.TypeChecker, program: ts.Program, type: ts.Type, member: string, depth = 0): boolean {
  if (depth > 4) return false;
  if (typeFromPackage(type, 'drizzle-orm', program)) return true;
  if (type.isUnionOrIntersection()) return type.types.some((part) => isDrizzleType(checker, program, part, member, depth + 1));
  const property = type.getProperty(member);
  if (property && typeFromPackage(checker.getTypeOfSymbol(property), 'drizzle-orm', program, member)) return true;
  if (type.isClassOrInterface()) {
    return (checker.getBaseTypes(type as ts.InterfaceType) ?? []).some((base) => isDrizzleType(checker, program, base, member, depth + 1));
  }
  return false;
}

/**
 * By type: true/false when the object's type resolved, undefined when it did not (then the
 * caller falls back to syntax). Asked once per candidate member expression.
 */
export function drizzleByType(info: TypeInfo, object: TSESTree.Node, member: string): boolean | undefined {
  const type = info.services.getTypeAtLocation(object);
  if (isUnresolvedType(type)) return undefined;
  return isDrizzleType(info.checker, info.services.program, type, member);
}

/** True when `source` (relative, or a tsconfig path alias), imported by the file being linted, resolves into a `db`-role file. */
export function resolvesToDbModule(context: AnyContext, source: string): boolean {
  const target = resolveProjectModule(context.filename, source);
  return target !== undefined && getGuard(context).roles.is(target, 'db');
}

/** A type annotation naming a Drizzle type (imported from drizzle-orm) or a type exported by the db module. */
function isDrizzleTypeAnnotation(context: AnyContext, annotation: TSESTree.TypeNode | undefined): boolean {
  const imported = importOfTypeAnnotation(context, annotation);
  if (!imported) return false;
  return isDrizzleModule(imported.source) || resolvesToDbModule(context, imported.source);
}

export interface DbSyntaxOptions {
  /** Accept parameters/variables annotated with a Drizzle type and `transaction` callback parameters. */
  annotatedAndTransactions: boolean;
}

const MAX_DEPTH = 4;

/** `getDb()` or `await getDb()` where the function is imported (by a relative path) from the db module. */
function isDbModuleCall(context: AnyContext, node: TSESTree.Node): boolean {
  const call = node.type === AST_NODE_TYPES.AwaitExpression ? unwrap(node.argument) : node;
  if (call.type !== AST_NODE_TYPES.CallExpression) return false;
  const imported = importedNameOf(context, call.callee);
  return imported !== undefined && !imported.typeOnly && imported.imported !== '*' && resolvesToDbModule(context, imported.source);
}

/**
 * A Drizzle database by syntax: an identifier imported from the db module (`import { db } from '../db'`,
 * through `const` aliases), `ns.db` on a namespace import of it, what a function of the db module
 * returns (`const db = await getDb()`: the db module exports databases and their getters, so a call
 * of one that reaches `execute` or `$client` is taken for a database); optionally a
 * parameter/variable typed with a Drizzle type and the callback parameter of `<db>.transaction(...)`.
 */
export function isDrizzleDbBySyntax(context: AnyContext, node: TSESTree.Node, options: DbSyntaxOptions, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  const inner = unwrap(node);
  if (isDbModuleCall(context, inner)) return true;
  if (inner.type === AST_NODE_TYPES.MemberExpression) {
    const imported = importedNameOf(context, inner);
    return imported !== undefined && !imported.typeOnly && resolvesToDbModule(context, imported.source);
  }
  if (inner.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = resolveAliasedVariable(context, inner);
  if (!variable || variable.defs.length !== 1) return false;
  const imported = importedNameOfVariable(context, variable);
  if (imported) return !imported.typeOnly && imported.imported !== '*' && resolvesToDbModule(context, imported.source);
  // `const db = await getDb()`: the value a function of the db module returns.
  const init = initializerOf(variable);
  if (init && isDbModuleCall(context, unwrap(init))) return true;
  if (!options.annotatedAndTransactions) return false;
  const def = variable.defs[0];
  if (!def) return false;
  if (def.type === 'Variable' && def.name.type === AST_NODE_TYPES.Identifier) {
    return isDrizzleTypeAnnotation(context, def.name.typeAnnotation?.typeAnnotation);
  }
  if (def.type !== 'Parameter') return false;
  const binding = def.name;
  if (binding.type !== AST_NODE_TYPES.Identifier) return false;
  if (isDrizzleTypeAnnotation(context, binding.typeAnnotation?.typeAnnotation)) return true;
  // `db.transaction(async (tx) => ...)`: tx is the first parameter of the first argument.
  const fn = def.node;
  if (
    (fn.type !== AST_NODE_TYPES.ArrowFunctionExpression && fn.type !== AST_NODE_TYPES.FunctionExpression) ||
    fn.params[0] !== binding
  ) {
    return false;
  }
  const call = fn.parent;
  if (call.type !== AST_NODE_TYPES.CallExpression || call.arguments[0] !== fn) return false;
  const callee = call.callee;
  if (callee.type !== AST_NODE_TYPES.MemberExpression || memberName(callee) !== 'transaction') return false;
  return isDrizzleDbBySyntax(context, callee.object, options, depth + 1);
}

/**
 * Is `object` (of `object.member`) a Drizzle database or transaction? By type when the program
 * resolves it, else by syntax. Never true for something that cannot be traced.
 */
export function isDrizzleDb(
  context: AnyContext,
  info: TypeInfo | undefined,
  object: TSESTree.Node,
  member: string,
  options: DbSyntaxOptions,
): boolean {
  if (object.type === AST_NODE_TYPES.Super) return false;
  if (info) {
    const byType = drizzleByType(info, object, member);
    if (byType !== undefined) return byType;
  }
  return isDrizzleDbBySyntax(context, object, options);
}
