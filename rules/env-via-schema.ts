import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import { memberName, staticString, unwrap } from './_utils/ast.js';
import { createRule } from './_utils/create-rule.js';
import { fileMatches } from './_utils/globs.js';
import { fileRoles } from './_utils/guard.js';
import { importedNameOf, isGlobalReference, mergeListeners, moduleReferenceListener } from './_utils/modules.js';

export type Options = [{ allowIn?: string[]; allowNames?: string[] }];
export type MessageIds = 'envOutsideEnvModule';

type Context = Readonly<TSESLint.RuleContext<MessageIds, Options>>;

const PROCESS_MODULES = new Set(['process', 'node:process']);
/** Modules whose `env` export is the process environment (Bun's `import { env } from 'bun'`, Hono's runtime adapter). */
const ENV_EXPORTS = new Set(['process', 'node:process', 'bun', 'hono/adapter']);

/** `process` (the global or an import of node:process), `Bun`, `Deno`: objects whose `env` is the environment. */
function environmentHolder(context: Context, node: TSESTree.Node): string | undefined {
  const inner = unwrap(node);
  if (inner.type === AST_NODE_TYPES.MetaProperty) return inner.meta.name === 'import' && inner.property.name === 'meta' ? 'import.meta' : undefined;
  if (inner.type !== AST_NODE_TYPES.Identifier) return undefined;
  for (const name of ['process', 'Bun', 'Deno']) {
    if (inner.name === name && isGlobalReference(context, inner, name)) return name;
  }
  const imported = importedNameOf(context, inner);
  if (imported && !imported.typeOnly && PROCESS_MODULES.has(imported.source) && (imported.imported === 'default' || imported.imported === '*')) return 'process';
  return undefined;
}

/** The variable name read when `member` (`process.env`) is itself the object of `.NAME`, `['NAME']` or `.get('NAME')`. */
function readName(member: TSESTree.Node): string | undefined {
  let outer: TSESTree.Node = member;
  while (outer.parent && (outer.parent.type === AST_NODE_TYPES.TSNonNullExpression || outer.parent.type === AST_NODE_TYPES.TSAsExpression)) outer = outer.parent;
  const parent = outer.parent;
  if (parent?.type !== AST_NODE_TYPES.MemberExpression || parent.object !== outer) return undefined;
  const name = memberName(parent);
  // `Deno.env.get('NAME')`
  if (name === 'get' && parent.parent?.type === AST_NODE_TYPES.CallExpression && parent.parent.callee === parent) {
    return staticString(parent.parent.arguments[0]);
  }
  return name;
}

export default createRule<Options, MessageIds>({
  name: 'env-via-schema',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow reading the environment outside the env module',
      recommended: 'recommended',
      requiresTypeChecking: false,
    },
    messages: {
      envOutsideEnvModule: '`{{what}}` outside the env module; import the validated `env` from {{envGlobs}}.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          allowIn: {
            type: 'array',
            items: { type: 'string' },
            description: 'Globs (relative to the root) of server files that may read the environment directly, besides the env module.',
          },
          allowNames: {
            type: 'array',
            items: { type: 'string' },
            description: 'Variable names that may be read directly anywhere (for example `NODE_ENV` in a bundled app).',
          },
        },
      },
    ],
    defaultOptions: [{ allowIn: ['**/*.config.{ts,mts,cts,js,mjs,cjs}', '**/scripts/**'], allowNames: [] }],
  },
  create(context, [options]) {
    const { guard, roles } = fileRoles(context);
    if (!roles.has('server') || roles.has('env')) return {};
    if (fileMatches(context, options.allowIn)) return {};
    const allowNames = new Set(options.allowNames ?? []);
    // Named by its globs only when the config names them: the defaults' paths may not exist here.
    const envGlobs = (guard.config.configuredRoles.includes('env') && guard.config.roles.env.join(', ')) || 'the env module';

    const report = (node: TSESTree.Node, what: string, name: string | undefined): void => {
      if (name !== undefined && allowNames.has(name)) return;
      context.report({ node, messageId: 'envOutsideEnvModule', data: { what: name === undefined ? what : `${what}.${name}`, envGlobs } });
    };

    return mergeListeners(
      moduleReferenceListener(context, (reference) => {
        if (!ENV_EXPORTS.has(reference.source)) return;
        // `import { env } from 'node:process'`, `from 'bun'`, `from 'hono/adapter'`: the env itself, taken by name.
        for (const binding of reference.bindings ?? []) {
          if (binding.imported === 'env') report(binding.node, `import { env } from '${reference.source}'`, undefined);
        }
      }),
      {
        MemberExpression(node) {
          if (memberName(node) !== 'env') return;
          const holder = environmentHolder(context, node.object);
          if (holder === undefined) return;
          report(node, `${holder}.env`, readName(node));
        },
        // `const { env } = process`: the environment taken out of `process` by destructuring.
        VariableDeclarator(node) {
          if (node.id.type !== AST_NODE_TYPES.ObjectPattern || !node.init) return;
          const holder = environmentHolder(context, node.init);
          if (holder === undefined) return;
          for (const property of node.id.properties) {
            if (property.type === AST_NODE_TYPES.Property && !property.computed && property.key.type === AST_NODE_TYPES.Identifier && property.key.name === 'env') {
              report(property, `{ env } = ${holder}`, undefined);
            }
          }
        },
      },
    );
  },
});
