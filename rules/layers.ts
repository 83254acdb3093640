import { importsAreConstrained, layerViolation, routerRoots } from '@backend-guard/config';
import { createRule } from './_utils/create-rule.js';
import { fileRoles } from './_utils/guard.js';
import { moduleReferenceListener, resolveRelativeModule } from './_utils/modules.js';
import { resolveAliasedModule } from './_utils/path-aliases.js';

export type Options = [];
export type MessageIds = 'forbiddenLayer' | 'routerImport';

export default createRule<Options, MessageIds>({
  name: 'layers',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow imports against the layer directions of the backend',
      recommended: 'recommended',
      requiresTypeChecking: false,
    },
    messages: {
      forbiddenLayer: "{{from}} may not import {{to}} ('{{source}}'); {{instead}}.",
      routerImport: "Only the app router imports routers ('{{source}}'); {{instead}}.",
    },
    schema: [],
  },
  create(context) {
    const { guard, roles } = fileRoles(context);
    // The target's roles can mean reading it from disk: not asked when no import could be reported.
    if (!roles.has('server') || !importsAreConstrained(roles)) return {};
    const { filename } = context;
    const from = guard.roles.relative(filename);
    const roots = routerRoots(guard.config.roles.routers);
    return moduleReferenceListener(context, (reference) => {
      const target = resolveRelativeModule(filename, reference.source) ?? resolveAliasedModule(filename, reference.source, guard.roles.root);
      if (target === undefined) return;
      const to = guard.roles.relative(target);
      const paths = from === undefined || to === undefined ? undefined : { from, to, routerRoots: roots };
      const violation = layerViolation(roles, guard.roles.rolesOf(target), paths);
      if (violation === undefined) return;
      context.report({
        node: reference.sourceNode,
        messageId: violation.kind === 'matrix' ? 'forbiddenLayer' : 'routerImport',
        data: { from: violation.from, to: violation.to, source: reference.source, instead: violation.instead },
      });
    });
  },
});
