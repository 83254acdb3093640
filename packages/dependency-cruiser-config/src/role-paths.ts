import { readdirSync } from 'node:fs';
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
        list.push(relative);
      }
    }
  }
  let counts: ReadonlyMap<string, number> | undefined;
  const census = (): ReadonlyMap<string, number> => (counts ??= filesPerFolder(root));
  return Object.fromEntries(
    ROLE_NAMES.map((role) => {
      // Server code is inferred when the config names no globs for it: by name when the files are
      // known, else every path (the rules then hold wherever the roles they relate are).
      if (role === 'server' && config.roles.server.length === 0 && files === undefined) return [role, '.+'];
      const globs = globsToRegex(config.roles[role]);
      const named = extra.get(role);
      const sources = [globs, named && `^${alternation(named, census())}$`].filter((s): s is string => s !== undefined);
      return [role, sources.length === 0 ? undefined : sources.join('|')];
    }),
  ) as Record<RoleName, string | undefined>;
}

interface Trie {
  end: boolean;
  next: Map<string, Trie>;
  /** How many listed paths lie below this node. */
  count: number;
}

/**
 * How many files (of any kind, links included) each folder under `root` holds at any depth, keyed
 * by its path relative to the root with forward slashes; a folder with a `node_modules` inside counts
 * as holding infinitely many (it is not entered).
 */
export function filesPerFolder(root: string): ReadonlyMap<string, number> {
  const counts = new Map<string, number>();
  const walk = (relative: string): number => {
    let entries;
    try {
      entries = readdirSync(relative === '' ? root : path.join(root, relative), { withFileTypes: true });
    } catch {
      return 0;
    }
    let total = 0;
    for (const entry of entries) {
      const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
      // A folder holding installed packages is never all listed: not counted, not entered.
      if (entry.isDirectory()) total += entry.name === 'node_modules' ? Number.POSITIVE_INFINITY : walk(child);
      else total++;
    }
    counts.set(relative, total);
    return total;
  };
  walk('');
  return counts;
}

/**
 * Paths as one regex alternation factored by shared path segments (`server/(?:routers/(?:a\.ts|b\.ts)|db\.ts)`):
 * it matches exactly the listed paths, as a flat `a|b|…` would, but a thousand routers under one
 * folder cost dependency-cruiser's regex validation and every match a fraction of the flat list.
 * With `folders` (from `filesPerFolder`), a folder whose every file is listed becomes `folder/.+`:
 * the same paths as on disk (the preset is made afresh on every run, so that is the disk of the run).
 */
export function alternation(paths: readonly string[], folders?: ReadonlyMap<string, number>): string {
  const root: Trie = { end: false, next: new Map(), count: 0 };
  for (const file of new Set(paths)) {
    let node = root;
    for (const segment of file.split('/')) {
      let child = node.next.get(segment);
      if (child === undefined) node.next.set(segment, (child = { end: false, next: new Map(), count: 0 }));
      child.count++;
      node = child;
    }
    node.end = true;
  }
  const render = (node: Trie, prefix: string): string => {
    const branches = [...node.next].flatMap(([segment, child]) => {
      const name = escapePath(segment);
      if (child.next.size === 0) return [name];
      const folder = `${prefix}${segment}`;
      // Every file in the folder is listed (`folders` counts what is on disk): the folder stands
      // for them, so a role of a thousand files stays a short regex for dependency-cruiser.
      if (!child.end && folders !== undefined && folders.get(folder) === child.count) return [`${name}/.+`];
      // A path that is also a folder of others (rare: `a` and `a/b`): both, and no quantifier
      // (dependency-cruiser's safe-regex check counts those).
      const nested = `${name}/${render(child, `${folder}/`)}`;
      return child.end ? [name, nested] : [nested];
    });
    return branches.length === 1 ? branches[0]! : `(?:${branches.join('|')})`;
  };
  return render(root, '');
}

/** One regex for any of the roles (undefined when none has a path). */
export function anyOf(paths: RolePaths, roles: readonly RoleName[]): string | undefined {
  const sources = roles.map((role) => paths[role]).filter((s): s is string => s !== undefined);
  return sources.length === 0 ? undefined : sources.join('|');
}
