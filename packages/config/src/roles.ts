import path from 'node:path';
import picomatch from 'picomatch';
import { ROLE_NAMES, type RoleName } from './defaults.js';
import type { BackendGuardConfig } from './schema.js';

export interface RoleMatcher {
  readonly root: string;
  /** Path relative to the root with forward slashes, or undefined when the file is outside it. */
  relative(file: string): string | undefined;
  rolesOf(file: string): ReadonlySet<RoleName>;
  is(file: string, role: RoleName): boolean;
}

export function createRoleMatcher(config: BackendGuardConfig, root: string): RoleMatcher {
  const absoluteRoot = path.resolve(root);
  const matchers = ROLE_NAMES.map((role) => [role, picomatch(config.roles[role], { dot: true })] as const);
  const cache = new Map<string, ReadonlySet<RoleName>>();

  const relative = (file: string): string | undefined => {
    const rel = path.relative(absoluteRoot, path.resolve(absoluteRoot, file));
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
    return rel.split(path.sep).join('/');
  };

  // Keyed by the path as given: every rule asks about the same file, once per file.
  const rolesOf = (file: string): ReadonlySet<RoleName> => {
    let roles = cache.get(file);
    if (roles !== undefined) return roles;
    const rel = relative(file);
    if (rel === undefined) roles = new Set();
    else {
      const found = new Set<RoleName>();
      for (const [role, isMatch] of matchers) if (isMatch(rel)) found.add(role);
      // The db module's globs cover `server/db/**`, but the schema that lives there is not a driver home.
      if (found.has('schema')) found.delete('db');
      // Tests drive the backend from outside; no backend rule applies to them.
      if (found.has('tests')) found.delete('server');
      roles = found;
    }
    cache.set(file, roles);
    return roles;
  };

  return { root: absoluteRoot, relative, rolesOf, is: (file, role) => rolesOf(file).has(role) };
}
