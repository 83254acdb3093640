import { resolveGuard, type Guard, type RoleName } from '@backend-guard/config';
import type { TSESLint } from '@typescript-eslint/utils';

type AnyContext = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** The compiled backend-guard config for this lint run (cached per settings object). */
export function getGuard(context: AnyContext): Guard {
  return resolveGuard(context.settings, context.cwd);
}

/** The roles of the file being linted: the config's globs and what the file's own syntax shows. */
export function fileRoles(context: AnyContext): { guard: Guard; roles: ReadonlySet<RoleName> } {
  const guard = getGuard(context);
  return { guard, roles: guard.roles.rolesOf(context.filename, context.sourceCode.ast) };
}
