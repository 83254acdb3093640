import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import { createRule } from './_utils/create-rule.js';
import { memberName, unwrap } from './_utils/ast.js';
import { configuredFunctionOf, configuredFunctionsSchema, configuredMemberOf, type ConfiguredFunction } from './_utils/configured-functions.js';
import { isDrizzleDb, typeInfo } from './_utils/drizzle-db.js';
import { fileRoles } from './_utils/guard.js';
import { isFunctionNode, viewOf, type FunctionNode } from './_utils/module-view.js';
import { shortText } from './_utils/modules.js';

export type Options = [{ guards?: ConfiguredFunction[] }];
export type MessageIds = 'nonIdempotentInsert';

const ON_CONFLICT = new Set(['onConflictDoNothing', 'onConflictDoUpdate', 'onDuplicateKeyUpdate']);

/** The calls chained on `call` (`db.insert(t).values(v).onConflictDoNothing()` → values, onConflictDoNothing). */
function chainedMethods(call: TSESTree.CallExpression): { methods: string[]; end: TSESTree.Node } {
  const methods: string[] = [];
  let current: TSESTree.Node = call;
  for (;;) {
    let parent: TSESTree.Node | undefined = current.parent;
    while (parent && (parent.type === AST_NODE_TYPES.TSNonNullExpression || parent.type === AST_NODE_TYPES.ChainExpression)) {
      current = parent;
      parent = current.parent;
    }
    if (parent?.type !== AST_NODE_TYPES.MemberExpression || parent.object !== current) break;
    const name = memberName(parent);
    const next: TSESTree.Node | undefined = parent.parent;
    if (name === undefined || next?.type !== AST_NODE_TYPES.CallExpression || next.callee !== parent) break;
    methods.push(name);
    current = next;
  }
  return { methods, end: current };
}

/** The variable an awaited insert's result lands in: `const [row] = await …` or `const rows = await …`. */
function resultBinding(end: TSESTree.Node): { name: string; destructured: boolean } | undefined {
  let node: TSESTree.Node = end;
  if (node.parent?.type === AST_NODE_TYPES.AwaitExpression) node = node.parent;
  const declarator = node.parent;
  if (declarator?.type !== AST_NODE_TYPES.VariableDeclarator || declarator.init !== node) return undefined;
  if (declarator.id.type === AST_NODE_TYPES.Identifier) return { name: declarator.id.name, destructured: false };
  const first = declarator.id.type === AST_NODE_TYPES.ArrayPattern ? declarator.id.elements[0] : undefined;
  return first?.type === AST_NODE_TYPES.Identifier ? { name: first.name, destructured: true } : undefined;
}

/** A test that is true when nothing was inserted: `!row`, `row === undefined`, `rows.length === 0`, `!rows.length`, `rows.length < 1`. */
function testsEmpty(test: TSESTree.Node, binding: { name: string; destructured: boolean }): boolean {
  const inner = unwrap(test);
  const isName = (node: TSESTree.Node): boolean => unwrap(node).type === AST_NODE_TYPES.Identifier && (unwrap(node) as TSESTree.Identifier).name === binding.name;
  const isLength = (node: TSESTree.Node): boolean => {
    const value = unwrap(node);
    return value.type === AST_NODE_TYPES.MemberExpression && memberName(value) === 'length' && isName(value.object);
  };
  const isNothing = (node: TSESTree.Node): boolean =>
    (node.type === AST_NODE_TYPES.Identifier && node.name === 'undefined') || (node.type === AST_NODE_TYPES.Literal && node.value === null);
  const isZero = (node: TSESTree.Node): boolean => node.type === AST_NODE_TYPES.Literal && node.value === 0;
  if (inner.type === AST_NODE_TYPES.LogicalExpression && inner.operator === '||') {
    return testsEmpty(inner.left, binding) || testsEmpty(inner.right, binding);
  }
  if (inner.type === AST_NODE_TYPES.UnaryExpression && inner.operator === '!') {
    return binding.destructured ? isName(inner.argument) : isLength(inner.argument);
  }
  if (inner.type !== AST_NODE_TYPES.BinaryExpression) return false;
  const { left, right, operator } = inner;
  if (binding.destructured) return ['===', '=='].includes(operator) && ((isName(left) && isNothing(right)) || (isName(right) && isNothing(left)));
  if (['===', '==', '<='].includes(operator) && isLength(left) && isZero(right)) return true;
  return operator === '<' && isLength(left) && right.type === AST_NODE_TYPES.Literal && right.value === 1;
}

/** A statement that leaves the handler (or the loop iteration) when taken. */
function exits(statement: TSESTree.Statement): boolean {
  if (
    statement.type === AST_NODE_TYPES.ReturnStatement ||
    statement.type === AST_NODE_TYPES.ThrowStatement ||
    statement.type === AST_NODE_TYPES.ContinueStatement
  ) {
    return true;
  }
  if (statement.type === AST_NODE_TYPES.BlockStatement) return statement.body.some(exits);
  return false;
}

function enclosingFunction(node: TSESTree.Node): FunctionNode | undefined {
  for (let parent = node.parent; parent; parent = parent.parent) if (isFunctionNode(parent)) return parent;
  return undefined;
}

export default createRule<Options, MessageIds>({
  name: 'idempotent-write',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require inserts in webhook and scheduler code to be idempotent',
      recommended: 'recommended',
      requiresTypeChecking: false,
    },
    messages: {
      nonIdempotentInsert:
        '`{{insert}}` writes again on every redelivery or rerun; add `onConflictDoNothing`/`onConflictDoUpdate` or a dedupe guard first.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          guards: configuredFunctionsSchema(
            "Dedupe guards that make later writes of the same handler idempotent when called before them (e.g. `{ name: 'claimEvent', from: 'server/webhooks/store' }`).",
          ),
        },
      },
    ],
    defaultOptions: [{ guards: [] }],
  },
  create(context, [options]) {
    const { guard, roles } = fileRoles(context);
    if (!roles.has('server') || !(roles.has('webhooks') || roles.has('scheduler'))) return {};
    const info = typeInfo(context);
    const guardFunctions = options.guards ?? [];
    const root = guard.roles.root;
    // Positions after which a function's writes are deduplicated: the end of a guard statement.
    const guardsIn = new Map<FunctionNode, number[]>();
    const addGuard = (node: TSESTree.Node, end: number): void => {
      const fn = enclosingFunction(node);
      if (fn) guardsIn.set(fn, [...(guardsIn.get(fn) ?? []), end]);
    };
    const unguarded: Array<{ call: TSESTree.CallExpression }> = [];

    const isGuarded = (call: TSESTree.CallExpression): boolean => {
      for (let fn = enclosingFunction(call); fn; fn = enclosingFunction(fn)) {
        if ((guardsIn.get(fn) ?? []).some((end) => end <= call.range[0])) return true;
      }
      return false;
    };

    /** `if (<nothing inserted>) return;` right after the guard insert, in the same block. */
    const earlyReturnAfter = (end: TSESTree.Node, binding: { name: string; destructured: boolean }): TSESTree.IfStatement | undefined => {
      let statement: TSESTree.Node | undefined = end;
      while (statement && statement.type !== AST_NODE_TYPES.VariableDeclaration) statement = statement.parent;
      const block = statement?.parent;
      if (!statement || !block || (block.type !== AST_NODE_TYPES.BlockStatement && block.type !== AST_NODE_TYPES.Program)) return undefined;
      const siblings = block.body as TSESTree.Node[];
      const index = siblings.indexOf(statement);
      return siblings
        .slice(index + 1)
        .find((next): next is TSESTree.IfStatement => next.type === AST_NODE_TYPES.IfStatement && testsEmpty(next.test, binding) && exits(next.consequent));
    };

    return {
      CallExpression(node) {
        const callee = unwrap(node.callee);
        if (callee.type === AST_NODE_TYPES.Identifier || callee.type === AST_NODE_TYPES.MemberExpression) {
          const view = viewOf(context.sourceCode.ast, context.filename);
          const object = callee.type === AST_NODE_TYPES.MemberExpression ? unwrap(callee.object) : undefined;
          const method = memberName(callee);
          const configured =
            callee.type === AST_NODE_TYPES.Identifier
              ? configuredFunctionOf(view, callee.name, guardFunctions, root)
              : object?.type === AST_NODE_TYPES.Identifier && method !== undefined
                ? configuredMemberOf(view, object.name, method, guardFunctions, root)
                : undefined;
          if (configured) {
            addGuard(node, node.range[1]);
            return;
          }
        }
        if (callee.type !== AST_NODE_TYPES.MemberExpression || memberName(callee) !== 'insert') return;
        if (!isDrizzleDb(context, info, callee.object, 'insert', { annotatedAndTransactions: true })) return;
        const { methods, end } = chainedMethods(node);
        if (methods.some((method) => ON_CONFLICT.has(method))) {
          // An insert that skips duplicates and returns what it wrote is a guard once its emptiness ends the handler.
          const binding = methods.includes('returning') ? resultBinding(end) : undefined;
          const early = binding && earlyReturnAfter(end, binding);
          if (early) addGuard(node, early.range[1]);
          return;
        }
        unguarded.push({ call: node });
      },
      'Program:exit'() {
        for (const { call } of unguarded) {
          if (isGuarded(call)) continue;
          context.report({ node: call, messageId: 'nonIdempotentInsert', data: { insert: shortText(context, call) } });
        }
      },
    };
  },
});
