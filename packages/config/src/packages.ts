import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * What a file's package says about it, from the nearest package.json: a package that depends on a
 * UI framework and on nothing that serves requests or talks to a database is client code, as its
 * files are. Full-stack packages (Next.js with a tRPC server, Hono JSX) are split file by file.
 */
export type PackageKind = 'client' | 'server' | 'mixed' | 'unknown';

interface PackageInfo {
  dir: string;
  kind: PackageKind;
  /** A monorepo root (package.json `workspaces`, or pnpm-workspace.yaml beside it). */
  workspaces: boolean;
  /** Files named by main/module/bin/exports, relative to the package folder. */
  entries: Set<string>;
  /** A command-line tool (package.json `bin`): run by users, not serving requests. */
  cli: boolean;
  /** `"type": "commonjs"` said outright: its `.js` files are scripts (Bun and Node detect ES syntax otherwise). */
  commonjs: boolean;
}

const FRONTEND = /^(?:react|react-dom|react-native|next|vue|nuxt|svelte|@sveltejs\/kit|solid-js|expo|astro|@remix-run\/react|@angular\/core|preact)$/;
const BACKEND =
  /^(?:hono|@hono\/[\w-]+|@trpc\/server|drizzle-orm|express|fastify|koa|elysia|@nestjs\/core|h3|nitropack|pg|postgres|@neondatabase\/serverless|@libsql\/client|mysql2|better-sqlite3|@prisma\/client|kysely|knex|@clerk\/backend|svix|croner|node-cron|bullmq|@trigger\.dev\/sdk)$/;

const byDir = new Map<string, PackageInfo | null>();

function entriesOf(json: Record<string, unknown>): Set<string> {
  const found = new Set<string>();
  const add = (value: unknown): void => {
    if (typeof value === 'string') found.add(path.posix.normalize(value.replace(/^\.\//, '')));
    else if (value && typeof value === 'object') for (const inner of Object.values(value)) add(inner);
  };
  add(json.main);
  add(json.module);
  add(json.bin);
  add(json.exports);
  return found;
}

function readPackage(dir: string): PackageInfo | null {
  const cached = byDir.get(dir);
  if (cached !== undefined) return cached;
  const file = path.join(dir, 'package.json');
  let info: PackageInfo | null = null;
  if (existsSync(file)) {
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    } catch {
      // A package.json that does not parse says nothing about its files.
    }
    const names = ['dependencies', 'devDependencies', 'peerDependencies'].flatMap((key) =>
      json[key] && typeof json[key] === 'object' ? Object.keys(json[key] as object) : [],
    );
    const frontend = names.some((name) => FRONTEND.test(name));
    const backend = names.some((name) => BACKEND.test(name));
    info = {
      dir,
      kind: frontend && backend ? 'mixed' : frontend ? 'client' : backend ? 'server' : 'unknown',
      workspaces: json.workspaces !== undefined || existsSync(path.join(dir, 'pnpm-workspace.yaml')),
      entries: entriesOf(json),
      cli: json.bin !== undefined,
      commonjs: json.type === 'commonjs',
    };
  }
  byDir.set(dir, info);
  return info;
}

/** The nearest package of a file, looking no higher than the analysed root. */
export function packageOf(file: string, root: string): PackageInfo | undefined {
  let dir = path.dirname(file);
  for (;;) {
    const info = readPackage(dir);
    if (info) return info;
    if (dir === root || path.dirname(dir) === dir || !dir.startsWith(root)) return undefined;
    dir = path.dirname(dir);
  }
}

export function isClientPackage(file: string, root: string): boolean {
  const info = packageOf(file, root);
  // A command-line tool that depends on no server library is a client of the API, not the backend.
  return info?.kind === 'client' || (info?.kind === 'unknown' && info.cli && info.dir !== root);
}

/** Whether a file's package serves UI too (a full-stack app), where JSX files are views. */
export function isMixedPackage(file: string, root: string): boolean {
  return packageOf(file, root)?.kind === 'mixed';
}

/** Whether a file in this package may be client code, so its imports must be looked at. */
export function mayBeClient(file: string, root: string): boolean {
  const kind = packageOf(file, root)?.kind;
  return kind !== 'server';
}

const ROOT_ENTRY = /^(?:index|main|server|app|worker)\.[cm]?[jt]sx?$/;

/**
 * Files directly in a package's folder are its tooling (`drizzle.config.ts`, `vite.config.ts`, a
 * scratch script), except its entry points: what package.json names, or an index/main/server/app.
 */
export function isPackageRootTooling(file: string, root: string): boolean {
  const info = packageOf(file, root);
  // A monorepo's own folders (generators, scripts) are tooling: its code lives in its packages.
  if (info?.workspaces) return true;
  const dir = info?.dir ?? root;
  if (path.dirname(file) !== dir) return false;
  const name = path.basename(file);
  if (ROOT_ENTRY.test(name)) return false;
  return !(info?.entries.has(name) ?? false);
}

/** Forgets package.json contents read so far (a long-lived process whose projects change). */
export function clearPackageCache(): void {
  byDir.clear();
}
