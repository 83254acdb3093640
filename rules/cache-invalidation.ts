import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import { createRule } from './_utils/create-rule.js';
import { fileRoles } from './_utils/guard.js';
import { initializerOf, memberName, unwrap, variableOf } from './_utils/ast.js';
import { enclosingFunction, isFunctionNode, localFunctionOf, some, type FunctionNode } from './_utils/function-body.js';
import { importedNameOf, isDrizzleModule, resolveAliasedVariable, resolveRelativeModule } from './_utils/modules.js';

interface CachedTable {
  table: string;
  cache: string;
  methods?: string[];
  helpers?: string[];
}
export type Options = [{ caches?: CachedTable[] }];
export type MessageIds = 'missingInvalidation';

type Context = Readonly<TSESLint.RuleContext<MessageIds, Options>>;

const DEFAULT_METHODS = ['invalidate*', 'delete'];
/** Drizzle's table builders, for a table declared in the same file. */
const TABLE_BUILDERS: ReadonlySet<string> = new Set(['pgTable', 'sqliteTable', 'mysqlTable', 'singlestoreTable']);
const MAX_DEPTH = 4;

/** `invalidate*` matches `invalidate`, `invalidateUser`; other names match exactly. */
function methodMatcher(patterns: readonly string[]): (name: string) => boolean {
  return (name) => patterns.some((pattern) => (pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern));
}

interface Pair {
  table: string;
  cache: string;
  isMethod: (name: string) => boolean;
  helpers: ReadonlySet<string>;
  hint: string;
}

interface Write {
  call: TSESTree.CallExpression;
  /** Where to report: `update(users)`, from the method name to the end of its call. */
  loc: TSESTree.SourceLocation;
  unit: FunctionNode;
  pair: Pair;
}

export default createRule<Options, MessageIds>({
  name: 'cache-invalidation',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require cache invalidation in functions that update or delete rows of a cached table',
      recommended: 'recommended',
      requiresTypeChecking: false,
    },
    messages: {
      missingInvalidation: '`{{table}}` rows change here without `{{hint}}` in the same function.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          caches: {
            type: 'array',
            description: 'Cached tables: a change to a row of `table` must invalidate `cache` in the same function.',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['table', 'cache'],
              properties: {
                table: { type: 'string', description: 'The Drizzle table, by the name it is exported under from the schema (e.g. `users`).' },
                cache: { type: 'string', description: 'The cache object, by the name it is exported under (e.g. `sessionCache`), imported or declared in the file.' },
                methods: {
                  type: 'array',
                  items: { type: 'string' },
                  uniqueItems: true,
                  description: "The cache's invalidation methods; a trailing `*` matches a prefix. Default `[\"invalidate*\", \"delete\"]`.",
                },
                helpers: {
                  type: 'array',
                  items: { type: 'string' },
                  uniqueItems: true,
                  description: 'Imported functions (by exported name) that invalidate the cache, e.g. `dropSession`.',
                },
              },
            },
          },
        },
      },
    ],
    defaultOptions: [{ caches: [{ table: 'users', cache: 'sessionCache', methods: DEFAULT_METHODS, helpers: [] }] }],
  },
  create(context: Context, [options]) {
    const { guard, roles } = fileRoles(context);
    if (!roles.has('server') || roles.has('schema')) return {};
    const pairs: Pair[] = (options.caches ?? []).map((entry) => {
      const methods = entry.methods && entry.methods.length > 0 ? entry.methods : DEFAULT_METHODS;
      return {
        table: entry.table,
        cache: entry.cache,
        isMethod: methodMatcher(methods),
        helpers: new Set(entry.helpers ?? []),
        hint: `${entry.cache}.${methods[0]!.replace(/\*$/, '')}(…)`,
      };
    });
    if (pairs.length === 0) return {};

    /** The schema module a relative specifier points at, or a package/alias (which cannot be resolved: trusted). */
    const isSchemaSource = (source: string): boolean => {
      const target = resolveRelativeModule(context.filename, source);
      return target === undefined || guard.roles.is(target, 'schema');
    };

    /** The configured table `node` names: an import from the schema, or a table built in this file. */
    const tableOf = (node: TSESTree.Node | undefined): Pair | undefined => {
      if (!node) return undefined;
      const inner = unwrap(node);
      const imported = importedNameOf(context, inner);
      if (imported) {
        if (imported.typeOnly || isDrizzleModule(imported.source) || !isSchemaSource(imported.source)) return undefined;
        return pairs.find((pair) => pair.table === imported.imported);
      }
      if (inner.type !== AST_NODE_TYPES.Identifier) return undefined;
      const variable = resolveAliasedVariable(context, inner);
      const init = initializerOf(variable, { constOnly: true });
      const made = init && unwrap(init);
      if (made?.type !== AST_NODE_TYPES.CallExpression) return undefined;
      const builder = importedNameOf(context, made.callee);
      if (!builder || !isDrizzleModule(builder.source) || !TABLE_BUILDERS.has(builder.imported)) return undefined;
      return pairs.find((pair) => pair.table === variable!.name);
    };

    /** `x.update(t).set(...)`, `x.delete(t)`, `x.insert(t)…onConflictDoUpdate(...)`: a write that changes existing rows. */
    const writeOf = (call: TSESTree.CallExpression): { pair: Pair; method: TSESTree.Node } | undefined => {
      const callee = unwrap(call.callee);
      if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
      const method = memberName(callee);
      if (method !== 'update' && method !== 'delete' && method !== 'insert') return undefined;
      const pair = tableOf(call.arguments[0]);
      if (!pair) return undefined;
      // Walk the builder chain upwards: `.set(` for an update, `.onConflictDoUpdate(` for an upsert.
      const chain: string[] = [];
      for (let node: TSESTree.Node = call; ; ) {
        const parent: TSESTree.Node | undefined = node.parent;
        if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === node) {
          const name = memberName(parent);
          if (name) chain.push(name);
          node = parent;
        } else if (parent?.type === AST_NODE_TYPES.CallExpression && parent.callee === node) {
          node = parent;
        } else {
          break;
        }
      }
      if (method === 'update' && !chain.includes('set')) return undefined;
      if (method === 'insert' && !chain.includes('onConflictDoUpdate')) return undefined;
      return { pair, method: callee.property };
    };

    /** The cache object an expression names: an import of the configured name, or a module-level declaration of it. */
    const isCache = (node: TSESTree.Node, pair: Pair): boolean => {
      const inner = unwrap(node);
      const imported = importedNameOf(context, inner);
      if (imported) return !imported.typeOnly && imported.imported === pair.cache;
      if (inner.type !== AST_NODE_TYPES.Identifier) return false;
      const variable = resolveAliasedVariable(context, inner);
      return variable !== null && variable.name === pair.cache && variable.scope.type === 'module';
    };

    const invalidatesMemo = new Map<FunctionNode, Map<Pair, boolean>>();

    /** True when `root` calls the cache's invalidation, a configured helper, or a same-file function that does. */
    const invalidates = (root: TSESTree.Node, pair: Pair, depth: number): boolean =>
      some(
        context,
        root,
        (node) => {
          if (node.type !== AST_NODE_TYPES.CallExpression) return false;
          const callee = unwrap(node.callee);
          if (callee.type === AST_NODE_TYPES.MemberExpression) {
            const name = memberName(callee);
            if (name !== undefined && pair.isMethod(name) && isCache(callee.object, pair)) return true;
          }
          const imported = importedNameOf(context, callee);
          if (imported && pair.helpers.has(imported.imported)) return true;
          if (callee.type !== AST_NODE_TYPES.Identifier || depth >= MAX_DEPTH) return false;
          const local = localFunctionOf(resolveAliasedVariable(context, callee));
          return local !== undefined && functionInvalidates(local, pair, depth + 1);
        },
        { intoFunctions: true },
      );

    const functionInvalidates = (fn: FunctionNode, pair: Pair, depth: number): boolean => {
      let perPair = invalidatesMemo.get(fn);
      if (!perPair) invalidatesMemo.set(fn, (perPair = new Map()));
      const known = perPair.get(pair);
      if (known !== undefined) return known;
      perPair.set(pair, false); // a recursive call does not prove anything
      const result = invalidates(fn.body, pair, depth);
      perPair.set(pair, result);
      return result;
    };

    /** The function a write belongs to: inline callbacks (`db.transaction(async (tx) => …)`) are part of the function that passes them. */
    const unitOf = (node: TSESTree.Node): FunctionNode | undefined => {
      let fn = enclosingFunction(node);
      while (fn && fn.parent?.type === AST_NODE_TYPES.CallExpression && fn.parent.arguments.includes(fn as TSESTree.CallExpressionArgument)) {
        const outer = enclosingFunction(fn);
        if (!outer) break;
        fn = outer;
      }
      return fn;
    };

    /** The variable naming a unit (`function f`, `const f = …`) when it is not exported: a private helper. */
    const privateHelperVariable = (fn: FunctionNode): TSESLint.Scope.Variable | null => {
      let id: TSESTree.Identifier | undefined;
      let declaration: TSESTree.Node | undefined;
      if (fn.type === AST_NODE_TYPES.FunctionDeclaration && fn.id) {
        id = fn.id;
        declaration = fn;
      } else if (fn.parent?.type === AST_NODE_TYPES.VariableDeclarator && fn.parent.id.type === AST_NODE_TYPES.Identifier) {
        id = fn.parent.id;
        declaration = fn.parent.parent;
      }
      if (!id || !declaration || declaration.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration || declaration.parent?.type === AST_NODE_TYPES.ExportDefaultDeclaration) return null;
      const variable = variableOf(context, id);
      return variable && !variable.references.some((reference) => reference.identifier.parent?.type === AST_NODE_TYPES.ExportSpecifier) ? variable : null;
    };

    /** A private helper whose every call site (at least one) is in a function that invalidates. */
    const invalidatedByCallers = (unit: FunctionNode, pair: Pair): boolean => {
      const variable = privateHelperVariable(unit);
      const calls = variable?.references.filter((reference) => !reference.init) ?? [];
      if (calls.length === 0) return false;
      return calls.every((reference) => {
        const parent = reference.identifier.parent;
        if (parent?.type !== AST_NODE_TYPES.CallExpression || parent.callee !== reference.identifier) return false;
        const caller = unitOf(parent);
        return caller !== undefined && caller !== unit && functionInvalidates(caller, pair, 0);
      });
    };

    const writes: Write[] = [];
    return {
      CallExpression(call) {
        const write = writeOf(call);
        if (!write) return;
        const unit = unitOf(call);
        // A write at module level runs once at start-up (a seed), not on a request path.
        if (!unit || !isFunctionNode(unit)) return;
        writes.push({ call, unit, pair: write.pair, loc: { start: write.method.loc.start, end: call.loc.end } });
      },
      'Program:exit'() {
        for (const { loc, unit, pair } of writes) {
          if (functionInvalidates(unit, pair, 0) || invalidatedByCallers(unit, pair)) continue;
          context.report({ loc, messageId: 'missingInvalidation', data: { table: pair.table, hint: pair.hint } });
        }
      },
    };
  },
});
