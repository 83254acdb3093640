import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import picomatch from 'picomatch';
import type { TSESTree } from '@typescript-eslint/types';
import { ROLE_NAMES, type RoleName } from './defaults.js';
import { isClientPackage, isMixedPackage, isPackageRootTooling, mayBeClient, packageOf } from './packages.js';
import { loadTypeScript } from './tsconfig.js';
import { contentRoles, hasUseClient, importSpecifiers, importsClientCode, mayHaveSignals } from './signals.js';
import type { BackendGuardConfig } from './schema.js';

/** Why a file has a role: a glob of the config (or the defaults), or what its content does. */
export interface RoleReason {
  role: RoleName;
  via: 'glob' | 'content' | 'inferred';
  /** The glob that matched, the content signal, or how server code was inferred. */
  detail: string;
}

export interface RoleMatcher {
  readonly root: string;
  /** Path relative to the root with forward slashes, or undefined when the file is outside it. */
  relative(file: string): string | undefined;
  /**
   * The file's roles. `program` is its syntax tree when the caller has one (a lint rule): content
   * signals are read from it, so an editor buffer is judged as typed. Without it the file is read
   * and parsed from disk, once per version of the file.
   */
  rolesOf(file: string, program?: TSESTree.Program): ReadonlySet<RoleName>;
  is(file: string, role: RoleName): boolean;
  /** Server code, decided before parsing (path, package and imports): the files the guard analyses. */
  isServer(file: string, text?: string): boolean;
  /** Every role with its reason, for `backend-guard roles`. */
  explain(file: string): RoleReason[];
  /** Why a file is not server code, or undefined when it is. */
  whyNotServer(file: string): string | undefined;
}

interface ServerVerdict {
  server: boolean;
  why: string;
}

/** Roles that exempt a file from rules (the homes of the driver, the environment and the logger). */
const PRIVILEGED: ReadonlySet<RoleName> = new Set(['db', 'env', 'logger']);
/** Layers whose files content never makes a home: they are judged by the rules the homes are exempt from. */
const LAYERS: ReadonlySet<RoleName> = new Set(['services', 'adapters', 'routers', 'appRouter', 'webhooks', 'lib', 'trpcCore']);

/** Roles only globs can give: a folder name says what content cannot. */
const GLOB_ONLY: ReadonlySet<RoleName> = new Set(['server', 'core', 'services', 'adapters', 'lib', 'migrations', 'tests']);

/** Parses a file's text to a TS-ESTree program, or undefined when it does not parse. */
export type SourceParser = (file: string, text: string) => TSESTree.Program | undefined;

/** The parser ESLint uses, loaded on first use. */
const typescriptEstree: SourceParser = (file, text) => {
  const { parse } = createRequire(import.meta.url)('@typescript-eslint/typescript-estree') as typeof import('@typescript-eslint/typescript-estree');
  try {
    return parse(text, { jsx: /\.[cm]?[jt]sx$/.test(file), loc: false, range: false, comment: false, filePath: file }) as TSESTree.Program;
  } catch {
    return undefined;
  }
};

let parseFromDisk: SourceParser = typescriptEstree;

/**
 * Sets the parser for files read from disk when no syntax tree is given (the CLI's whole-project
 * engines, `backend-guard roles`); typescript-estree when unset. The CLI gives oxc's, which reads
 * the same signals several times faster. A file that does not parse has no content roles here (the
 * file-level engine reports it as a parse error).
 */
export function useSourceParser(parser: SourceParser | undefined): void {
  parseFromDisk = parser ?? typescriptEstree;
}

interface Entry {
  stamp: string;
  roles: ReadonlySet<RoleName>;
  content: ReadonlySet<RoleName>;
}

/** Roles found from content survive between matchers of the same layout (the CLI asks after ESLint). */
const shared = new Map<string, Map<string, Entry>>();

function stampOf(file: string): string {
  try {
    const stat = statSync(file);
    return `${stat.mtimeMs}:${stat.size}`;
  } catch {
    return 'missing';
  }
}

export function createRoleMatcher(config: BackendGuardConfig, root: string): RoleMatcher {
  const absoluteRoot = path.resolve(root);
  const configured = new Set<RoleName>(config.configuredRoles);
  const matchers = ROLE_NAMES.map((role) => [role, picomatch(config.roles[role], { dot: true })] as const);
  const tiers = new Set(config.tiers);
  const layoutKey = JSON.stringify([absoluteRoot, config.roles, config.configuredRoles, config.tiers]);
  let entries = shared.get(layoutKey);
  if (!entries) shared.set(layoutKey, (entries = new Map()));
  const byProgram = new WeakMap<TSESTree.Program, Entry>();
  const serverCache = new Map<string, boolean>();

  // Rules ask about the same files many times per file they lint: path.relative once per name.
  const relatives = new Map<string, string | null>();
  const relative = (file: string): string | undefined => {
    let known = relatives.get(file);
    if (known === undefined) {
      const rel = path.relative(absoluteRoot, path.resolve(absoluteRoot, file));
      known = rel === '' || rel.startsWith('..') || path.isAbsolute(rel) ? null : rel.split(path.sep).join('/');
      relatives.set(file, known);
    }
    return known ?? undefined;
  };

  const globRoles = (rel: string): Set<RoleName> => {
    const found = new Set<RoleName>();
    for (const [role, isMatch] of matchers) if (isMatch(rel)) found.add(role);
    return found;
  };

  const readText = (file: string): string | undefined => {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  };

  /** Whether a file is server code, and why (or why not). */
  const serverVerdict = (file: string, rel: string, text?: string, program?: TSESTree.Program): ServerVerdict => {
    if (configured.has('server')) {
      const glob = config.roles.server.find((pattern) => picomatch.isMatch(rel, pattern, { dot: true }));
      return glob === undefined ? { server: false, why: 'outside roles.server' } : { server: true, why: `glob ${glob}` };
    }
    const absolute = path.resolve(absoluteRoot, file);
    if (globRoles(rel).has('tests') || packageTestFolder(absolute)) return { server: false, why: 'a test (roles.tests)' };
    if (isClientPackage(absolute, absoluteRoot)) return { server: false, why: 'in a client package (a UI framework or a command-line tool, with no server library)' };
    if (isPackageRootTooling(absolute, absoluteRoot)) return { server: false, why: "tooling at a package's root (not an entry point)" };
    if (mayBeClient(absolute, absoluteRoot)) {
      const specifiers = program ? importSpecifiers(program) : undefined;
      const source = program ? undefined : (text ?? readText(absolute));
      const client = program ? hasUseClient(program) || importsClientCode(specifiers!) : source !== undefined && isClientText(source);
      if (client) return { server: false, why: "client code ('use client' or a UI framework import)" };
      // In a full-stack app a JSX file is a view (a page, an OG image), unless it renders with Hono.
      if (JSX_FILE.test(rel) && isMixedPackage(absolute, absoluteRoot)) {
        const imports = specifiers ?? (source === undefined ? [] : scanImports(source));
        if (!imports.some((specifier) => specifier === 'hono' || specifier.startsWith('hono/'))) return { server: false, why: 'a view (JSX) in a full-stack package' };
      }
    }
    return { server: true, why: 'not client code, a test or tooling' };
  };

  /** A file in a `test/` or `tests/` folder at its package's root (default layout only). */
  const packageTestFolder = (absolute: string): boolean => {
    if (configured.has('tests')) return false;
    const dir = packageOf(absolute, absoluteRoot)?.dir;
    if (dir === undefined || dir === absoluteRoot) return false;
    const inPackage = path.relative(dir, absolute).split(path.sep);
    return inPackage.length > 1 && (inPackage[0] === 'test' || inPackage[0] === 'tests');
  };

  const isServer = (file: string, text?: string): boolean => {
    const rel = relative(file);
    if (rel === undefined) return false;
    if (text === undefined) {
      const cached = serverCache.get(file);
      if (cached !== undefined) return cached;
    }
    const result = serverVerdict(file, rel, text).server;
    if (text === undefined) serverCache.set(file, result);
    return result;
  };

  const compute = (file: string, rel: string, program: TSESTree.Program | undefined): Entry => {
    const absolute = path.resolve(absoluteRoot, file);
    const found = globRoles(rel);
    let content: ReadonlySet<RoleName> = new Set();
    const { server } = serverVerdict(file, rel, undefined, program);
    if (server) {
      found.add('server');
      let tree = program;
      if (!tree) {
        const text = readText(absolute) ?? '';
        if (mayHaveSignals(text, tiers)) tree = parseFromDisk(absolute, text);
      }
      if (tree) content = contentRoles(tree, { tiers });
      for (const role of content) if (!configured.has(role) && !GLOB_ONLY.has(role) && !PRIVILEGED.has(role)) found.add(role);
      // A home role exempts a file from the rules that keep drivers, the environment and loggers at
      // home: content alone never grants it to a file of another layer (a service that builds its own
      // Drizzle client is the violation, not the db module).
      if (![...LAYERS].some((role) => found.has(role))) {
        for (const role of content) if (!configured.has(role) && PRIVILEGED.has(role)) found.add(role);
      }
    } else {
      found.delete('server');
      // Outside server code only `tests` means anything: no backend rule applies there.
      for (const role of [...found]) if (role !== 'tests') found.delete(role);
    }
    // The db module's globs cover `server/db/**`, but the schema that lives there is not a driver home.
    if (found.has('schema')) found.delete('db');
    // An app router's inline procedures are the app router's.
    if (found.has('appRouter')) found.delete('routers');
    if (found.has('tests') || packageTestFolder(absolute)) {
      found.clear();
      found.add('tests');
    }
    return { stamp: '', roles: found, content };
  };

  const entryOf = (file: string, program?: TSESTree.Program): Entry | undefined => {
    const rel = relative(file);
    if (rel === undefined) return undefined;
    if (program) {
      let entry = byProgram.get(program);
      if (!entry) {
        entry = { ...compute(file, rel, program), stamp: stampOf(path.resolve(absoluteRoot, file)) };
        byProgram.set(program, entry);
        entries.set(file, entry);
      }
      return entry;
    }
    const stamp = stampOf(path.resolve(absoluteRoot, file));
    let entry = entries.get(file);
    if (!entry || entry.stamp !== stamp) {
      entry = { ...compute(file, rel, undefined), stamp };
      entries.set(file, entry);
    }
    return entry;
  };

  const rolesOf = (file: string, program?: TSESTree.Program): ReadonlySet<RoleName> => entryOf(file, program)?.roles ?? new Set();

  const explain = (file: string): RoleReason[] => {
    const rel = relative(file);
    const entry = entryOf(file);
    if (rel === undefined || !entry) return [];
    const reasons: RoleReason[] = [];
    for (const role of ROLE_NAMES) {
      if (!entry.roles.has(role)) continue;
      if (role === 'server') {
        reasons.push({ role, via: configured.has('server') ? 'glob' : 'inferred', detail: serverVerdict(file, rel).why });
        continue;
      }
      const glob = config.roles[role].find((pattern) => picomatch.isMatch(rel, pattern, { dot: true }));
      if (glob !== undefined) reasons.push({ role, via: 'glob', detail: glob });
      else if (entry.content.has(role)) reasons.push({ role, via: 'content', detail: SIGNAL_DETAIL[role] ?? role });
    }
    return reasons;
  };

  const whyNotServer = (file: string): string | undefined => {
    const rel = relative(file);
    if (rel === undefined) return 'outside the root';
    const verdict = serverVerdict(file, rel);
    return verdict.server ? undefined : verdict.why;
  };

  return { root: absoluteRoot, relative, rolesOf, is: (file, role) => rolesOf(file).has(role), isServer, explain, whyNotServer };
}

/** What each content signal means, for `backend-guard roles`. */
const SIGNAL_DETAIL: Partial<Record<RoleName, string>> = {
  trpcCore: 'creates initTRPC or defines a tier builder',
  routers: 'builds tRPC procedures',
  appRouter: 'exports the type of a router that mounts imported routers',
  honoEntry: 'creates a Hono app and serves it or mounts the tRPC adapter',
  db: 'calls drizzle() from a drizzle-orm driver',
  schema: 'declares Drizzle tables',
  env: 'validates process.env with a schema',
  logger: 'exports a logger it creates (pino, winston, consola, tslog, bunyan)',
  webhooks: 'verifies a provider webhook or routes a webhook path',
  scheduler: 'registers a cron job',
};

const USE_CLIENT = /^(?:\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*(['"])use client\1/;

/**
 * Client code from text alone, before any parse (a browser component that would not even parse
 * must not fail a backend check): the directive, or imports of a UI framework, read with
 * TypeScript's import scanner (no syntax tree).
 */
function isClientText(text: string): boolean {
  return USE_CLIENT.test(text) || importsClientCode(scanImports(text));
}

function scanImports(text: string): string[] {
  return loadTypeScript().preProcessFile(text, true, false).importedFiles.map((file) => file.fileName);
}

const JSX_FILE = /\.[cm]?[jt]sx$/;
