#!/usr/bin/env node
// Deterministic generator of a synthetic backend in the seed document's layout, for the benchmark.
//
//   node scripts/bench/generate.mjs --routers 200 [--out .bench/n200]
//
// Writes (and replaces) <out>/: package.json (its dependencies declared), tsconfig.json, drizzle/schema.ts (users + N tables, every FK indexed),
// server/_core/{env,logger,context,trpc,index}.ts, server/db.ts (drizzle-orm/pglite singleton),
// server/services/<name>.ts, server/routers/<name>.ts (8 procedures, Zod input on each, thin
// resolvers) and server/routers.ts. The output is not committed: it lives under the gitignored
// .bench/ so that @trpc/server, zod, drizzle-orm and hono resolve from the repo's node_modules.
// Same N, same bytes: every choice comes from a seeded PRNG keyed by the entity's name, and the
// first N entities of a larger run are the N entities of a smaller one.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// ---------------------------------------------------------------------------------------------
// Seeded randomness

/** 32-bit FNV-1a: a stable seed from a string. */
function hash(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: small, fast, good enough to make deterministic choices. */
function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)],
    /** k distinct items, in pool order. */
    sample(items, k) {
      const chosen = new Set();
      while (chosen.size < Math.min(k, items.length)) chosen.add(Math.floor(next() * items.length));
      return [...chosen].sort((x, y) => x - y).map((i) => items[i]);
    },
    shuffle(items) {
      const out = [...items];
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [out[i], out[j]] = [out[j], out[i]];
      }
      return out;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Entity names: qualifier × noun, 48 × 36 = 1728 distinct names, shuffled once with a fixed seed.

const QUALIFIERS = [
  'invoice', 'lead', 'course', 'payment', 'contract', 'session', 'campaign', 'ticket', 'module', 'lesson',
  'cohort', 'coupon', 'partner', 'vendor', 'report', 'survey', 'event', 'asset', 'document', 'shipment',
  'booking', 'referral', 'project', 'workshop', 'meeting', 'proposal', 'budget', 'expense', 'quote', 'order',
  'product', 'catalog', 'inventory', 'warehouse', 'supplier', 'channel', 'content', 'media', 'forum', 'badge',
  'reward', 'webinar', 'feedback', 'onboarding', 'checklist', 'playbook', 'pipeline', 'territory',
];
const NOUNS = [
  ['batch', 'batches'], ['note', 'notes'], ['template', 'templates'], ['slot', 'slots'], ['review', 'reviews'],
  ['plan', 'plans'], ['rule', 'rules'], ['entry', 'entries'], ['item', 'items'], ['request', 'requests'],
  ['milestone', 'milestones'], ['reminder', 'reminders'], ['draft', 'drafts'], ['label', 'labels'],
  ['snapshot', 'snapshots'], ['schedule', 'schedules'], ['section', 'sections'], ['task', 'tasks'],
  ['comment', 'comments'], ['attachment', 'attachments'], ['approval', 'approvals'], ['goal', 'goals'],
  ['metric', 'metrics'], ['segment', 'segments'], ['stage', 'stages'], ['policy', 'policies'],
  ['question', 'questions'], ['answer', 'answers'], ['invite', 'invites'], ['waitlist', 'waitlists'],
  ['archive', 'archives'], ['digest', 'digests'], ['bundle', 'bundles'], ['allocation', 'allocations'],
  ['assignment', 'assignments'], ['checkpoint', 'checkpoints'],
];

const capitalize = (s) => s.charAt(0).toUpperCase() + s.slice(1);
const article = (s) => (/^[aeiou]/.test(s) ? 'an' : 'a');

function allEntities() {
  const combos = [];
  for (const q of QUALIFIERS) {
    for (const [singular, plural] of NOUNS) {
      combos.push({
        name: q + capitalize(singular), // invoiceBatch
        plural: q + capitalize(plural), // invoiceBatches
        table: `${q}_${plural}`, // invoice_batches
        label: `${q} ${singular}`, // invoice batch
      });
    }
  }
  return prng(hash('backend-guard-bench')).shuffle(combos);
}

// ---------------------------------------------------------------------------------------------
// Per-entity shape

/** Optional columns: schema definition, Zod input, TS input type, selected in the projection. */
const EXTRA_COLUMNS = [
  {
    key: 'amountCents',
    column: "integer('amount_cents').notNull().default(0)",
    zod: 'z.number().int().min(0).max(100_000_000)',
    type: 'number',
    required: true,
  },
  { key: 'notes', column: "text('notes')", zod: 'z.string().trim().max(2000)', type: 'string' },
  {
    key: 'priority',
    column: "integer('priority').notNull().default(0)",
    zod: 'z.number().int().min(0).max(5)',
    type: 'number',
  },
  {
    key: 'dueAt',
    column: "timestamp('due_at', { withTimezone: true })",
    zod: 'z.coerce.date()',
    type: 'Date',
  },
  {
    key: 'isPinned',
    column: "boolean('is_pinned').notNull().default(false)",
    zod: 'z.boolean()',
    type: 'boolean',
  },
  {
    key: 'externalRef',
    column: "text('external_ref')",
    zod: 'z.string().trim().min(1).max(64)',
    type: 'string',
  },
  {
    key: 'color',
    column: "text('color')",
    zod: "z.string().regex(/^#[0-9a-f]{6}$/i, 'Expected a #rrggbb colour')",
    type: 'string',
  },
  {
    key: 'quantity',
    column: "integer('quantity').notNull().default(1)",
    zod: 'z.number().int().min(1).max(10_000)',
    type: 'number',
    required: true,
  },
];

/** Domain actions beyond CRUD; three per router. `tier` is relative: 'base' or 'admin'. */
const ACTIONS = ['archive', 'restore', 'duplicate', 'stats', 'search', 'recent', 'archiveMany', 'purgeArchived', 'transfer'];

function shapeOf(entity) {
  const rnd = prng(hash(entity.name));
  const roll = rnd.next();
  // Who owns the reads: most domains are per-user; some are mentorado-only; a few expose a public catalog.
  const access = roll < 0.5 ? 'protected' : roll < 0.9 ? 'mentorado' : 'catalog';
  const extras = rnd.sample(EXTRA_COLUMNS, rnd.int(1, 5));
  const hasReviewer = rnd.next() < 0.3;
  const actions = rnd.sample(ACTIONS, 3);
  const limitMax = rnd.pick([50, 100, 200]);
  return { access, extras, hasReviewer, actions, limitMax };
}

// ---------------------------------------------------------------------------------------------
// Files

const HEADER = '// Generated by scripts/bench/generate.mjs for the backend-guard benchmark; do not edit.\n';

// The packages the generated code imports, declared as a real backend declares them (dependency-cruiser's
// no-non-package-json reads the nearest package.json); they resolve from the repo's node_modules.
function packageJson() {
  const dependencies = ['@electric-sql/pglite', '@trpc/server', 'drizzle-orm', 'hono', 'zod'];
  return `${JSON.stringify({ name: 'bench-backend', private: true, type: 'module', dependencies: Object.fromEntries(dependencies.map((name) => [name, '*'])) }, null, 2)}\n`;
}

function tsconfig() {
  return `${JSON.stringify(
    {
      compilerOptions: {
        target: 'ES2022',
        lib: ['ES2023', 'DOM', 'DOM.Iterable'],
        module: 'ESNext',
        moduleResolution: 'Bundler',
        strict: true,
        noUncheckedIndexedAccess: true,
        noImplicitOverride: true,
        esModuleInterop: true,
        skipLibCheck: true,
        noEmit: true,
        isolatedModules: true,
        forceConsistentCasingInFileNames: true,
        types: ['node'],
      },
      include: ['server', 'drizzle'],
    },
    null,
    2,
  )}\n`;
}

function envModule() {
  return `${HEADER}import { z } from 'zod';

/** The only module that reads the process environment; validated once at startup. */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  PGLITE_DATA_DIR: z.string().min(1).optional(),
  SESSION_SECRET: z.string().min(32),
});

export type Env = z.infer<typeof envSchema>;

function readEnvironment(): Env {
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    // Names only: the values may be secrets.
    const names = parsed.error.issues.map((issue) => issue.path.join('.')).join(', ');
    throw new Error('Invalid environment configuration: ' + names);
  }
  return parsed.data;
}

export const env: Env = readEnvironment();
`;
}

function loggerModule() {
  return `${HEADER}import { env } from './env';

/** A small structured logger: one JSON line per entry, \`log.info({ fields }, 'constant message')\`. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(fields: LogFields, message: string): void;
  info(fields: LogFields, message: string): void;
  warn(fields: LogFields, message: string): void;
  error(fields: LogFields, message: string): void;
  child(bindings: LogFields): Logger;
}

const LEVEL_ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

function serialize(value: unknown): unknown {
  if (value instanceof Error) {
    return { name: value.name, message: value.message, stack: value.stack };
  }
  return value;
}

export function createLogger(bindings: LogFields = {}): Logger {
  const write = (level: LogLevel, fields: LogFields, message: string): void => {
    if (LEVEL_ORDER[level] < LEVEL_ORDER[env.LOG_LEVEL]) return;
    const entry: LogFields = { time: new Date().toISOString(), level, msg: message, ...bindings };
    for (const [key, value] of Object.entries(fields)) entry[key] = serialize(value);
    process.stdout.write(JSON.stringify(entry) + '\\n');
  };
  return {
    debug: (fields, message) => write('debug', fields, message),
    info: (fields, message) => write('info', fields, message),
    warn: (fields, message) => write('warn', fields, message),
    error: (fields, message) => write('error', fields, message),
    child: (more) => createLogger({ ...bindings, ...more }),
  };
}

export const logger: Logger = createLogger({ service: 'bench-backend' });
`;
}

function contextModule() {
  return `${HEADER}import { createHmac, timingSafeEqual } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { users } from '../../drizzle/schema';
import { db, type Db } from '../db';
import { env } from './env';
import type { Logger } from './logger';

export type Role = 'member' | 'mentorado' | 'admin';

export interface SessionUser {
  id: string;
  role: Role;
}

export interface Context {
  db: Db;
  logger: Logger;
  requestId: string;
  user: SessionUser | null;
}

/** The context of a procedure at protected tier or above: the user is known. */
export type AuthedContext = Context & { user: SessionUser };

export interface CreateContextOptions {
  req: Request;
  requestId: string;
  logger: Logger;
}

/** Session tokens are \`<userId>.<base64url HMAC-SHA256 of userId>\`. */
function verifySessionToken(token: string): string | null {
  const [userId, signature] = token.split('.');
  if (userId === undefined || signature === undefined) return null;
  const expected = createHmac('sha256', env.SESSION_SECRET).update(userId).digest();
  const given = Buffer.from(signature, 'base64url');
  return given.length === expected.length && timingSafeEqual(given, expected) ? userId : null;
}

async function loadUser(userId: string): Promise<SessionUser | null> {
  const [row] = await db
    .select({ id: users.id, role: users.role })
    .from(users)
    .where(and(eq(users.id, userId), isNull(users.deletedAt)))
    .limit(1);
  return row ?? null;
}

/** Builds the tRPC context once per request: verified session, user, request-scoped logger. */
export async function createContext(options: CreateContextOptions): Promise<Context> {
  const header = options.req.headers.get('authorization');
  const token = header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : null;
  const userId = token === null ? null : verifySessionToken(token);
  const user = userId === null ? null : await loadUser(userId);
  if (userId !== null && user === null) {
    options.logger.warn({ component: 'context' }, 'valid session for an unknown or deleted user');
  }
  return {
    db,
    logger: options.logger.child({ userId: user?.id ?? null }),
    requestId: options.requestId,
    user,
  };
}
`;
}

function trpcModule() {
  return `${HEADER}import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import type { Context } from './context';

/** tRPC root. Tiers, each derived from the one below: public -> protected -> mentorado -> admin. */
const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    const zodIssues = error.cause instanceof ZodError ? error.cause.issues : null;
    return { ...shape, data: { ...shape.data, zodIssues } };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

const logging = t.middleware(async ({ ctx, path, type, next }) => {
  const startedAt = performance.now();
  const result = await next();
  const durationMs = Math.round(performance.now() - startedAt);
  if (result.ok) {
    ctx.logger.info({ procedure: path, type, durationMs, ok: true }, 'procedure completed');
  } else {
    ctx.logger.warn({ procedure: path, type, durationMs, ok: false, code: result.error.code }, 'procedure failed');
  }
  return result;
});

const requireUser = t.middleware(({ ctx, next }) => {
  if (ctx.user === null) {
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in required' });
  }
  return next({ ctx: { user: ctx.user } });
});

const requireMentorado = t.middleware(({ ctx, next }) => {
  if (ctx.user === null) {
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in required' });
  }
  if (ctx.user.role !== 'mentorado' && ctx.user.role !== 'admin') {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'Mentorado access required' });
  }
  return next({ ctx: { user: ctx.user } });
});

const requireAdmin = t.middleware(({ ctx, next }) => {
  if (ctx.user === null) {
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in required' });
  }
  if (ctx.user.role !== 'admin') {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'Admin access required' });
  }
  return next({ ctx: { user: ctx.user } });
});

export const publicProcedure = t.procedure.use(logging);
export const protectedProcedure = publicProcedure.use(requireUser);
export const mentoradoProcedure = protectedProcedure.use(requireMentorado);
export const adminProcedure = mentoradoProcedure.use(requireAdmin);
`;
}

function entryModule() {
  return `${HEADER}import { randomUUID } from 'node:crypto';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { Hono } from 'hono';
import { appRouter } from '../routers';
import { createContext } from './context';
import { logger, type Logger } from './logger';

type AppBindings = { Variables: { requestId: string; logger: Logger } };

export const app = new Hono<AppBindings>();

app.use('*', async (c, next) => {
  const requestId = randomUUID();
  const requestLogger = logger.child({ requestId });
  c.set('requestId', requestId);
  c.set('logger', requestLogger);
  const startedAt = performance.now();
  await next();
  c.header('x-request-id', requestId);
  requestLogger.info(
    { method: c.req.method, path: c.req.path, status: c.res.status, durationMs: Math.round(performance.now() - startedAt) },
    'request completed',
  );
});

app.onError((error, c) => {
  c.get('logger').error({ err: error, method: c.req.method, path: c.req.path }, 'unhandled request error');
  return c.json({ error: 'Internal Server Error', requestId: c.get('requestId') }, 500);
});

app.get('/health', (c) => c.json({ status: 'ok' }));

app.all('/api/trpc/*', (c) =>
  fetchRequestHandler({
    endpoint: '/api/trpc',
    req: c.req.raw,
    router: appRouter,
    createContext: ({ req }) => createContext({ req, requestId: c.get('requestId'), logger: c.get('logger') }),
  }),
);
`;
}

function dbModule() {
  return `${HEADER}import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import * as schema from '../drizzle/schema';
import { env } from './_core/env';

/** The Drizzle singleton and the only module that imports a SQL driver (embedded PGlite). */
const client = env.PGLITE_DATA_DIR === undefined ? new PGlite() : new PGlite(env.PGLITE_DATA_DIR);

export const db = drizzle({ client, schema });

export type Db = typeof db;
`;
}

function schemaModule(entities) {
  const lines = [
    HEADER + "import { boolean, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';",
    '',
    "export const users = pgTable('users', {",
    "  id: uuid('id').primaryKey().defaultRandom(),",
    "  email: text('email').notNull().unique(),",
    "  displayName: text('display_name').notNull(),",
    "  role: text('role', { enum: ['member', 'mentorado', 'admin'] }).notNull().default('member'),",
    "  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),",
    "  deletedAt: timestamp('deleted_at', { withTimezone: true }),",
    '});',
  ];
  for (const entity of entities) {
    const { extras, hasReviewer } = entity.shape;
    lines.push(
      '',
      `export const ${entity.plural} = pgTable(`,
      `  '${entity.table}',`,
      '  {',
      "    id: uuid('id').primaryKey().defaultRandom(),",
      "    ownerId: uuid('owner_id')",
      '      .notNull()',
      "      .references(() => users.id, { onDelete: 'cascade' }),",
    );
    if (hasReviewer) {
      lines.push("    reviewerId: uuid('reviewer_id').references(() => users.id, { onDelete: 'set null' }),");
    }
    lines.push(
      "    name: text('name').notNull(),",
      "    status: text('status', { enum: ['draft', 'active', 'archived'] }).notNull().default('draft'),",
      ...extras.map((extra) => `    ${extra.key}: ${extra.column},`),
      "    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),",
      "    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),",
      "    archivedAt: timestamp('archived_at', { withTimezone: true }),",
      '  },',
      '  (table) => [',
      `    index('${entity.table}_owner_id_idx').on(table.ownerId),`,
      ...(hasReviewer ? [`    index('${entity.table}_reviewer_id_idx').on(table.reviewerId),`] : []),
      `    index('${entity.table}_status_idx').on(table.status),`,
      '  ],',
      ');',
    );
  }
  return `${lines.join('\n')}\n`;
}

function tierOf(entity, kind) {
  const { access } = entity.shape;
  if (kind === 'admin') return 'adminProcedure';
  if (access === 'mentorado') return 'mentoradoProcedure';
  if (access === 'catalog' && kind === 'read') return 'publicProcedure';
  return 'protectedProcedure';
}

/** Procedures of a router: [key, kind (read|write|admin), service function, input const, query|mutation]. */
function proceduresOf(entity) {
  const N = capitalize(entity.name);
  const P = capitalize(entity.plural);
  const catalog = entity.shape.access === 'catalog';
  const procs = [
    ['list', 'read', catalog ? `listPublished${P}` : `list${P}`, 'listInput', 'query'],
    ['get', 'read', catalog ? `getPublished${N}` : `get${N}`, 'idInput', 'query'],
    ['create', 'write', `create${N}`, 'createInput', 'mutation'],
    ['update', 'write', `update${N}`, 'updateInput', 'mutation'],
    ['delete', 'write', `delete${N}`, 'idInput', 'mutation'],
  ];
  for (const action of entity.shape.actions) {
    switch (action) {
      case 'archive':
        procs.push(['archive', 'write', `archive${N}`, 'idInput', 'mutation']);
        break;
      case 'restore':
        procs.push(['restore', 'write', `restore${N}`, 'idInput', 'mutation']);
        break;
      case 'duplicate':
        procs.push(['duplicate', 'write', `duplicate${N}`, 'idInput', 'mutation']);
        break;
      case 'stats':
        procs.push(['stats', 'owner-read', `count${P}ByStatus`, 'statsInput', 'query']);
        break;
      case 'search':
        procs.push(['search', 'owner-read', `search${P}`, 'searchInput', 'query']);
        break;
      case 'recent':
        procs.push(['recent', 'owner-read', `recent${P}`, 'recentInput', 'query']);
        break;
      case 'archiveMany':
        procs.push(['archiveMany', 'write', `archive${P}`, 'idsInput', 'mutation']);
        break;
      case 'purgeArchived':
        procs.push(['purgeArchived', 'admin', `purgeArchived${P}`, 'purgeInput', 'mutation']);
        break;
      case 'transfer':
        procs.push(['transfer', 'admin', `transfer${N}`, 'transferInput', 'mutation']);
        break;
      default:
        throw new Error(`unknown action ${action}`);
    }
  }
  return procs;
}

const PROCEDURE_DOCS = {
  list: 'One page of {} records, newest first.',
  get: 'One {} by id.',
  create: 'Creates {a} {} owned by the caller.',
  update: 'Updates the fields given; archived records are restored through restore.',
  delete: 'Deletes {a} {} of the caller.',
  archive: 'Archives {a} {}; it stays readable.',
  restore: 'Brings an archived {} back to active.',
  duplicate: 'Copies {a} {} under a new id.',
  stats: 'Counts of {} records per status.',
  search: 'Finds {} records by name.',
  recent: 'The {} records changed last.',
  archiveMany: 'Archives up to 100 {} records at once.',
  purgeArchived: 'Deletes archived {} records (dry run by default).',
  transfer: 'Moves {a} {} to another owner.',
};

function zodField(extra) {
  return extra.required ? extra.zod : `${extra.zod}.optional()`;
}

function routerModule(entity) {
  const { extras, limitMax } = entity.shape;
  const procs = proceduresOf(entity);
  const inputs = new Set(procs.map((p) => p[3]));
  const tiers = new Set(procs.map((p) => tierOf(entity, p[1] === 'owner-read' ? 'write' : p[1])));
  const service = `${entity.plural}Service`;
  const statusConst = `${entity.name}Status`;
  const out = [
    HEADER + "import { z } from 'zod';",
    `import { ${[...tiers, 'router'].sort().join(', ')} } from '../_core/trpc';`,
    `import * as ${service} from '../services/${entity.plural}';`,
    '',
    `const ${statusConst} = z.enum(['draft', 'active', 'archived']);`,
    '',
    'const idInput = z.object({ id: z.uuid() });',
    '',
    'const listInput = z.object({',
    '  cursor: z.uuid().optional(),',
    `  limit: z.number().int().min(1).max(${limitMax}).default(25),`,
    `  status: ${statusConst}.optional(),`,
    '});',
    '',
    'const createInput = z.object({',
    '  name: z.string().trim().min(1).max(120),',
    ...(entity.shape.hasReviewer ? ['  reviewerId: z.uuid().optional(),'] : []),
    ...extras.map((extra) => `  ${extra.key}: ${zodField(extra)},`),
    '});',
    '',
    'const updateInput = createInput.partial().extend({',
    '  id: z.uuid(),',
    `  status: ${statusConst}.exclude(['archived']).optional(),`,
    '});',
  ];
  if (inputs.has('statsInput')) {
    out.push('', 'const statsInput = z.object({ since: z.coerce.date().optional() });');
  }
  if (inputs.has('searchInput')) {
    out.push(
      '',
      'const searchInput = z.object({',
      '  term: z.string().trim().min(2).max(80),',
      '  limit: z.number().int().min(1).max(50).default(20),',
      '});',
    );
  }
  if (inputs.has('recentInput')) {
    out.push('', 'const recentInput = z.object({ limit: z.number().int().min(1).max(20).default(5) });');
  }
  if (inputs.has('idsInput')) {
    out.push('', 'const idsInput = z.object({ ids: z.array(z.uuid()).min(1).max(100) });');
  }
  if (inputs.has('purgeInput')) {
    out.push(
      '',
      'const purgeInput = z.object({',
      '  archivedBefore: z.coerce.date(),',
      '  dryRun: z.boolean().default(true),',
      '});',
    );
  }
  if (inputs.has('transferInput')) {
    out.push('', 'const transferInput = z.object({ id: z.uuid(), toUserId: z.uuid() });');
  }
  out.push('', `/** ${capitalize(entity.label)} records: CRUD plus ${entity.shape.actions.join(', ')}. */`);
  out.push(`export const ${entity.plural}Router = router({`);
  for (const [key, kind, fn, input, type] of procs) {
    const tier = tierOf(entity, kind === 'owner-read' ? 'write' : kind);
    const arg = input === 'idInput' ? 'input.id' : 'input';
    out.push(
      `  /** ${PROCEDURE_DOCS[key].replace('{a}', article(entity.label)).replace('{}', entity.label)} */`,
      `  ${key}: ${tier}`,
      `    .input(${input})`,
      `    .${type}(({ ctx, input }) => ${service}.${fn}(ctx, ${arg})),`,
    );
  }
  out.push('});', '');
  return out.join('\n');
}

function serviceModule(entity) {
  const { extras, hasReviewer, access } = entity.shape;
  const T = entity.plural;
  const N = capitalize(entity.name);
  const P = capitalize(entity.plural);
  const procs = proceduresOf(entity);
  const fns = new Set(procs.map((p) => p[2]));
  const needs = new Set(['and', 'eq']);
  const body = [];
  const label = capitalize(entity.label);
  const idKey = `${entity.name}Id`;

  const inputFields = [
    '  name: string;',
    ...(hasReviewer ? ['  reviewerId?: string | undefined;'] : []),
    ...extras.map((extra) => (extra.required ? `  ${extra.key}: ${extra.type};` : `  ${extra.key}?: ${extra.type} | undefined;`)),
  ];
  body.push(
    `export type ${N}Status = 'draft' | 'active' | 'archived';`,
    '',
    `export interface List${P}Input {`,
    '  cursor?: string | undefined;',
    '  limit: number;',
    `  status?: ${N}Status | undefined;`,
    '}',
    '',
    `export interface Create${N}Input {`,
    ...inputFields,
    '}',
    '',
    `export type Update${N}Input = Partial<Create${N}Input> & { id: string; status?: 'draft' | 'active' | undefined };`,
    '',
    'const columns = {',
    `  id: ${T}.id,`,
    `  name: ${T}.name,`,
    `  status: ${T}.status,`,
    ...(hasReviewer ? [`  reviewerId: ${T}.reviewerId,`] : []),
    ...extras.map((extra) => `  ${extra.key}: ${T}.${extra.key},`),
    `  createdAt: ${T}.createdAt,`,
    `  updatedAt: ${T}.updatedAt,`,
    '};',
    '',
    'function notFound(): TRPCError {',
    `  return new TRPCError({ code: 'NOT_FOUND', message: '${label} not found' });`,
    '}',
    '',
    `const owned = (ctx: AuthedContext, id: string) => and(eq(${T}.id, id), eq(${T}.ownerId, ctx.user.id));`,
  );

  const listScope = access === 'catalog' ? `eq(${T}.status, 'active')` : `eq(${T}.ownerId, ctx.user.id)`;
  const listFn = access === 'catalog' ? `listPublished${P}` : `list${P}`;
  const getFn = access === 'catalog' ? `getPublished${N}` : `get${N}`;
  const readCtx = access === 'catalog' ? 'Context' : 'AuthedContext';
  needs.add('desc').add('lt');
  body.push(
    '',
    `export async function ${listFn}(ctx: ${readCtx}, input: List${P}Input) {`,
    '  const rows = await ctx.db',
    '    .select(columns)',
    `    .from(${T})`,
    '    .where(',
    '      and(',
    `        ${listScope},`,
    `        input.status === undefined ? undefined : eq(${T}.status, input.status),`,
    `        input.cursor === undefined ? undefined : lt(${T}.id, input.cursor),`,
    '      ),',
    '    )',
    `    .orderBy(desc(${T}.id))`,
    '    .limit(input.limit + 1);',
    '  const hasMore = rows.length > input.limit;',
    '  const items = hasMore ? rows.slice(0, input.limit) : rows;',
    '  return { items, nextCursor: hasMore ? (items.at(-1)?.id ?? null) : null };',
    '}',
    '',
    `export async function ${getFn}(ctx: ${readCtx}, id: string) {`,
    '  const [row] = await ctx.db',
    '    .select(columns)',
    `    .from(${T})`,
    access === 'catalog' ? `    .where(and(eq(${T}.id, id), ${listScope}))` : '    .where(owned(ctx, id))',
    '    .limit(1);',
    '  if (row === undefined) throw notFound();',
    '  return row;',
    '}',
    '',
    `export async function create${N}(ctx: AuthedContext, input: Create${N}Input) {`,
    '  const [row] = await ctx.db',
    `    .insert(${T})`,
    '    .values({ ...input, ownerId: ctx.user.id })',
    '    .returning(columns);',
    `  if (row === undefined) throw new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: '${label} was not created' });`,
    `  ctx.logger.info({ ${idKey}: row.id }, '${entity.label} created');`,
    '  return row;',
    '}',
    '',
    `export async function update${N}(ctx: AuthedContext, input: Update${N}Input) {`,
    '  const { id, ...changes } = input;',
    '  const [row] = await ctx.db',
    `    .update(${T})`,
    '    .set({ ...changes, updatedAt: new Date() })',
    '    .where(owned(ctx, id))',
    '    .returning(columns);',
    '  if (row === undefined) throw notFound();',
    `  ctx.logger.info({ ${idKey}: id, fields: Object.keys(changes) }, '${entity.label} updated');`,
    '  return row;',
    '}',
    '',
    `export async function delete${N}(ctx: AuthedContext, id: string) {`,
    '  const [row] = await ctx.db',
    `    .delete(${T})`,
    '    .where(owned(ctx, id))',
    `    .returning({ id: ${T}.id });`,
    '  if (row === undefined) throw notFound();',
    `  ctx.logger.info({ ${idKey}: id }, '${entity.label} deleted');`,
    '  return { id: row.id, deleted: true as const };',
    '}',
  );

  const setStatus = (fn, status, archivedAt, message) => {
    body.push(
      '',
      `export async function ${fn}(ctx: AuthedContext, id: string) {`,
      '  const [row] = await ctx.db',
      `    .update(${T})`,
      `    .set({ status: '${status}', archivedAt: ${archivedAt}, updatedAt: new Date() })`,
      '    .where(owned(ctx, id))',
      '    .returning(columns);',
      '  if (row === undefined) throw notFound();',
      `  ctx.logger.info({ ${idKey}: id }, '${message}');`,
      '  return row;',
      '}',
    );
  };
  if (fns.has(`archive${N}`)) setStatus(`archive${N}`, 'archived', 'new Date()', `${entity.label} archived`);
  if (fns.has(`restore${N}`)) setStatus(`restore${N}`, 'active', 'null', `${entity.label} restored`);
  if (fns.has(`duplicate${N}`)) {
    const copied = [...(hasReviewer ? ['reviewerId'] : []), ...extras.map((extra) => extra.key)];
    body.push(
      '',
      `export async function duplicate${N}(ctx: AuthedContext, id: string) {`,
      `  const [source] = await ctx.db.select(columns).from(${T}).where(owned(ctx, id)).limit(1);`,
      '  if (source === undefined) throw notFound();',
      '  const [row] = await ctx.db',
      `    .insert(${T})`,
      '    .values({',
      '      ownerId: ctx.user.id,',
      "      name: `${source.name} (copy)`,",
      ...copied.map((key) => `      ${key}: source.${key},`),
      '    })',
      '    .returning(columns);',
      `  if (row === undefined) throw new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: '${label} was not duplicated' });`,
      `  ctx.logger.info({ ${idKey}: row.id, sourceId: id }, '${entity.label} duplicated');`,
      '  return row;',
      '}',
    );
  }
  if (fns.has(`count${P}ByStatus`)) {
    needs.add('count').add('gte');
    body.push(
      '',
      `export async function count${P}ByStatus(ctx: AuthedContext, input: { since?: Date | undefined }) {`,
      '  return ctx.db',
      `    .select({ status: ${T}.status, total: count() })`,
      `    .from(${T})`,
      `    .where(and(eq(${T}.ownerId, ctx.user.id), input.since === undefined ? undefined : gte(${T}.createdAt, input.since)))`,
      `    .groupBy(${T}.status);`,
      '}',
    );
  }
  if (fns.has(`search${P}`)) {
    needs.add('ilike').add('asc');
    body.push(
      '',
      `export async function search${P}(ctx: AuthedContext, input: { term: string; limit: number }) {`,
      "  const pattern = `%${input.term.replaceAll('%', '\\\\%').replaceAll('_', '\\\\_')}%`;",
      '  return ctx.db',
      `    .select({ id: ${T}.id, name: ${T}.name, status: ${T}.status })`,
      `    .from(${T})`,
      `    .where(and(eq(${T}.ownerId, ctx.user.id), ilike(${T}.name, pattern)))`,
      `    .orderBy(asc(${T}.name))`,
      '    .limit(input.limit);',
      '}',
    );
  }
  if (fns.has(`recent${P}`)) {
    body.push(
      '',
      `export async function recent${P}(ctx: AuthedContext, input: { limit: number }) {`,
      '  return ctx.db',
      '    .select(columns)',
      `    .from(${T})`,
      `    .where(eq(${T}.ownerId, ctx.user.id))`,
      `    .orderBy(desc(${T}.updatedAt))`,
      '    .limit(input.limit);',
      '}',
    );
  }
  if (fns.has(`archive${P}`)) {
    needs.add('inArray');
    body.push(
      '',
      `export async function archive${P}(ctx: AuthedContext, input: { ids: string[] }) {`,
      '  const rows = await ctx.db',
      `    .update(${T})`,
      "    .set({ status: 'archived', archivedAt: new Date(), updatedAt: new Date() })",
      `    .where(and(inArray(${T}.id, input.ids), eq(${T}.ownerId, ctx.user.id)))`,
      `    .returning({ id: ${T}.id });`,
      `  ctx.logger.info({ requested: input.ids.length, archived: rows.length }, '${entity.label} records archived');`,
      '  return { archived: rows.map((row) => row.id) };',
      '}',
    );
  }
  if (fns.has(`purgeArchived${P}`)) {
    needs.add('lt').add('count');
    body.push(
      '',
      `export async function purgeArchived${P}(ctx: AuthedContext, input: { archivedBefore: Date; dryRun: boolean }) {`,
      `  const stale = and(eq(${T}.status, 'archived'), lt(${T}.archivedAt, input.archivedBefore));`,
      '  if (input.dryRun) {',
      `    const [row] = await ctx.db.select({ total: count() }).from(${T}).where(stale);`,
      '    return { purged: 0, wouldPurge: row?.total ?? 0 };',
      '  }',
      `  const rows = await ctx.db.delete(${T}).where(stale).returning({ id: ${T}.id });`,
      `  ctx.logger.warn({ purged: rows.length, adminId: ctx.user.id }, 'archived ${entity.label} records purged');`,
      '  return { purged: rows.length, wouldPurge: rows.length };',
      '}',
    );
  }
  if (fns.has(`transfer${N}`)) {
    body.push(
      '',
      `export async function transfer${N}(ctx: AuthedContext, input: { id: string; toUserId: string }) {`,
      '  const [row] = await ctx.db',
      `    .update(${T})`,
      '    .set({ ownerId: input.toUserId, updatedAt: new Date() })',
      `    .where(eq(${T}.id, input.id))`,
      '    .returning(columns);',
      '  if (row === undefined) throw notFound();',
      `  ctx.logger.info({ ${idKey}: input.id, toUserId: input.toUserId, adminId: ctx.user.id }, '${entity.label} transferred');`,
      '  return row;',
      '}',
    );
  }

  const contextTypes = access === 'catalog' ? 'AuthedContext, Context' : 'AuthedContext';
  const head = [
    HEADER + "import { TRPCError } from '@trpc/server';",
    `import { ${[...needs].sort().join(', ')} } from 'drizzle-orm';`,
    `import { ${T} } from '../../drizzle/schema';`,
    `import type { ${contextTypes} } from '../_core/context';`,
    '',
  ];
  return `${[...head, ...body].join('\n')}\n`;
}

function appRouterModule(entities) {
  const sorted = [...entities].sort((a, b) => (a.plural < b.plural ? -1 : 1));
  return [
    HEADER + "import { router } from './_core/trpc';",
    ...sorted.map((e) => `import { ${e.plural}Router } from './routers/${e.plural}';`),
    '',
    `/** The application router: the ${entities.length} domain routers. */`,
    'export const appRouter = router({',
    ...sorted.map((e) => `  ${e.plural}: ${e.plural}Router,`),
    '});',
    '',
    'export type AppRouter = typeof appRouter;',
    '',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------

/**
 * Generates the backend with `routers` domain routers into `outDir` (replaced). Returns counts:
 * files, lines, and the min/max lines of a router file.
 */
export function generate({ routers, outDir }) {
  const pool = allEntities();
  if (!Number.isInteger(routers) || routers < 1 || routers > pool.length) {
    throw new Error(`--routers must be an integer from 1 to ${pool.length}, got ${routers}`);
  }
  const entities = pool.slice(0, routers).map((entity) => ({ ...entity, shape: shapeOf(entity) }));
  const files = new Map([
    ['package.json', packageJson()],
    ['tsconfig.json', tsconfig()],
    ['server/_core/env.ts', envModule()],
    ['server/_core/logger.ts', loggerModule()],
    ['server/_core/context.ts', contextModule()],
    ['server/_core/trpc.ts', trpcModule()],
    ['server/_core/index.ts', entryModule()],
    ['server/db.ts', dbModule()],
    ['drizzle/schema.ts', schemaModule(entities)],
    ['server/routers.ts', appRouterModule(entities)],
  ]);
  for (const entity of entities) {
    files.set(`server/services/${entity.plural}.ts`, serviceModule(entity));
    files.set(`server/routers/${entity.plural}.ts`, routerModule(entity));
  }

  rmSync(outDir, { recursive: true, force: true });
  let lines = 0;
  let sourceFiles = 0;
  const routerLines = [];
  for (const [relative, text] of files) {
    const target = path.join(outDir, relative);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, text);
    if (relative.endsWith('.ts')) {
      const count = text.split('\n').length - 1;
      lines += count;
      sourceFiles += 1;
      if (relative.startsWith('server/routers/')) routerLines.push(count);
    }
  }
  return {
    routers,
    outDir,
    files: sourceFiles,
    lines,
    routerLinesMin: Math.min(...routerLines),
    routerLinesMax: Math.max(...routerLines),
  };
}

function main() {
  const { values } = parseArgs({
    options: { routers: { type: 'string', short: 'n' }, out: { type: 'string' } },
    strict: true,
  });
  const routers = Number(values.routers ?? '20');
  const outDir = path.resolve(values.out ?? path.join(REPO_ROOT, '.bench', `n${routers}`));
  const stats = generate({ routers, outDir });
  process.stdout.write(
    `generated ${stats.routers} routers in ${path.relative(process.cwd(), outDir) || '.'}: ` +
      `${stats.files} .ts files, ${stats.lines} lines (router files ${stats.routerLinesMin}-${stats.routerLinesMax} lines)\n`,
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
