import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { resolveRelativeModule } from './modules.js';

/**
 * Non-relative specifiers that point into the project itself, resolved without node_modules.
 *
 * Bare specifiers of the monorepo's own packages (`@acme/db`, `@acme/db/client`) resolved to their
 * source files, without node_modules: the packages are found through the root's workspace globs
 * (`package.json` `workspaces` or `pnpm-workspace.yaml`), the entry through the package's
 * `exports` (or `main`). Read once per root and run.
 */

const SKIP = new Set(['node_modules', 'dist', 'build', '.git', '.turbo', '.next']);
const MAX_GLOB_DEPTH = 4;

function readJson(file: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** The workspace globs of a root: `package.json` `workspaces` (array or `{ packages }`), else pnpm's list. */
function workspaceGlobs(root: string): string[] {
  const manifest = readJson(path.join(root, 'package.json'));
  const workspaces = manifest?.workspaces;
  if (Array.isArray(workspaces)) return workspaces.filter((w): w is string => typeof w === 'string');
  const nested = (workspaces as { packages?: unknown } | undefined)?.packages;
  if (Array.isArray(nested)) return nested.filter((w): w is string => typeof w === 'string');
  try {
    const yaml = readFileSync(path.join(root, 'pnpm-workspace.yaml'), 'utf8');
    const block = /^packages:\s*\n((?:[ \t]+-.*\n?)+)/m.exec(yaml)?.[1] ?? '';
    return [...block.matchAll(/-\s*['"]?([^'"\n#]+?)['"]?\s*(?:#.*)?$/gm)].map((m) => m[1]!.trim());
  } catch {
    return [];
  }
}

/** Folders a workspace glob names: `packages/*`, `packages/**`, `packages/**\/*`, or a plain folder. */
function expand(root: string, glob: string): string[] {
  if (glob.startsWith('!')) return [];
  const parts = glob.replace(/\/+$/, '').split('/');
  const star = parts.findIndex((part) => part.includes('*'));
  if (star === -1) return [path.join(root, glob)];
  const base = path.join(root, ...parts.slice(0, star));
  const recursive = parts.slice(star).some((part) => part === '**');
  const found: string[] = [];
  const walk = (dir: string, depth: number): void => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (!entry.isDirectory() || SKIP.has(entry.name) || entry.name.startsWith('.')) continue;
      const child = path.join(dir, entry.name);
      found.push(child);
      if (recursive && depth < MAX_GLOB_DEPTH) walk(child, depth + 1);
    }
  };
  walk(base, 1);
  return found;
}

interface WorkspacePackage {
  dir: string;
  manifest: Record<string, unknown>;
}

const workspaces = new Map<string, Map<string, WorkspacePackage>>();

function packagesOf(root: string): Map<string, WorkspacePackage> {
  let packages = workspaces.get(root);
  if (packages) return packages;
  packages = new Map();
  for (const glob of workspaceGlobs(root)) {
    for (const dir of expand(root, glob)) {
      const manifest = existsSync(path.join(dir, 'package.json')) ? readJson(path.join(dir, 'package.json')) : undefined;
      if (typeof manifest?.name === 'string' && !packages.has(manifest.name)) packages.set(manifest.name, { dir, manifest });
    }
  }
  workspaces.set(root, packages);
  return packages;
}

/** A source file from a conditional export: `source`, `default`, `import`, `require`, or the first non-declaration path. */
function exportTarget(value: unknown): string | undefined {
  if (typeof value === 'string') return value.endsWith('.d.ts') ? undefined : value;
  if (!value || typeof value !== 'object') return undefined;
  const conditions = value as Record<string, unknown>;
  for (const key of ['source', 'default', 'import', 'require', 'node']) {
    const target = exportTarget(conditions[key]);
    if (target) return target;
  }
  for (const nested of Object.values(conditions)) {
    const target = exportTarget(nested);
    if (target) return target;
  }
  return undefined;
}

function entryOf(pkg: WorkspacePackage, subpath: string): string | undefined {
  const exports = pkg.manifest.exports;
  if (exports && typeof exports === 'object' && !Array.isArray(exports)) {
    const map = exports as Record<string, unknown>;
    const keys = Object.keys(map);
    if (keys.some((key) => key.startsWith('.'))) {
      const exact = exportTarget(map[subpath]);
      if (exact) return exact;
      for (const key of keys) {
        const star = key.indexOf('*');
        if (star === -1 || !subpath.startsWith(key.slice(0, star)) || !subpath.endsWith(key.slice(star + 1))) continue;
        const target = exportTarget(map[key]);
        const matched = subpath.slice(star, subpath.length - (key.length - star - 1));
        if (target) return target.replace('*', matched);
      }
      return undefined;
    }
    if (subpath === '.') return exportTarget(exports);
  }
  if (subpath !== '.') return subpath;
  if (typeof pkg.manifest.main === 'string') return pkg.manifest.main;
  return './src/index.ts';
}

/**
 * The source file a bare specifier of one of the root's workspace packages points to, or undefined
 * (a third-party package, an unknown subpath, no workspace).
 */
export function resolveWorkspaceModule(root: string, specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/')) return undefined;
  const segments = specifier.split('/');
  const nameLength = specifier.startsWith('@') ? 2 : 1;
  const name = segments.slice(0, nameLength).join('/');
  const pkg = packagesOf(root).get(name);
  if (!pkg) return undefined;
  const rest = segments.slice(nameLength).join('/');
  const target = entryOf(pkg, rest === '' ? '.' : `./${rest}`);
  if (!target) return undefined;
  const relative = target.startsWith('.') ? target : `./${target}`;
  return resolveRelativeModule(path.join(pkg.dir, 'package.json'), relative);
}
