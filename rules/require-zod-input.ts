import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type ts from 'typescript';
import { typescript, typeUtils } from './_utils/typescript.js';
import { typeFromPackage } from './_utils/packages.js';
import { createRule } from './_utils/create-rule.js';
import { initializerOf, unwrap, variableOf } from './_utils/ast.js';
import { importedModuleView, type ModuleView } from './_utils/module-view.js';
import { getProcedure, importOf, trpcFile, typeServices } from './_utils/trpc.js';

type Options = [{ allowArgumentlessQueries?: boolean }];
type MessageIds = 'missingInput' | 'inputValidatesNothing' | 'functionValidator' | 'notZodSchema';

const ZOD_MODULES: ReadonlySet<string> = new Set(['zod', 'zod/v4', 'zod/v3', 'zod/mini', 'zod/v4/mini', 'zod/v4-mini']);
/** Packages that declare Zod's types (`zod/mini` re-exports from `zod`). */
/** Schema methods that return data, not a schema (`schema.parse(raw)` is a value). */
const DATA_METHODS: ReadonlySet<string> = new Set(['parse', 'safeParse', 'parseAsync', 'safeParseAsync', 'spa', 'encode', 'decode', 'encodeAsync', 'decodeAsync', 'safeEncode', 'safeDecode', 'safeEncodeAsync', 'safeDecodeAsync', 'isOptional', 'isNullable', 'toJSONSchema']);
const ZOD_PACKAGES: ReadonlySet<string> = new Set(['zod', '@zod/core', '@zod/mini']);
/** Methods that wrap a schema without adding validation of its own. */
const TRANSPARENT_METHODS: ReadonlySet<string> = new Set(['optional', 'nullable', 'nullish', 'describe', 'meta']);
const TRANSPARENT_FUNCTIONS: ReadonlySet<string> = new Set(['optional', 'nullable', 'nullish']);
const EMPTY_SCHEMAS: ReadonlySet<string> = new Set(['any', 'unknown']);
const MAX_DEPTH = 12;
/** Zod's schema types that accept anything (zod 4 classic and mini, zod 3). */
const EMPTY_SCHEMA_TYPES: ReadonlyMap<string, string> = new Map([
  ['ZodAny', 'any'],
  ['ZodUnknown', 'unknown'],
  ['ZodMiniAny', 'any'],
  ['ZodMiniUnknown', 'unknown'],
]);

export default createRule<Options, MessageIds>({
  name: 'require-zod-input',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require every tRPC procedure to validate its input with a Zod schema.',
      recommended: 'recommended',
      requiresTypeChecking: false,
    },
    messages: {
      missingInput: 'This {{kind}} has no `.input(...)`; add a Zod schema, even an empty one.',
      inputValidatesNothing: '`z.{{schema}}()` validates nothing; describe the input with Zod.',
      functionValidator: 'A function is not a Zod contract; pass a Zod schema to `.input()`.',
      notZodSchema: 'Input of type `{{type}}` is not a Zod schema; pass one to `.input()`.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          allowArgumentlessQueries: {
            type: 'boolean',
            description: 'Let queries without `.input(...)` pass (inputs that validate nothing are still reported). Default false: every procedure states its input.',
          },
        },
      },
    ],
    defaultOptions: [{ allowArgumentlessQueries: false }],
  },
  create(context, [options]) {
    const state = trpcFile(context);
    if (!state.roles.has('server') || !state.mayHaveProcedures) return {};
    const types = typeServices(context);
    // A shared builder's `.input(...)` is checked once, however many procedures use it.
    const checked = new Set<TSESTree.Node>();


    /** A zod namespace binding: `import { z }`, `import * as z`, `import z`, renamed or not. */
    const isZodNamespace = (node: TSESTree.Node): boolean => {
      if (node.type !== AST_NODE_TYPES.Identifier) return false;
      const origin = importOf(context, node);
      return origin !== undefined && ZOD_MODULES.has(origin.source) && ['z', '*', 'default'].includes(origin.imported);
    };

    /** `any`/`unknown` when the schema accepts everything: `z.any()`, `z.unknown().optional()`... */
    const emptySchema = (expression: TSESTree.Node, depth = 0): string | undefined => {
      const node = unwrap(expression);
      if (depth > MAX_DEPTH) return undefined;
      if (node.type === AST_NODE_TYPES.Identifier) {
        const init = initializerOf(variableOf(context, node));
        return init ? emptySchema(init, depth + 1) : undefined;
      }
      if (node.type !== AST_NODE_TYPES.CallExpression) return undefined;
      const callee = unwrap(node.callee);
      if (callee.type === AST_NODE_TYPES.Identifier) {
        const origin = importOf(context, callee);
        if (origin && ZOD_MODULES.has(origin.source)) {
          if (EMPTY_SCHEMAS.has(origin.imported)) return origin.imported;
          if (TRANSPARENT_FUNCTIONS.has(origin.imported) && node.arguments[0]) return emptySchema(node.arguments[0], depth + 1);
        }
        return undefined;
      }
      if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.computed || callee.property.type !== AST_NODE_TYPES.Identifier) {
        return undefined;
      }
      const method = callee.property.name;
      if (isZodNamespace(unwrap(callee.object))) {
        if (EMPTY_SCHEMAS.has(method)) return method;
        if (TRANSPARENT_FUNCTIONS.has(method) && node.arguments[0]) return emptySchema(node.arguments[0], depth + 1);
        return undefined;
      }
      return TRANSPARENT_METHODS.has(method) ? emptySchema(callee.object, depth + 1) : undefined;
    };

    const isFunction = (expression: TSESTree.Node, depth = 0): boolean => {
      const node = unwrap(expression);
      if (node.type === AST_NODE_TYPES.ArrowFunctionExpression || node.type === AST_NODE_TYPES.FunctionExpression) return true;
      if (node.type !== AST_NODE_TYPES.Identifier || depth > MAX_DEPTH) return false;
      const variable = variableOf(context, node);
      if (variable?.defs.length !== 1) return false;
      if (variable.defs[0]?.type === 'FunctionName') return true;
      const init = initializerOf(variableOf(context, node));
      return init !== undefined && isFunction(init, depth + 1);
    };

    /**
     * An imported schema declared as a Zod call chain (`export const idInput = z.object(...)`), found
     * through symbols alone: no type inference. Undefined when the declaration does not say (then
     * the type decides), including chains that start with `any`/`unknown`.
     */
    const zodByDeclaration = (node: TSESTree.Node): { zod: boolean; empty: undefined; type: string } | undefined => {
      if (!types) return undefined;
      const tsm = typescript();
      const { checker } = types;
      const resolve = (at: ts.Node): ts.Symbol | undefined => {
        const symbol = checker.getSymbolAtLocation(at);
        return symbol && symbol.flags & tsm.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      };
      const declaration = resolve(types.services.esTreeNodeToTSNodeMap.get(unwrap(node)))?.valueDeclaration;
      if (!declaration || !tsm.isVariableDeclaration(declaration) || !declaration.initializer) return undefined;
      let expression: ts.Expression = declaration.initializer;
      let firstMethod: string | undefined;
      let firstAccess: ts.PropertyAccessExpression | undefined;
      for (;;) {
        if (tsm.isCallExpression(expression)) expression = expression.expression;
        else if (tsm.isPropertyAccessExpression(expression)) {
          firstMethod = expression.name.text;
          firstAccess = expression;
          expression = expression.expression;
        } else if (tsm.isParenthesizedExpression(expression) || tsm.isAsExpression(expression) || tsm.isSatisfiesExpression(expression)) {
          expression = expression.expression;
        } else break;
      }
      if (!tsm.isIdentifier(expression) || !firstAccess || firstMethod === undefined || EMPTY_SCHEMAS.has(firstMethod)) return undefined;
      // The schema factory the chain starts with (`z.object`): a function's type is cheap, the schema's is not.
      const program = types.services.program;
      const fromZod = [...ZOD_PACKAGES].some((pkg) => typeFromPackage(checker.getTypeAtLocation(firstAccess), pkg, program));
      return fromZod ? { zod: true, empty: undefined, type: 'zod' } : undefined;
    };

    /** Whether the checker says the value is a Zod schema; undefined when the type did not resolve. */
    const isZodType = (node: TSESTree.Node): { zod: boolean; empty: string | undefined; type: string } | undefined => {
      if (!types) return undefined;
      const type = typeUtils().getConstrainedTypeAtLocation(types.services, node);
      const parts = type.isUnion() ? type.types : [type];
      const { TypeFlags } = typescript();
      let zod = true;
      for (const part of parts) {
        if (part.flags & (TypeFlags.Undefined | TypeFlags.Null)) continue;
        // `any` and error types (an import that did not resolve) say nothing: never a report.
        if (typeUtils().isTypeAnyType(part) || typeUtils().isTypeUnknownType(part)) return undefined;
        const isSchema =
          part.getProperty('_zod') !== undefined || (part.getProperty('_def') !== undefined && part.getProperty('safeParse') !== undefined);
        if (!isSchema) zod = false;
      }
      // An imported `z.any()` schema: its type names it even when its initialiser is in another file.
      const empty = EMPTY_SCHEMA_TYPES.get(type.getSymbol()?.getName() ?? '');
      return { zod, empty, type: types.checker.typeToString(type) };
    };

    /** The identifier a call/member chain hangs from (`z` in `z.object({}).strict()`), through local consts. */
    const chainRoot = (expression: TSESTree.Node, depth = 0): TSESTree.Identifier | undefined => {
      let node = unwrap(expression);
      for (;;) {
        if (node.type === AST_NODE_TYPES.CallExpression) node = unwrap(node.callee);
        else if (node.type === AST_NODE_TYPES.MemberExpression) node = unwrap(node.object);
        else break;
      }
      if (node.type !== AST_NODE_TYPES.Identifier) return undefined;
      if (importOf(context, node) !== undefined || depth > MAX_DEPTH) return node;
      const init = initializerOf(variableOf(context, node));
      return init ? (chainRoot(init, depth + 1) ?? node) : node;
    };

    /** Built by a Zod call chain visible in this file (`emptySchema` has ruled out `any`/`unknown`). */
    const isZodBySyntax = (expression: TSESTree.Node): boolean => {
      const root = chainRoot(expression);
      const origin = root ? importOf(context, root) : undefined;
      return origin !== undefined && ZOD_MODULES.has(origin.source);
    };

    /**
     * An imported schema whose declaration, read from its project module without types, is a Zod
     * call chain (`export const idInput = z.object(...)`), an alias of one, or a chain of schema
     * methods on one (`paginationInput.extend({...})`), followed across project modules: a Zod
     * schema, and no program is built to say so (in the editor, a program rebuilt around every
     * edit). False when the modules do not say (a barrel, a package, a chain that starts at
     * `any`/`unknown` or ends in data, `schema.parse(x)`): then the types decide.
     */
    const isZodByImportedDeclaration = (expression: TSESTree.Node): boolean => {
      const node = unwrap(expression);
      if (node.type !== AST_NODE_TYPES.Identifier) return false;
      const origin = importOf(context, node);
      return origin !== undefined && origin.imported !== '*' && declaredZod(importedModuleView(context.filename, origin.source), origin.imported, true, 0);
    };

    /** Whether `name` (exported when `exported`, else a top-level name) of a module view is declared as a Zod schema. */
    const declaredZod = (view: ModuleView | undefined, name: string, exported: boolean, depth: number): boolean => {
      if (!view || depth > MAX_DEPTH) return false;
      const local = exported ? view.exports.get(name) : name;
      if (local === undefined) return false;
      const imported = view.imports.get(local);
      if (imported) return imported.imported !== '*' && !ZOD_MODULES.has(imported.source) && declaredZod(importedModuleView(view.file, imported.source), imported.imported, true, depth + 1);
      const init = view.constants.get(local);
      if (!init) return false;
      let link = unwrap(init);
      let firstMethod: string | undefined;
      for (;;) {
        if (link.type === AST_NODE_TYPES.CallExpression) {
          const callee = unwrap(link.callee);
          if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.computed || callee.property.type !== AST_NODE_TYPES.Identifier) return false;
          if (DATA_METHODS.has(callee.property.name)) return false;
          firstMethod = callee.property.name;
          link = unwrap(callee.object);
        } else break;
      }
      if (link.type !== AST_NODE_TYPES.Identifier) return false;
      const root = view.imports.get(link.name);
      if (root && ZOD_MODULES.has(root.source)) {
        return ['z', '*', 'default'].includes(root.imported) && firstMethod !== undefined && !EMPTY_SCHEMAS.has(firstMethod);
      }
      // An alias, or methods chained on another schema: that schema decides.
      return declaredZod(view, link.name, false, depth + 1);
    };

    const checkInput = (call: TSESTree.CallExpression): void => {
      const argument = call.arguments[0];
      if (!argument || argument.type === AST_NODE_TYPES.SpreadElement || checked.has(argument)) return;
      checked.add(argument);
      const empty = emptySchema(argument);
      if (empty) {
        context.report({ node: argument, messageId: 'inputValidatesNothing', data: { schema: empty } });
        return;
      }
      if (isFunction(argument)) {
        context.report({ node: argument, messageId: 'functionValidator' });
        return;
      }
      // The checker is asked only when syntax cannot tell: inferring a Zod schema's type is costly.
      if (isZodBySyntax(argument) || isZodByImportedDeclaration(argument)) return;
      const typed = zodByDeclaration(argument) ?? isZodType(argument);
      if (typed?.zod && typed.empty) {
        context.report({ node: argument, messageId: 'inputValidatesNothing', data: { schema: typed.empty } });
      } else if (typed && !typed.zod) {
        context.report({ node: argument, messageId: 'notZodSchema', data: { type: typed.type } });
      }
    };

    return {
      CallExpression(node) {
        const procedure = getProcedure(context, node);
        if (!procedure) return;
        const inputs = procedure.links.filter((link) => link.method === 'input' && link.call.arguments.length > 0);
        for (const input of inputs) checkInput(input.call);
        if (inputs.length > 0 || procedure.inputFromType) return;
        // A builder recognised by type may carry an input we cannot see; report only when the type says none.
        if (procedure.root.kind === 'typed' && procedure.root.inputSet !== false) return;
        if (procedure.kind === 'query' && options.allowArgumentlessQueries) return;
        context.report({ node: procedure.property, messageId: 'missingInput', data: { kind: procedure.kind } });
      },
    };
  },
});
