import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import { typescript } from './_utils/typescript.js';
import { createRule } from './_utils/create-rule.js';
import { drizzleByType, isDrizzleDb, isUnresolvedType, typeInfo, type TypeInfo } from './_utils/drizzle-db.js';
import { fileRoles } from './_utils/guard.js';
import { initializerOf, memberName, unwrap, VALUE_WRAPPERS, variableOf } from './_utils/ast.js';
import { importedNameOf, isDrizzleModule, isGlobalReference, shortText } from './_utils/modules.js';

export type Options = [];
export type MessageIds = 'dynamicRawSql' | 'stringToExecute' | 'concatenatedSql';

type Context = Readonly<TSESLint.RuleContext<MessageIds, Options>>;

const MAX_DEPTH = 8;

/**
 * Text that cannot carry a runtime value: literals, templates and concatenations of constants,
 * `cond ? 'ASC' : 'DESC'`, and `const`s initialised with one of those.
 */
function isConstant(context: Context, node: TSESTree.Node, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  const inner = unwrap(node);
  switch (inner.type) {
    case AST_NODE_TYPES.Literal:
      return (inner as TSESTree.Literal & { regex?: unknown }).regex === undefined;
    case AST_NODE_TYPES.TemplateLiteral:
      return inner.expressions.every((e) => isConstant(context, e, depth + 1));
    case AST_NODE_TYPES.BinaryExpression:
      return inner.operator === '+' && isConstant(context, inner.left, depth + 1) && isConstant(context, inner.right, depth + 1);
    case AST_NODE_TYPES.ConditionalExpression:
      return isConstant(context, inner.consequent, depth + 1) && isConstant(context, inner.alternate, depth + 1);
    case AST_NODE_TYPES.Identifier: {
      const init = initializerOf(variableOf(context, inner), { constOnly: true });
      return init !== undefined && isConstant(context, init, depth + 1);
    }
    default:
      return false;
  }
}

const NUMBER_TO_TEXT = new Set(['toString', 'toFixed', 'toPrecision']);

/** With types: the type of `node` is a number, bigint or boolean (every union member too). */
function hasNumericType(info: TypeInfo, node: TSESTree.Node): boolean {
  const type = info.services.getTypeAtLocation(node);
  const parts = type.isUnion() ? type.types : [type];
  const { TypeFlags } = typescript();
  const numeric = TypeFlags.NumberLike | TypeFlags.BigIntLike | TypeFlags.BooleanLike;
  return parts.every((part) => (part.flags & numeric) !== 0);
}

/**
 * With types: text made from numbers only, which cannot carry SQL (`String(hours + 1)`,
 * `n.toFixed(0)`, `${limit}`): the idiom for a value a bound parameter cannot reach, such as the
 * inside of a quoted `interval '3 hours'` literal.
 */
function isNumericText(context: Context, info: TypeInfo, node: TSESTree.Node, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  const inner = unwrap(node);
  if (isConstant(context, inner)) return true;
  if (inner.type === AST_NODE_TYPES.TemplateLiteral) {
    return inner.expressions.every((e) => isNumericText(context, info, e, depth + 1));
  }
  if (inner.type === AST_NODE_TYPES.BinaryExpression && inner.operator === '+') {
    return isNumericText(context, info, inner.left, depth + 1) && isNumericText(context, info, inner.right, depth + 1);
  }
  if (inner.type === AST_NODE_TYPES.CallExpression) {
    const callee = unwrap(inner.callee);
    const [value] = inner.arguments;
    if (callee.type === AST_NODE_TYPES.Identifier && isGlobalReference(context, callee, 'String')) {
      return value !== undefined && value.type !== AST_NODE_TYPES.SpreadElement && hasNumericType(info, value);
    }
    if (callee.type === AST_NODE_TYPES.MemberExpression && NUMBER_TO_TEXT.has(memberName(callee) ?? '')) {
      return callee.object.type !== AST_NODE_TYPES.Super && hasNumericType(info, callee.object);
    }
    return false;
  }
  return hasNumericType(info, inner);
}

/** `a + b + c` → [a, b, c] (only through `+`). */
function concatParts(node: TSESTree.Node): TSESTree.Node[] {
  const inner = unwrap(node);
  if (inner.type === AST_NODE_TYPES.BinaryExpression && inner.operator === '+') {
    return [...concatParts(inner.left), ...concatParts(inner.right)];
  }
  return [inner];
}

const isStringPart = (node: TSESTree.Node): boolean =>
  (node.type === AST_NODE_TYPES.Literal && typeof node.value === 'string') || node.type === AST_NODE_TYPES.TemplateLiteral;

/** SQL passed as a JavaScript string: a literal, an untagged template, a concatenation, a name bound to one, or a `+=` builder. */
function isPlainStringSql(context: Context, info: TypeInfo | undefined, node: TSESTree.Node, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  const inner = unwrap(node);
  if (isStringPart(inner)) return true;
  if (inner.type === AST_NODE_TYPES.BinaryExpression && inner.operator === '+') return concatParts(inner).some(isStringPart);
  if (inner.type === AST_NODE_TYPES.Identifier) {
    const init = initializerOf(variableOf(context, inner));
    if (init !== undefined && isPlainStringSql(context, info, init, depth + 1)) return true;
    if (isStringBuilder(context, info, inner, depth)) return true;
  }
  if (info && depth === 0 && inner.type !== AST_NODE_TYPES.SpreadElement) {
    const type = info.services.getTypeAtLocation(inner);
    return !isUnresolvedType(type) && (type.flags & typescript().TypeFlags.StringLike) !== 0;
  }
  return false;
}

/**
 * A `let` that starts as a plain string and grows only by `+=` (or is set to other plain strings):
 * `let query = 'SELECT …'; if (x) query += \` AND a = '${x}'\`;` — a statement built piece by piece.
 */
function isStringBuilder(context: Context, info: TypeInfo | undefined, node: TSESTree.Identifier, depth: number): boolean {
  const variable = variableOf(context, node);
  const init = initializerOf(variable, { reassigned: true });
  if (!variable || !init || !isPlainStringSql(context, info, init, depth + 1)) return false;
  const writes = variable.references.filter((reference) => reference.isWrite() && !reference.init);
  return (
    writes.length > 0 &&
    writes.every((reference) => {
      const assignment = reference.identifier.parent;
      if (assignment?.type !== AST_NODE_TYPES.AssignmentExpression) return false;
      return assignment.operator === '+=' || (assignment.operator === '=' && isPlainStringSql(context, info, assignment.right, depth + 1));
    })
  );
}

const NAME = String.raw`[\w$."\`]+`;
const ITEM = String.raw`[\w$."*()\`]+(?:\s+as\s+[\w$"]+)?`;
/**
 * Text that starts like a SQL statement with its clause (the keyword alone is not enough: log
 * messages say "update" and "select"). Interpolated values stand in as `x`.
 */
const SQL_START = new RegExp(
  [
    String.raw`select\s+(?:distinct\s+)?${ITEM}(?:\s*,\s*${ITEM})*\s+from\s+${NAME}`,
    String.raw`insert\s+into\s+${NAME}`,
    // `SET ${assignments}`: the whole assignment list interpolated (`x` stands for a runtime value).
    String.raw`update\s+${NAME}\s+set\s+(?:${NAME}\s*=|x\b)`,
    String.raw`delete\s+from\s+${NAME}`,
    String.raw`with\s+(?:recursive\s+)?${NAME}\s+as\s*\(`,
  ]
    .map((p) => `(?:${p})`)
    .join('|')
    .replace(/^/, String.raw`^[\s(]*(?:`)
    .concat(')'),
  'i',
);

/** The constant text of a template/concatenation with `x` for each interpolated value. */
function textWithPlaceholders(context: Context, parts: readonly TSESTree.Node[]): { text: string; dynamic: boolean } {
  let text = '';
  let dynamic = false;
  for (const part of parts) {
    if (part.type === AST_NODE_TYPES.Literal) {
      text += String(part.value);
    } else if (part.type === AST_NODE_TYPES.TemplateLiteral) {
      part.quasis.forEach((quasi, index) => {
        text += quasi.value.cooked ?? quasi.value.raw;
        const expression = part.expressions[index];
        if (expression && !isConstant(context, expression)) {
          dynamic = true;
          text += 'x';
        } else if (expression) {
          text += 'c';
        }
      });
    } else {
      if (!isConstant(context, part)) dynamic = true;
      text += 'x';
    }
  }
  return { text, dynamic };
}

export default createRule<Options, MessageIds>({
  name: 'no-unsafe-sql',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow SQL assembled from strings: non-constant `sql` raw chunks, plain strings given to `execute`, and concatenated statements',
      recommended: 'recommended',
      requiresTypeChecking: false,
    },
    messages: {
      dynamicRawSql: '`{{callee}}({{argument}})` pastes a runtime value into SQL; bind it with sql`…`.',
      stringToExecute: '`{{callee}}()` gets a plain string; build it with sql`…` or the query builder.',
      concatenatedSql: 'SQL built from strings with runtime values; use sql`…` or the query builder.',
    },
    schema: [],
  },
  create(context) {
    const { roles } = fileRoles(context);
    if (!roles.has('server')) return {};
    const info = typeInfo(context);
    // Arguments already reported as `dynamicRawSql` or `stringToExecute` are not reported again as assembled SQL.
    const reported = new Set<TSESTree.Node>();

    const isDrizzleSql = (object: TSESTree.Node): boolean => {
      if (object.type === AST_NODE_TYPES.Super) return false;
      if (info) {
        const byType = drizzleByType(info, object, 'raw');
        if (byType !== undefined) return byType;
      }
      const imported = importedNameOf(context, object);
      return imported !== undefined && !imported.typeOnly && imported.imported === 'sql' && isDrizzleModule(imported.source);
    };

    const checkAssembled = (node: TSESTree.Node, parts: readonly TSESTree.Node[]): void => {
      if (reported.has(node)) return;
      const { text, dynamic } = textWithPlaceholders(context, parts);
      if (dynamic && SQL_START.test(text)) context.report({ node, messageId: 'concatenatedSql' });
    };

    return {
      CallExpression(node) {
        const callee = unwrap(node.callee);
        if (callee.type !== AST_NODE_TYPES.MemberExpression) return;
        const method = memberName(callee);
        const [argument] = node.arguments;
        if (method === 'raw') {
          if (!argument || !isDrizzleSql(callee.object)) return;
          if (argument.type !== AST_NODE_TYPES.SpreadElement && isConstant(context, argument)) return;
          if (info && argument.type !== AST_NODE_TYPES.SpreadElement && isNumericText(context, info, argument)) return;
          reported.add(unwrap(argument));
          context.report({
            node: argument,
            messageId: 'dynamicRawSql',
            data: { callee: shortText(context, callee), argument: shortText(context, argument) },
          });
        } else if (method === 'execute') {
          if (!argument || argument.type === AST_NODE_TYPES.SpreadElement) return;
          if (!isPlainStringSql(context, info, argument)) return;
          if (!isDrizzleDb(context, info, callee.object, 'execute', { annotatedAndTransactions: true })) return;
          reported.add(unwrap(argument));
          context.report({ node: argument, messageId: 'stringToExecute', data: { callee: shortText(context, callee) } });
        }
      },
      TemplateLiteral(node) {
        const parent = node.parent;
        if (parent.type === AST_NODE_TYPES.TaggedTemplateExpression) return;
        if (parent.type === AST_NODE_TYPES.BinaryExpression && parent.operator === '+') return;
        if (node.expressions.length === 0) return;
        checkAssembled(node, [node]);
      },
      BinaryExpression(node) {
        if (node.operator !== '+') return;
        const parent = unwrapParent(node);
        if (parent?.type === AST_NODE_TYPES.BinaryExpression && parent.operator === '+') return;
        const parts = concatParts(node);
        if (!parts.some(isStringPart)) return;
        checkAssembled(node, parts);
      },
    };
  },
});

/** The parent of `node`, skipping TypeScript-only wrappers. */
function unwrapParent(node: TSESTree.Node): TSESTree.Node | undefined {
  let parent = node.parent;
  while (parent && VALUE_WRAPPERS.has(parent.type)) parent = parent.parent;
  return parent;
}
