import rule from '../../rules/procedure-tier.js';
import { RuleTester, TYPED_ROOT, file, typedFile } from '../_utils/rule-tester.js';

const lines = (...text: string[]): string => text.join('\n');
const FACTORY_CONFIG = { tiers: ['publicProcedure', 'protectedProcedure', { factory: 'permissionProcedure', tier: 'protectedProcedure' }, 'mentoradoProcedure', 'adminProcedure'] };
const TIERS = '`publicProcedure`, `protectedProcedure`, `mentoradoProcedure`, `adminProcedure`';

new RuleTester().run('procedure-tier', rule, {
  valid: [
    {
      name: 'procedures built from imported tier builders, with per-procedure middleware and multi-line chains',
      filename: file('server/routers/leads.ts'),
      code: lines(
        "import { z } from 'zod';",
        "import { protectedProcedure, publicProcedure, router } from '../_core/trpc';",
        "import { rateLimit } from '../lib/rate-limit';",
        'export const leadsRouter = router({',
        '  list: protectedProcedure',
        '    .input(z.object({ limit: z.number() }))',
        '    .query(({ ctx }) => ctx.db.query.leads.findMany()),',
        '  contact: publicProcedure',
        '    .use(rateLimit)',
        '    .input(z.object({ email: z.email() }))',
        '    .mutation(() => ({ ok: true })),',
        '});',
      ),
    },
    {
      name: 'a renamed import of a tier builder is still the tier',
      code: lines(
        "import { protectedProcedure as authed, router } from '../_core/trpc';",
        "import { idInput } from '../lib/validators';",
        'export const r = router({ get: authed.input(idInput).query(() => null) });',
      ),
    },
    {
      name: 'a namespace import of the core gives tier builders as members',
      code: lines(
        "import * as trpc from '../_core/trpc';",
        'export const r = trpc.router({ ping: trpc.publicProcedure.query(() => "pong") } satisfies Record<string, unknown>);',
        'export const names = ["ping"] as const;',
      ),
    },
    {
      name: 'tier builders re-exported from a barrel count by their imported name',
      code: lines(
        "import { adminProcedure, router } from '../_core';",
        'export const r = router({ purge: adminProcedure.mutation(() => true) });',
      ),
    },
    {
      name: 'plain aliases, chained, and a shared builder that only adds an input are fine',
      code: lines(
        "import { adminProcedure, protectedProcedure, router } from '../_core/trpc';",
        "import { idInput } from '../lib/validators';",
        'const admin = adminProcedure;',
        'const staff = admin;',
        'const withId = protectedProcedure.input(idInput);',
        'export const r = router({',
        '  remove: staff.input(idInput).mutation(() => true),',
        '  get: withId.query(() => null),',
        '});',
      ),
    },
    {
      name: 'tier definitions in the tRPC core (t.procedure.use, tier.use) are not violations',
      filename: file('server/_core/trpc.ts'),
      code: lines(
        "import { initTRPC } from '@trpc/server';",
        'const t = initTRPC.context<{ user: string | null }>().create();',
        'const logging = t.middleware(({ next }) => next());',
        'const requireUser = t.middleware(({ next }) => next());',
        'export const publicProcedure = t.procedure.use(logging);',
        'export const protectedProcedure = publicProcedure.use(requireUser);',
        'const withAudit = protectedProcedure.use(logging);',
        'export const health = publicProcedure.query(() => "ok");',
        'export const audited = withAudit.query(() => "ok");',
      ),
    },
    {
      name: 'query and mutation methods of non-tRPC objects are not procedures',
      code: lines(
        "import { db } from '../db';",
        "import { Pool } from 'pg';",
        'const pool = new Pool();',
        'const graph = { mutation: (q: string) => q, query: (q: string) => q };',
        'export async function load() {',
        '  await db.query.users.findMany();',
        "  await pool.query('select 1');",
        "  graph.mutation('x');",
        "  return graph.query('y');",
        '}',
      ),
    },
    {
      name: 'a .procedure member of something that is not initTRPC does not resolve',
      code: lines(
        "import { initTRPC } from './fake-trpc';",
        "import { makeThing } from '../lib/thing';",
        'const t = initTRPC.create();',
        'const other = makeThing();',
        'export const a = t.procedure.query(() => 1);',
        'export const b = other.procedure.mutation(() => 2);',
      ),
    },
    {
      name: 'a `.use(...)` on something that is not a tier (a Hono app) is no ad-hoc builder',
      code: lines(
        "import { Hono } from 'hono';",
        "import { logger } from 'hono/logger';",
        'const app = new Hono().use(logger());',
        'const cache = new Map<string, number>();',
        "const used = cache.get('x');",
        'export { app, used };',
      ),
    },
    {
      name: 'outside server code (client) the rule does nothing',
      filename: file('client/trpc.ts'),
      code: lines(
        "import { initTRPC } from '@trpc/server';",
        'const t = initTRPC.create();',
        'export const ping = t.procedure.query(() => 1);',
      ),
    },
    {
      name: 'test files are not server code',
      filename: file('server/routers/leads.test.ts'),
      code: lines(
        "import { initTRPC } from '@trpc/server';",
        'const t = initTRPC.create();',
        'export const ping = t.procedure.query(() => 1);',
      ),
    },
    {
      name: 'custom tiers from the config are recognised by their imported names',
      code: lines(
        "import { staffProcedure, router } from '../_core/trpc';",
        "import { z } from 'zod';",
        'export const r = router({ list: staffProcedure.input(z.object({})).query(() => []) });',
      ),
      settings: { 'backend-guard': { root: '/project', config: { tiers: ['openProcedure', 'staffProcedure'] } } },
    },
    {
      name: 'a JS router built from the tiers',
      filename: file('server/routers/legacy.js'),
      code: lines(
        "import { publicProcedure, router } from '../_core/trpc.js';",
        'export const legacyRouter = router({ ping: publicProcedure.query(() => "pong") });',
      ),
    },
    {
      name: 'odd code does not crash: computed members, this, calls as roots, private names, optional chains',
      code: lines(
        "import { initTRPC } from '@trpc/server';",
        'const t = initTRPC.create();',
        "const key = 'procedure';",
        'export const a = t[key].query(() => 1);',
        'export const b = (0, t.router)({}).query?.(() => 1);',
        'export class Box { #query = 1; procedure = t; run() { return this.procedure.router({}); } q() { return this.#query; } }',
        'export const c = (globalThis as any).procedure?.mutation(() => 1);',
        'let reassigned = 1; reassigned = 2;',
        'export const d = (reassigned as any).query(() => 1);',
      ),
    },
    {
      name: 'procedures built by a configured factory, imported, renamed and through a namespace',
      filename: file('server/routers/invoices.ts'),
      code: lines(
        "import { z } from 'zod';",
        "import { permissionProcedure, router } from '../_core/trpc';",
        "import { permissionProcedure as can } from '../_core/trpc';",
        "import * as core from '../_core/trpc';",
        'export const invoicesRouter = router({',
        "  list: permissionProcedure('invoices:read').input(z.object({})).query(() => []),",
        "  pay: can('invoices:pay').input(z.object({ id: z.string() })).mutation(() => true),",
        "  void: core.permissionProcedure('invoices:void').input(z.object({})).mutation(() => true),",
        '});',
      ),
      settings: { 'backend-guard': { root: '/project', config: FACTORY_CONFIG } },
    },
    {
      name: 'the core defines a configured factory with its own middleware',
      filename: file('server/_core/trpc.ts'),
      code: lines(
        "import { initTRPC } from '@trpc/server';",
        'const t = initTRPC.create();',
        'export const publicProcedure = t.procedure;',
        'export const protectedProcedure = publicProcedure.use(({ next }) => next());',
        'export const permissionProcedure = (permission: string) => protectedProcedure.use(({ next }) => next({ ctx: { permission } }));',
        "export const self = permissionProcedure('self:read').query(() => null);",
      ),
      settings: { 'backend-guard': { root: '/project', config: FACTORY_CONFIG } },
    },
    {
      name: 'a function that returns a tier builder with only meta or input is not a new trust boundary',
      filename: file('server/_core/trpc.ts'),
      code: lines(
        "import { initTRPC } from '@trpc/server';",
        'const t = initTRPC.create();',
        'export const publicProcedure = t.procedure;',
        'export const protectedProcedure = publicProcedure.use(({ next }) => next());',
        'export const tagged = (tag: string) => protectedProcedure.meta({ tag });',
        'export function withInput<T>(schema: T) { return protectedProcedure.input(schema as never); }',
      ),
    },
    {
      name: 'functions that call .use on a Hono app or an Express router are not builder factories',
      filename: file('server/routers/http.ts'),
      code: lines(
        "import { Hono } from 'hono';",
        "import { protectedProcedure } from '../_core/trpc';",
        'export const mount = (app: Hono, handler: never) => app.use(handler);',
        'export function withLogging(router: { use: (x: unknown) => unknown }) { return router.use(console.log); }',
        'export const base = () => protectedProcedure;',
      ),
    },
  ],
  invalid: [
    {
      name: 't.procedure in a router is the raw builder',
      code: lines(
        "import { initTRPC } from '@trpc/server';",
        'const t = initTRPC.create();',
        'export const r = t.router({',
        '  list: t.procedure.query(() => []),',
        '});',
      ),
      errors: [{ messageId: 'rawProcedure', data: { kind: 'query', builder: 't.procedure', tiers: TIERS }, line: 4, column: 9, endLine: 4, endColumn: 20 }],
    },
    {
      name: 'the message names the tiers the builder\'s module defines, not every configured one',
      code: lines(
        "import { initTRPC } from '@trpc/server';",
        'const t = initTRPC.create();',
        'export const publicProcedure = t.procedure;',
        'export const protectedProcedure = t.procedure.use(({ next }) => next());',
        'export const ping = t.procedure.query(() => "pong");',
      ),
      errors: [
        {
          messageId: 'rawProcedure',
          data: { kind: 'query', builder: 't.procedure', tiers: '`publicProcedure`, `protectedProcedure`' },
          line: 5,
          column: 21,
          endLine: 5,
          endColumn: 32,
        },
      ],
    },
    {
      name: 'a bare `procedure` destructured from the initTRPC instance, multi-line chain',
      code: lines(
        "import { initTRPC } from '@trpc/server';",
        "import { z } from 'zod';",
        'const { procedure, router } = initTRPC.context<{ userId: string }>().create();',
        'export const r = router({',
        '  ping: procedure',
        '    .input(z.object({}).strict())',
        '    .query(() => "pong"),',
        '});',
      ),
      errors: [{ messageId: 'rawProcedure', line: 5, column: 9, endLine: 5, endColumn: 18 }],
    },
    {
      name: 'renamed destructuring through an alias of the instance, with a renamed initTRPC import',
      code: lines(
        "import { initTRPC as init } from '@trpc/server';",
        'const instance = init.context<object>().meta<{ auth: boolean }>().create({});',
        'const t = instance;',
        'const { procedure: base } = t;',
        'export const save = base.mutation(() => true);',
      ),
      errors: [{ messageId: 'rawProcedure', line: 5, column: 21, endLine: 5, endColumn: 25 }],
    },
    {
      name: 'initTRPC through a namespace import of @trpc/server',
      code: lines(
        "import * as server from '@trpc/server';",
        'const t = server.initTRPC.create();',
        'export const save = t.procedure.mutation(() => true);',
      ),
      errors: [{ messageId: 'rawProcedure', line: 3, column: 21, endLine: 3, endColumn: 32 }],
    },
    {
      name: 'an alias of the raw builder is reported where each procedure starts',
      code: lines(
        "import { initTRPC } from '@trpc/server';",
        'const t = initTRPC.create();',
        'const p = t.procedure;',
        'export const a = p.query(() => 1);',
      ),
      errors: [{ messageId: 'rawProcedure', data: { kind: 'query', builder: 't.procedure', tiers: TIERS }, line: 4, column: 18, endLine: 4, endColumn: 19 }],
    },
    {
      name: 'a local variable named like a tier is judged by what it is, not its name',
      // The core is pinned by globs: a file that creates initTRPC is otherwise a core by content.
      settings: { 'backend-guard': { root: '/project', config: { roles: { server: ['server/**'], trpcCore: ['server/_core/trpc.ts'] } } } },
      code: lines(
        "import { initTRPC } from '@trpc/server';",
        'const t = initTRPC.create();',
        'const adminProcedure = t.procedure;',
        'export const purge = adminProcedure.mutation(() => true);',
      ),
      errors: [{ messageId: 'rawProcedure', line: 4, column: 22, endLine: 4, endColumn: 36 }],
    },
    {
      name: 'a raw procedure in the tRPC core itself is still raw',
      filename: file('server/_core/trpc.ts'),
      code: lines(
        "import { initTRPC } from '@trpc/server';",
        'const t = initTRPC.create();',
        'export const health = t.procedure.query(() => "ok");',
      ),
      errors: [{ messageId: 'rawProcedure', line: 3, column: 23, endLine: 3, endColumn: 34 }],
    },
    {
      name: 'a raw procedure in a JS file',
      filename: file('server/routers/legacy.js'),
      code: lines(
        "import { initTRPC } from '@trpc/server';",
        'const t = initTRPC.create();',
        'export const legacy = t.router({ ping: t.procedure.query(() => "pong") });',
      ),
      errors: [{ messageId: 'rawProcedure', line: 3, column: 40, endLine: 3, endColumn: 51 }],
    },
    {
      name: 'an ad-hoc builder in a router is reported once at its declaration, not at each use',
      filename: file('server/routers/leads.ts'),
      code: lines(
        "import { publicProcedure, router } from '../_core/trpc';",
        "import { requireSession } from '../lib/session';",
        'const authed = publicProcedure.use(requireSession);',
        'export const leadsRouter = router({',
        '  list: authed.query(() => []),',
        '  create: authed.mutation(() => true),',
        '});',
      ),
      errors: [{ messageId: 'adHocBuilder', data: { name: 'authed', tier: 'publicProcedure', method: 'use' }, line: 3, column: 7, endLine: 3, endColumn: 13 }],
    },
    {
      name: 'an ad-hoc builder through concat on an aliased tier',
      code: lines(
        "import { protectedProcedure as base } from '../_core/trpc';",
        "import { rateLimited } from '../lib/rate-limit';",
        'const tier = base;',
        'export const limited = tier',
        '  .concat(rateLimited);',
      ),
      errors: [{ messageId: 'adHocBuilder', data: { name: 'limited', tier: 'protectedProcedure', method: 'concat' }, line: 4, column: 14, endLine: 4, endColumn: 21 }],
    },
    {
      name: 'an ad-hoc builder in a service file, after an input-only shared builder',
      filename: file('server/services/audit.ts'),
      code: lines(
        "import * as trpc from '../_core/trpc';",
        "import { idInput } from '../lib/validators';",
        "import { audit } from './audit-middleware';",
        'const withId = trpc.protectedProcedure.input(idInput);',
        'export const audited = withId.use(audit);',
      ),
      errors: [{ messageId: 'adHocBuilder', line: 5, column: 14, endLine: 5, endColumn: 21 }],
    },
    {
      name: 'an unlisted factory in the core is reported once, at its definition',
      filename: file('server/_core/trpc.ts'),
      code: lines(
        "import { initTRPC } from '@trpc/server';",
        'const t = initTRPC.create();',
        'export const publicProcedure = t.procedure;',
        'export const protectedProcedure = publicProcedure.use(({ next }) => next());',
        'export const permissionProcedure = (permission: string) =>',
        '  protectedProcedure.use(({ next }) => next({ ctx: { permission } }));',
      ),
      errors: [{ messageId: 'unlistedFactory', data: { name: 'permissionProcedure' }, line: 5, column: 14, endLine: 5, endColumn: 33 }],
    },
    {
      name: 'a factory declared as a function with a block body, over the raw builder',
      filename: file('server/_core/trpc.ts'),
      code: lines(
        "import { initTRPC } from '@trpc/server';",
        'const t = initTRPC.create();',
        'export function orgProcedure(org: string) {',
        '  if (org === "") throw new Error("org");',
        '  return t.procedure.use(({ next }) => next({ ctx: { org } }));',
        '}',
      ),
      errors: [{ messageId: 'unlistedFactory', line: 3, column: 17, endLine: 3, endColumn: 29 }],
    },
    {
      name: 'a factory in a router: one finding at the factory, none per procedure built by it',
      filename: file('server/routers/invoices.ts'),
      code: lines(
        "import { protectedProcedure, router } from '../_core/trpc';",
        "import { can } from '../lib/permissions';",
        'const withPermission = (permission: string) => protectedProcedure.use(can(permission));',
        'export const invoicesRouter = router({',
        "  list: withPermission('invoices:read').query(() => []),",
        "  pay: withPermission('invoices:pay').mutation(() => true),",
        '});',
      ),
      errors: [{ messageId: 'unlistedFactory', line: 3, column: 7, endLine: 3, endColumn: 21 }],
    },
    {
      name: 'a configured factory does not cover another one',
      filename: file('server/_core/trpc.ts'),
      code: lines(
        "import { initTRPC } from '@trpc/server';",
        'const t = initTRPC.create();',
        'export const protectedProcedure = t.procedure.use(({ next }) => next());',
        'export const permissionProcedure = (p: string) => protectedProcedure.use(({ next }) => next({ ctx: { p } }));',
        'export const teamProcedure = function (team: string) { return protectedProcedure.use(({ next }) => next({ ctx: { team } })); };',
      ),
      settings: { 'backend-guard': { root: '/project', config: FACTORY_CONFIG } },
      errors: [{ messageId: 'unlistedFactory', data: { name: 'teamProcedure' }, line: 5, column: 14, endLine: 5, endColumn: 27 }],
    },
  ],
});

new RuleTester({ typed: true, filename: typedFile('server/routers/example.ts') }).run('procedure-tier (typed)', rule, {
  valid: [
    {
      name: 'typed: tier builders from the core, a barrel and an input-only shared builder in lib',
      filename: typedFile('server/routers/leads.ts'),
      code: lines(
        "import { z } from 'zod';",
        "import { protectedProcedure, router } from '../_core/trpc';",
        "import { adminProcedure } from '../_core';",
        "import { withId, plainProtected } from '../lib/builders';",
        'export const leadsRouter = router({',
        '  list: protectedProcedure.input(z.object({})).query(() => []),',
        '  get: withId.query(({ input }) => input.id),',
        '  me: plainProtected.input(z.object({})).query(() => null),',
        '  purge: adminProcedure.input(z.object({})).mutation(() => true),',
        '});',
      ),
    },
    {
      name: 'typed: query and mutation methods whose receivers are not procedure builders',
      filename: typedFile('server/routers/other.ts'),
      code: lines(
        'const client = { query: (sql: string) => sql, mutation: (name: string) => name };',
        'declare const anything: any;',
        "export const a = client.query('select 1');",
        "export const b = client.mutation('x');",
        "export const c = anything.query('y');",
      ),
    },
    {
      name: 'typed: a plain alias of an imported shared builder',
      filename: typedFile('server/routers/example.ts'),
      code: lines(
        "import { withId } from '../lib/builders';",
        'const byId = withId;',
        'export const get = byId.query(({ input }) => input.id);',
      ),
    },
    {
      name: 'typed: procedures from an unlisted factory are not reported one by one (its definition is)',
      filename: typedFile('server/routers/leads.ts'),
      code: lines(
        "import { z } from 'zod';",
        "import { orgProcedure, permissionProcedure, router } from '../_core/trpc';",
        'export const r = router({',
        "  a: orgProcedure('acme').input(z.object({})).query(() => 1),",
        "  b: permissionProcedure('leads:read').input(z.object({})).query(() => 1),",
        '});',
      ),
    },
    {
      name: 'typed: procedures from a configured factory',
      filename: typedFile('server/routers/leads.ts'),
      code: lines(
        "import { z } from 'zod';",
        "import * as core from '../_core/trpc';",
        "export const get = core.permissionProcedure('leads:read').input(z.object({})).query(() => 1);",
      ),
      settings: { 'backend-guard': { root: TYPED_ROOT, config: FACTORY_CONFIG } },
    },
  ],
  invalid: [
    {
      name: 'typed: a builder the config does not name is recognised by its ProcedureBuilder type',
      filename: typedFile('server/routers/leads.ts'),
      code: lines(
        "import { z } from 'zod';",
        "import { betaProcedure, router } from '../_core/trpc';",
        'export const r = router({ x: betaProcedure.input(z.object({})).query(() => 1) });',
      ),
      errors: [{ messageId: 'unknownBuilder', data: { kind: 'query', builder: 'betaProcedure', tiers: TIERS }, line: 3, column: 30, endLine: 3, endColumn: 43 }],
    },
    {
      name: 'typed: t.procedure on an imported tRPC instance is the raw builder',
      filename: typedFile('server/routers/leads.ts'),
      code: lines(
        "import { t } from '../_core/trpc';",
        'export const save = t.procedure.mutation(() => true);',
      ),
      errors: [{ messageId: 'rawProcedure', line: 2, column: 21, endLine: 2, endColumn: 32 }],
    },
    {
      name: 'typed: middleware added to an imported shared builder is an ad-hoc builder',
      filename: typedFile('server/routers/leads.ts'),
      code: lines(
        "import { middleware } from '../_core/trpc';",
        "import { withId } from '../lib/builders';",
        'const audit = middleware(({ next }) => next());',
        'export const audited = withId.use(audit);',
      ),
      errors: [{ messageId: 'adHocBuilder', data: { name: 'audited', tier: 'protectedProcedure', method: 'use' }, line: 4, column: 14, endLine: 4, endColumn: 21 }],
    },
  ],
});
