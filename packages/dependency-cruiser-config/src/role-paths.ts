import path from 'node:path';
import { createRoleMatcher, ROLE_NAMES, type BackendGuardConfig, type RoleName } from '@backend-guard/config';
import { escapePath, globsToRegex } from './globs.js';

/** Each role as a dependency-cruiser path regex (relative to the root dependency-cruiser runs in). */
export type RolePaths = Readonly<Record<RoleName, string | undefined>>;

/**
 * The role globs of a backend-guard config as regexes. When `files` (absolute paths) are given,
 * a file that the role matcher puts in a role its globs do not cover is added by name, so roles
 * that come from more than globs reach dependency-cruiser too.
 */
export function rolePaths(config: BackendGuardConfig, root: string, files?: readonly string[]): RolePaths {
  const extra = new Map<RoleName, string[]>();
  if (files !== undefined) {
    const matcher = createRoleMatcher(config, root);
    const byGlob = new Map(ROLE_NAMES.map((role) => [role, globsToRegex(config.roles[role])] as const));
    for (const file of files) {
      const relative = matcher.relative(path.resolve(root, file));
      if (relative === undefined) continue;
      for (const role of matcher.rolesOf(file)) {
        const regex = byGlob.get(role);
        if (regex !== undefined && new RegExp(regex).test(relative)) continue;
        let list = extra.get(role);
        if (list === undefined) extra.set(role, (list = []));
        list.push(escapePath(relative));
      }
    }
  }
  return Object.fromEntries(
    ROLE_NAMES.map((role) => {
      // Server code is inferred when the config names no globs for it: by name when the files are
      // known, else every path (the rules then hold wherever the roles they relate are).
      if (role === 'server' && config.roles.server.length === 0 && files === undefined) return [role, '.+'];
      const globs = globsToRegex(config.roles[role]);
      const named = extra.get(role);
      const sources = [globs, named && `^(?:${named.join('|')})$`].filter((s): s is string => s !== undefined);
      return [role, sources.length === 0 ? undefined : sources.join('|')];
    }),
  ) as Record<RoleName, string | undefined>;
}

/** One regex for any of the roles (undefined when none has a path). */
export function anyOf(paths: RolePaths, roles: readonly RoleName[]): string | undefined {
  const sources = roles.map((role) => paths[role]).filter((s): s is string => s !== undefined);
  return sources.length === 0 ? undefined : sources.join('|');
}
