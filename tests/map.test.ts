// `backend-guard map`: the procedure inventory derived from code, on the reference backend and on a
// layout of its own (renamed tiers, nested and merged routers, ad-hoc builders, Hono sub-apps). The
// Mermaid output is parsed by Mermaid's own parser (headless, on jsdom), not compared as text.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { JSDOM } from 'jsdom';
import { formatMapJson, formatMapMermaid, formatMapPretty, GuardFailure, main, mapBackend } from '@backend-guard/cli';
import type { MapReport } from '@backend-guard/cli';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutate } from './_utils/fuzz-mutate.js';
import { mulberry32, pick } from './_utils/fuzz-random.js';
import { copyBackend } from './_utils/mutation-harness.js';
import { project } from './_utils/project.js';

const BACKEND = path.resolve(import.meta.dirname, '../fixtures/backend');

/** Runs the CLI in this process (one module load for every run of the file). */
async function cli(args: string[], cwd = os.tmpdir()) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { cwd, stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) }, env: { NO_COLOR: '1' } });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

type Mermaid = typeof import('mermaid').default;
let mermaid: Mermaid;

/** Each ```mermaid block of the Markdown output, parsed; returns its vertices (id → label) and edges. */
async function parseDiagrams(markdown: string) {
  const blocks = [...markdown.matchAll(/^## (.+)\n\n```mermaid\n([\s\S]*?)```$/gm)].map(([, title, text]) => ({ title: title!, text: text! }));
  const parsed = [];
  for (const { title, text } of blocks) {
    await mermaid.parse(text);
    const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
    const db = diagram.db as unknown as {
      getVertices(): Map<string, { id: string; text: string; type: string }>;
      getEdges(): { start: string; end: string; text: string }[];
    };
    const vertices = new Map([...db.getVertices().values()].map((v) => [v.id, { text: v.text, type: v.type }]));
    const edges = db.getEdges().map((e) => `${vertices.get(e.start)!.text} -> ${vertices.get(e.end)!.text}`);
    parsed.push({ title, type: diagram.type, vertices, edges });
  }
  return parsed;
}

beforeAll(async () => {
  // Mermaid sanitises labels with DOMPurify, which needs a DOM: jsdom's, no browser.
  const { window } = new JSDOM('');
  Object.assign(globalThis, { window, document: window.document });
  mermaid = (await import('mermaid')).default;
});

describe('backend-guard map on the reference backend', () => {
  let report: MapReport;
  let mermaidText: string;
  let pretty: string;
  beforeAll(async () => {
    const json = await cli(['map', BACKEND, '--format', 'json']);
    expect(json).toMatchObject({ code: 0, stderr: '' });
    report = JSON.parse(json.stdout) as MapReport;
    // The other formats of the same report (the CLI's wiring of them is run on the layout below).
    mermaidText = formatMapMermaid(report);
    pretty = formatMapPretty(report, { color: false });
  });

  const row = (p: string) => report.procedures.find((procedure) => procedure.path === p);

  it('lists every procedure of the 18 mounted routers under its client path', () => {
    expect(report.version).toBe(1);
    expect(report.appRouters).toEqual(['appRouter']);
    expect(new Set(report.procedures.map((p) => p.router)).size).toBe(18);
    expect(report.procedures).toHaveLength(106);
    expect(new Set(report.procedures.map((p) => p.path)).size).toBe(106);
    expect(report.unmapped).toEqual([]);
  });

  it('gives the tier chain as the tRPC core defines it', () => {
    expect(report.tiers).toEqual([
      { name: 'publicProcedure', rank: 0, base: null, middleware: ['logging'], file: 'server/_core/trpc.ts', line: 70 },
      { name: 'protectedProcedure', rank: 1, base: 'publicProcedure', middleware: ['requireUser'], file: 'server/_core/trpc.ts', line: 71 },
      { name: 'mentoradoProcedure', rank: 2, base: 'protectedProcedure', middleware: ['requireMentorado'], file: 'server/_core/trpc.ts', line: 72 },
      { name: 'adminProcedure', rank: 3, base: 'mentoradoProcedure', middleware: ['requireAdmin'], file: 'server/_core/trpc.ts', line: 73 },
    ]);
  });

  it('a protected query: its service and the table the service reads', () => {
    expect(row('users.me')).toEqual({
      path: 'users.me',
      router: 'users',
      kind: 'query',
      tier: 'protectedProcedure',
      builder: null,
      middleware: [],
      input: 'emptyInput',
      services: ['users.getMyProfile'],
      tables: ['users'],
      adapters: [],
      direct: { tables: [], adapters: [] },
      file: 'server/routers/users.ts',
      line: 7,
    });
  });

  it('an admin mutation reaches the audit log and the session cache through the services it calls', () => {
    expect(row('users.setRole')).toMatchObject({
      kind: 'mutation',
      tier: 'adminProcedure',
      input: 'setRoleInput',
      services: ['users.setUserRole'],
      tables: ['audit_log', 'session_cache', 'users'],
      adapters: [],
    });
    expect(report.services.find((s) => s.name === 'users.setUserRole')).toEqual({
      name: 'users.setUserRole',
      file: 'server/services/users.ts',
      services: ['audit.recordAudit', 'session-cache.sessionCache.invalidate'],
      tables: ['users'],
      adapters: [],
    });
  });

  it('a mentorado mutation reaches the WhatsApp adapter through its service', () => {
    expect(row('whatsapp.sendMessage')).toMatchObject({
      kind: 'mutation',
      tier: 'mentoradoProcedure',
      input: 'whatsappSendMessageInput',
      services: ['whatsapp.sendMessage'],
      tables: ['conversations', 'leads', 'messages'],
      adapters: ['whatsapp.sendWhatsAppText'],
    });
  });

  it('no resolver of the reference backend touches a table or an adapter itself', () => {
    expect(report.procedures.filter((p) => p.direct.tables.length + p.direct.adapters.length > 0)).toEqual([]);
    expect(report.procedures.filter((p) => p.services.length === 0).map((p) => p.path)).toEqual([]);
  });

  it('lists the Hono routes with mount prefixes, and the tRPC mount', () => {
    expect(report.honoRoutes.map(({ method, path: p, handler }) => `${method} ${p} ${handler}`)).toEqual([
      'GET /health (inline)',
      'ALL /api/trpc/* tRPC (fetchRequestHandler)',
      'POST /api/webhooks/asaas (inline)',
      'POST /api/webhooks/clerk (inline)',
    ]);
  });

  it('prints a table with a header and one line per procedure', () => {
    const lines = pretty.split('\n');
    expect(lines[0]).toBe('fixtures/backend: 106 procedures in 18 routers (from appRouter)'.replace('fixtures/backend', path.relative(os.tmpdir(), BACKEND).split(path.sep).join('/')));
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}PATH +KIND +TIER +INPUT +SERVICES +TABLES +ADAPTERS$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}users\.setRole +mutation +adminProcedure +setRoleInput +users\.setUserRole +audit_log, session_cache, users +-$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}POST +\/api\/webhooks\/clerk +\(inline\) +server\/webhooks\/index\.ts:98$/));
  });

  it('draws one Mermaid lifecycle per router, each a flowchart Mermaid parses', async () => {
    const diagrams = await parseDiagrams(mermaidText);
    expect(diagrams.map((d) => d.title)).toEqual([...new Set(report.procedures.map((p) => p.router)), 'Hono routes']);
    expect(diagrams.every((d) => d.type === 'flowchart-v2')).toBe(true);
    const users = diagrams.find((d) => d.title === 'users')!;
    expect(users.edges).toEqual(
      expect.arrayContaining([
        'request -> publicProcedure<br>logging',
        'publicProcedure<br>logging -> protectedProcedure<br>requireUser',
        'protectedProcedure<br>requireUser -> users.me<br>query · emptyInput',
        'mentoradoProcedure<br>requireMentorado -> adminProcedure<br>requireAdmin',
        'adminProcedure<br>requireAdmin -> users.setRole<br>mutation · setRoleInput',
        'users.setRole<br>mutation · setRoleInput -> users.setUserRole',
        'users.setUserRole -> users',
        'users.setUserRole -> audit.recordAudit',
        'audit.recordAudit -> audit_log',
        'session-cache.sessionCache.invalidate -> session_cache',
      ]),
    );
    const shapes = new Map([...users.vertices.values()].map((v) => [v.text, v.type]));
    expect(shapes.get('users')).toBe('cylinder');
    expect(shapes.get('request')).toBe('stadium');
    expect(shapes.get('adminProcedure<br>requireAdmin')).toBe('hexagon');
    const whatsapp = diagrams.find((d) => d.title === 'whatsapp')!;
    expect(whatsapp.edges).toContain('whatsapp.sendMessage -> whatsapp.sendWhatsAppText');
    expect([...whatsapp.vertices.values()].find((v) => v.text === 'whatsapp.sendWhatsAppText')?.type).toBe('subroutine');
  });
});

// A layout of its own: renamed tiers, routers under src/api, services under src/domain, adapters
// under src/integrations; nested, inline, plain-object and merged routers; an ad-hoc builder.
const LAYOUT: Record<string, string> = {
  'package.json': JSON.stringify({ type: 'module' }),
  'backend-guard.config.json': JSON.stringify({
    tiers: ['openProcedure', 'memberProcedure', 'staffProcedure'],
    roles: {
      server: ['src/**', 'packages/**'],
      trpcCore: ['src/api/trpc.ts'],
      appRouter: ['src/api/root.ts'],
      routers: ['src/api/routers/**'],
      services: ['src/domain/**', 'packages/queries/src/**'],
      adapters: ['src/integrations/**'],
      db: ['src/db/client.ts'],
      schema: ['src/db/schema.ts'],
      honoEntry: ['src/http.ts'],
    },
  }),
  'src/api/trpc.ts': `import { initTRPC } from '@trpc/server';
const t = initTRPC.create();
export const createTRPCRouter = t.router;
export const mergeRouters = t.mergeRouters;
export const rawProcedure = t.procedure;
const timed = t.middleware(({ next }) => next());
const signedIn = t.middleware(({ next }) => next());
const staffOnly = t.middleware(({ next }) => next());
export const openProcedure = t.procedure.use(timed);
export const memberProcedure = openProcedure.use(signedIn);
export const staffProcedure = memberProcedure.use(staffOnly);
const audited = t.middleware(({ next }) => next());
export const auditedProcedure = memberProcedure.use(audited);
`,
  'src/db/schema.ts': `import { pgTable, pgTableCreator, text } from 'drizzle-orm/pg-core';
const createTable = pgTableCreator((name) => \`acme_\${name}\`);
export const members = createTable('member', { id: text('id').primaryKey() });
export const invoices = pgTable('invoice', { id: text('id').primaryKey() });
export const auditTrail = pgTable('audit_trail', { id: text('id').primaryKey() });
export const memberRelations = { members };
`,
  'src/db/client.ts': `export const db = {} as any;\n`,
  // A workspace package: followed into its source by its package.json exports.
  'packages/queries/package.json': JSON.stringify({ name: '@acme/queries', exports: { './stats': { types: './src/stats.ts', default: './dist/stats.js' } } }),
  'packages/queries/src/stats.ts': `import { members } from '../../../src/db/schema';
import { audit } from './audit';
export async function countMembers(db: any) { await audit(); return db.select().from(members); }
`,
  'packages/queries/src/audit.ts': `export async function audit() {}\n`,
  'src/integrations/billing.ts': `export const billingClient = { charge: async (_id: string) => ({ ok: true }) };
export const RETRY_MS = 500;
`,
  'src/domain/audit.ts': `import { auditTrail } from '../db/schema';
import { db } from '../db/client';
export async function audit(action: string) { await db.insert(auditTrail).values({ id: action }); }
`,
  'src/domain/members.ts': `import { members } from '../db/schema';
import { db } from '../db/client';
import { audit } from './audit';
const columns = { id: members.id };
export async function listMembers(limit: number) { return db.query.members.findMany({ limit }); }
export async function removeMember(id: string) {
  await audit('member.remove');
  return db.delete(members).where(id).returning(columns);
}
`,
  'src/domain/billing/index.ts': `import { invoices } from '../../db/schema';
import { db } from '../../db/client';
import { billingClient, RETRY_MS } from '../../integrations/billing';
export const billing = {
  async chargeInvoice(id: string) {
    await billingClient.charge(id + RETRY_MS);
    return db.update(invoices).set({ id }).where(id);
  },
};
`,
  'src/api/routers/members.ts': `import { z } from 'zod';
import { createTRPCRouter, memberProcedure, staffProcedure } from '../trpc';
import * as members from '../../domain/members';
import { countMembers } from '@acme/queries/stats';
export const membersRouter = createTRPCRouter({
  list: memberProcedure.input(z.object({ limit: z.number(), cursor: z.string(), q: z.string(), sort: z.string(), dir: z.string() })).query(({ input }) => members.listMembers(input.limit)),
  remove: staffProcedure.input(z.string()).mutation(({ input }) => members.removeMember(input)),
  count: memberProcedure.input(z.object({ active: z.boolean() }).optional()).query(({ ctx }) => countMembers(ctx.db)),
});
`,
  'src/api/routers/billing.ts': `import { z } from 'zod';
import { auditedProcedure, createTRPCRouter, memberProcedure } from '../trpc';
import { billing } from '../../domain/billing';
import { invoices } from '../../db/schema';
import { db } from '../../db/client';
const inOrg = (opts: any) => opts.next();
const orgProcedure = memberProcedure.use(inOrg);
export const billingRouter = createTRPCRouter({
  charge: orgProcedure.input(z.object({ id: z.string() })).mutation(({ input }) => billing.chargeInvoice(input.id)),
  count: orgProcedure.query(() => db.select().from(invoices)),
  history: auditedProcedure.use(async ({ next }) => next()).query(() => []),
});
`,
  'src/api/routers/admin.ts': `import { createTRPCRouter, staffProcedure, rawProcedure } from '../trpc';
import { membersRouter } from './members';
export const adminRouter = createTRPCRouter({
  users: membersRouter,
  health: createTRPCRouter({ ping: rawProcedure.query(() => 'pong') }),
  events: { onAudit: staffProcedure.subscription(async function* () {}) },
});
`,
  'src/api/routers/public.ts': `import { createTRPCRouter, openProcedure } from '../trpc';
import { version } from './shared';
import { makeRoutes } from 'external-routes';
import { walkA, walkB } from '../../lib/walk';
const shared = { ping: openProcedure.query(() => 'pong'), walkA: openProcedure.query(() => walkA(2)), walkB: openProcedure.query(() => walkB(2)) };
export const publicRouter = createTRPCRouter({ hello: openProcedure.query(() => 'hi'), version, ...shared, extra: makeRoutes() });
`,
  // Helpers that call each other: each reaches what the other does, whichever the map meets first.
  'src/lib/walk.ts': `import { invoices, members } from '../db/schema';
import { db } from '../db/client';
export function walkA(n: number): unknown { return n > 0 ? walkB(n - 1) : db.select().from(members); }
export function walkB(n: number): unknown { return n > 0 ? walkA(n - 1) : db.select().from(invoices); }
`,
  'src/api/routers/shared.ts': `import { openProcedure } from '../trpc';
export const version = openProcedure.query(() => '1.0');
`,
  'src/api/root.ts': `import { createTRPCRouter, mergeRouters } from './trpc';
import { adminRouter } from './routers/admin';
import { billingRouter } from './routers/billing';
import { publicRouter } from './routers/public';
const core = createTRPCRouter({ admin: adminRouter, billing: billingRouter });
export const appRouter = mergeRouters(core, publicRouter);
`,
  'src/http.ts': `import { Hono } from 'hono';
import { trpcServer } from '@hono/trpc-server';
import { appRouter } from './api/root';
function makeHooks() {
  const hooks = new Hono();
  hooks.post('/stripe', handleStripe).get('/ping', (c) => c.text('pong'));
  return hooks;
}
const handleStripe = (c: any) => c.text('ok');
export const app = new Hono().basePath('/v1');
app.use('/trpc/*', trpcServer({ router: appRouter }));
app.route('/hooks', makeHooks());
`,
};

describe('backend-guard map on a layout of its own', () => {
  let report: MapReport;
  let dir: string;
  beforeAll(async () => {
    dir = project(LAYOUT, 'bg-map-');
    const json = await cli(['map', '.', '--format', 'json'], dir);
    expect(json).toMatchObject({ code: 0, stderr: '' });
    report = JSON.parse(json.stdout) as MapReport;
  });

  const row = (p: string) => report.procedures.find((procedure) => procedure.path === p);

  it('uses the configured (renamed) tiers and their chain', () => {
    expect(report.tiers.map(({ name, base, middleware }) => ({ name, base, middleware }))).toEqual([
      { name: 'openProcedure', base: null, middleware: ['timed'] },
      { name: 'memberProcedure', base: 'openProcedure', middleware: ['signedIn'] },
      { name: 'staffProcedure', base: 'memberProcedure', middleware: ['staffOnly'] },
    ]);
  });

  it('follows nested, inline, plain-object and merged routers to the client paths', () => {
    expect(report.procedures.map((p) => `${p.path} ${p.kind} ${p.tier ?? `none (${p.builder})`}`).sort()).toEqual([
      'admin.events.onAudit subscription staffProcedure',
      'admin.health.ping query none (rawProcedure)',
      'admin.users.count query memberProcedure',
      'admin.users.list query memberProcedure',
      'admin.users.remove mutation staffProcedure',
      'billing.charge mutation memberProcedure',
      'billing.count query memberProcedure',
      'billing.history query memberProcedure',
      'hello query openProcedure',
      'ping query openProcedure',
      'version query openProcedure',
      'walkA query openProcedure',
      'walkB query openProcedure',
    ]);
    expect(row('version')?.file).toBe('src/api/routers/shared.ts');
    expect(row('admin.users.list')?.router).toBe('admin');
    expect(row('hello')?.router).toBe('appRouter');
  });

  it('lists the entries it could not follow, so an incomplete inventory says so', () => {
    expect(report.unmapped).toEqual([{ path: 'extra', file: 'src/api/routers/public.ts', line: 6 }]);
  });

  it('describes the input by name or by a short shape', () => {
    expect(row('admin.users.list')?.input).toBe('z.object({ limit, cursor, q, sort, … })');
    expect(row('admin.users.remove')?.input).toBe('z.string()');
    expect(row('billing.charge')?.input).toBe('z.object({ id })');
    expect(row('billing.count')?.input).toBeNull();
    expect(row('admin.users.count')?.input).toBe('z.object({ active }).optional()');
  });

  it('reaches tables through services (relational queries, table creators, service to service)', () => {
    // A table creator's prefix is applied at run time: the map gives the name the code writes.
    expect(row('admin.users.list')).toMatchObject({ services: ['members.listMembers'], tables: ['member'], adapters: [] });
    expect(row('admin.users.remove')).toMatchObject({ services: ['members.removeMember'], tables: ['audit_trail', 'member'], adapters: [] });
    // Two service modules named audit: each label takes the folder that tells them apart.
    expect(report.services.find((s) => s.name === 'members.removeMember')).toMatchObject({ services: ['domain/audit.audit'], tables: ['member'] });
  });

  it('follows an import of a workspace package into its source', () => {
    expect(row('admin.users.count')).toMatchObject({ services: ['stats.countMembers'], tables: ['member'] });
    expect(report.services.find((s) => s.name === 'stats.countMembers')).toMatchObject({ file: 'packages/queries/src/stats.ts', services: ['src/audit.audit'] });
  });

  it('an ad-hoc builder keeps its tier and shows its middleware; a service object reaches the adapter', () => {
    expect(row('billing.charge')).toMatchObject({
      tier: 'memberProcedure',
      builder: 'orgProcedure',
      middleware: ['inOrg'],
      services: ['billing.billing.chargeInvoice'],
      tables: ['invoice'],
      adapters: ['billing.billingClient.charge'],
      direct: { tables: [], adapters: [] },
    });
  });

  it('a builder the core defines is named, its middleware left to the core; middleware written inline reads inline', () => {
    expect(row('billing.history')).toMatchObject({ tier: 'memberProcedure', builder: 'auditedProcedure', middleware: ['inline'] });
  });

  it('helpers calling each other reach the same tables, whichever is met first', () => {
    expect(row('walkA')?.tables).toEqual(['invoice', 'member']);
    expect(row('walkB')?.tables).toEqual(['invoice', 'member']);
  });

  it('a resolver that queries the database itself shows the table as reached directly', () => {
    expect(row('billing.count')).toMatchObject({ services: [], tables: ['invoice'], direct: { tables: ['invoice'], adapters: [] } });
  });

  it('lists Hono routes under base paths and mounted sub-apps', () => {
    expect(report.honoRoutes.map(({ method, path: p, handler }) => `${method} ${p} ${handler}`)).toEqual([
      'ALL /v1/trpc/* tRPC (trpcServer)',
      'POST /v1/hooks/stripe handleStripe',
      'GET /v1/hooks/ping (inline)',
    ]);
  });

  it('draws diagrams Mermaid parses, with the renamed tiers, the ad-hoc middleware and the direct table', async () => {
    const { stdout, code } = await cli(['map', '.', '--format', 'mermaid'], dir);
    expect(code).toBe(0);
    const diagrams = await parseDiagrams(stdout);
    expect(diagrams.map((d) => d.title)).toEqual(['appRouter', 'admin', 'billing', 'Hono routes']);
    const billing = diagrams.find((d) => d.title === 'billing')!;
    expect(billing.edges).toEqual(
      expect.arrayContaining([
        'request -> openProcedure<br>timed',
        'openProcedure<br>timed -> memberProcedure<br>signedIn',
        'billing.count<br>query · no input -> invoice',
        'billing.billing.chargeInvoice -> billing.billingClient.charge',
      ]),
    );
    const admin = diagrams.find((d) => d.title === 'admin')!;
    expect(admin.edges).toContain('request -> admin.health.ping<br>query · no input');
  });

  it('keeps diagrams parseable whatever the keys and inputs hold (quotes, backticks, brackets, Mermaid words)', async () => {
    const hostile = project({
      'package.json': '{"type":"module"}',
      'server/_core/trpc.ts': `import { initTRPC } from '@trpc/server';\nconst t = initTRPC.create();\nexport const router = t.router;\nexport const publicProcedure = t.procedure;\n`,
      'server/routers.ts': [
        "import { router, publicProcedure } from './_core/trpc';",
        "import { z } from 'zod';",
        'export const appRouter = router({',
        "  'we\"ird`key<b>#1': router({ 'x\"y': publicProcedure.input(z.literal(`a\"b<c>`)).query(() => 1), end: publicProcedure.query(() => 2), 'graph TD': publicProcedure.mutation(() => 3) }),",
        "  '```': router({ a: publicProcedure.query(() => 1) }),",
        '});',
        '',
      ].join('\n'),
    });
    const { code, stdout } = await cli(['map', '.', '--format', 'mermaid'], hostile);
    expect(code).toBe(0);
    const diagrams = await parseDiagrams(stdout);
    expect(diagrams.map((d) => d.title)).toEqual(["we\"ird'key&lt;b>#1", "'''"]);
    // Each odd key is one node (the entities are decoded when Mermaid renders): request, tier, three procedures.
    expect(diagrams[0]!.vertices.size).toBe(5);
    expect(diagrams[0]!.edges).toHaveLength(4);
  });

  it('names the flag for --format and exits 2 with guidance on a project with no router', async () => {
    expect(await cli(['map', '.', '--format', 'sarif'], dir)).toMatchObject({ code: 2, stderr: expect.stringContaining('--format: "sarif" is not a format of map') });
    const empty = project({ 'package.json': '{"type":"module"}', 'server/util.ts': 'export const x = 1;\n' });
    const result = await cli(['map', '.'], empty);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('no tRPC procedure and no Hono route found in 1 server files, so there is nothing to map');
    expect(result.stderr).toContain('backend-guard init');
  });

  it('maps a Hono-only backend by its routes, and says it found no procedure', async () => {
    const hono = project({
      'package.json': '{"type":"module"}',
      'server/index.ts': `import { Hono } from 'hono';\nexport const app = new Hono();\napp.get('/health', (c) => c.text('ok'));\n`,
    });
    const json = await cli(['map', '.', '--format', 'json'], hono);
    expect(json.code).toBe(0);
    expect(json.stderr).toBe('backend-guard: warning: .: no tRPC procedure found; the map lists the Hono routes only\n');
    expect(JSON.parse(json.stdout)).toMatchObject({ procedures: [], honoRoutes: [{ method: 'GET', path: '/health', handler: '(inline)', file: 'server/index.ts', line: 3 }] });
    const diagrams = await parseDiagrams((await cli(['map', '.', '--format', 'mermaid'], hono)).stdout);
    expect(diagrams.map((d) => d.title)).toEqual(['Hono routes']);
  });
});

// Never a crash on broken code: seeded mutants of the files the map reads, each mapped in every format.
describe('backend-guard map: crash-freedom', () => {
  const root = path.resolve(import.meta.dirname, '../.tmp/map-fuzz');
  const seed = Number(process.env.FUZZ_SEED ?? 20261202);
  const mutants = Number(process.env.FUZZ_MUTANTS ?? 8);
  const files = [
    'server/_core/trpc.ts',
    'server/_core/index.ts',
    'server/routers.ts',
    'server/routers/users.ts',
    'server/routers/whatsapp.ts',
    'server/services/users.ts',
    'server/services/whatsapp.ts',
    'server/webhooks/index.ts',
    'drizzle/schema/crm.ts',
  ];
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it(`maps and formats every mutant, or fails with guidance, never throws otherwise (seed ${seed}, ${mutants} mutants)`, async () => {
    copyBackend(BACKEND, root);
    const random = mulberry32(seed);
    const failures: string[] = [];
    for (let i = 0; i < mutants; i++) {
      const file = pick(random, files);
      const target = path.join(root, file);
      const original = readFileSync(target, 'utf8');
      const mutant = mutate(original, random, target);
      if (mutant === undefined) continue;
      writeFileSync(target, mutant.code);
      try {
        const report = await mapBackend(root, '.', undefined, () => {});
        formatMapJson(report);
        formatMapMermaid(report);
        formatMapPretty(report, { color: true });
      } catch (error) {
        // No procedure left to map is the one failure the CLI reports as such (exit 2).
        if (!(error instanceof GuardFailure)) failures.push(`${file} (${mutant.mutation}): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      } finally {
        writeFileSync(target, original);
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);
});
