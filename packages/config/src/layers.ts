import type { RoleName } from './defaults.js';

/**
 * The layer matrix: which layers a layer may import (conventions.md section E, from the document's
 * "Canonical Architecture Patterns" 4 and 6). The one copy: the ESLint rule `layers` asks
 * `layerViolation`, and the dependency-cruiser preset turns the same data into `forbidden` rules.
 */
export interface LayerRule {
  /** The importing layer. */
  from: RoleName;
  /** The layers it may import (itself included where a layer may import its own modules). */
  allow: readonly RoleName[];
  /** A few words on what to do instead, for messages. */
  instead: string;
}

export const LAYER_MATRIX: readonly LayerRule[] = [
  {
    from: 'routers',
    allow: ['services', 'lib', 'core', 'db', 'schema'],
    instead: 'call a service instead',
  },
  {
    from: 'services',
    allow: ['services', 'adapters', 'lib', 'db', 'schema', 'core'],
    instead: 'let the caller pass in what the service needs',
  },
  {
    from: 'adapters',
    allow: ['adapters', 'lib', 'env', 'logger'],
    instead: 'pass what the adapter needs as arguments',
  },
  {
    from: 'webhooks',
    allow: ['webhooks', 'services', 'lib', 'db', 'schema', 'core'],
    instead: 'hand the event to a service instead',
  },
];

/** Only these import routers: the app router mounts them and the Hono entry serves it. */
export const ROUTER_IMPORTERS: readonly RoleName[] = ['appRouter', 'honoEntry'];

/**
 * The roles that are layers when imported, most specific first (a file in several, such as the
 * env module inside core, is named by the first). An import of a file in none of them (an npm
 * package, a helper folder the config does not name) is not constrained.
 */
export const LAYER_TARGETS: readonly RoleName[] = [
  'routers',
  'appRouter',
  'honoEntry',
  'webhooks',
  'scheduler',
  'services',
  'adapters',
  'schema',
  'db',
  'env',
  'logger',
  'trpcCore',
  'lib',
  'core',
];

/**
 * The parts of the core a config can also name on their own: allowing `core` allows them (a config
 * that moves the tRPC module out of `server/_core/` still lets routers import it).
 */
export const CORE_PARTS: readonly RoleName[] = ['trpcCore', 'honoEntry', 'env', 'logger'];

/** The roles a layer may import: its `allow` list, with `core` standing for its parts too. */
export function allowedRoles(rule: LayerRule): readonly RoleName[] {
  return rule.allow.includes('core') ? [...rule.allow, ...CORE_PARTS.filter((part) => !rule.allow.includes(part))] : rule.allow;
}

export interface LayerViolation {
  /** `matrix`: the importing layer does not allow the target; `routerImport`: only the app router imports routers. */
  kind: 'matrix' | 'routerImport';
  /** The importing layer (`server` for a server file in no layer). */
  from: RoleName;
  /** The imported file's layer. */
  to: RoleName;
  /** The layers `from` may import (matrix violations). */
  allow: readonly RoleName[];
  instead: string;
}

/** Where an import goes, relative to the root with forward slashes, and the routers' root folders. */
export interface ImportPaths {
  from: string;
  to: string;
  /** `routerRoots(config.roles.routers)`. */
  routerRoots: readonly string[];
}

/**
 * The folders the routers globs start from (`server/routers/` for `server/routers/**`): a file
 * directly in one is a domain router of its own; files in subfolders are parts of routers.
 */
export function routerRoots(globs: readonly string[]): string[] {
  return [
    ...new Set(
      globs.map((glob) => {
        const wild = glob.search(/[*?[\]{}]/);
        const fixed = wild === -1 ? glob : glob.slice(0, wild);
        return fixed.slice(0, fixed.lastIndexOf('/') + 1);
      }),
    ),
  ];
}

/**
 * A router module, by where it sits: a file directly in a routers root (a domain router). Files
 * in folders below are parts of a router (sub-routers, handlers, schemas, helpers, their barrels):
 * which of them define a router cannot be told from the path, and a false "router" here would
 * flag every shared helper of a routes folder.
 */
export function isRouterModule(file: string, roots: readonly string[]): boolean {
  return roots.includes(file.slice(0, file.lastIndexOf('/') + 1));
}

function firstLayer(roles: ReadonlySet<RoleName>): RoleName | undefined {
  return LAYER_TARGETS.find((role) => roles.has(role));
}

/**
 * Whether the imports of a file with these roles are held to the layers at all: a test's are not,
 * nor the app router's and the Hono entry's. When not, `layerViolation` is undefined whatever the
 * target, so a caller need not work out the target's roles (the app router imports every router).
 */
export function importsAreConstrained(from: ReadonlySet<RoleName>): boolean {
  return !from.has('tests') && !ROUTER_IMPORTERS.some((role) => from.has(role));
}

/**
 * Whether an import from a file with roles `from` of a file with roles `to` goes against the matrix.
 * Test files are neither checked nor constrained: they drive the backend from outside. The app
 * router and the Hono entry are the edge that mounts routers: no layer rule applies to them, and
 * importing the app router is not importing a router. With `paths`, only router modules count as
 * routers (`isRouterModule`): the other files of the routers layer are parts any router may share.
 */
export function layerViolation(from: ReadonlySet<RoleName>, to: ReadonlySet<RoleName>, paths?: ImportPaths): LayerViolation | undefined {
  if (!importsAreConstrained(from) || to.has('tests')) return undefined;
  const target = firstLayer(to);
  if (target === undefined) return undefined;
  const rule = LAYER_MATRIX.find((candidate) => from.has(candidate.from));
  if (rule !== undefined) {
    if (allowedRoles(rule).some((role) => to.has(role))) return undefined;
    if (rule.from === 'routers' && to.has('routers')) {
      // A router importing the app router closes a cycle: no-circular reports it.
      if (to.has('appRouter')) return undefined;
      if (paths !== undefined && !isRouterModule(paths.to, paths.routerRoots)) return undefined;
    }
    return { kind: 'matrix', from: rule.from, to: target, allow: rule.allow, instead: rule.instead };
  }
  if (!to.has('routers') || to.has('appRouter') || !from.has('server')) return undefined;
  if (paths !== undefined && !isRouterModule(paths.to, paths.routerRoots)) return undefined;
  return {
    kind: 'routerImport',
    from: firstLayer(from) ?? 'server',
    to: 'routers',
    allow: [],
    instead: 'mount it in the app router, or share the code through a service',
  };
}
