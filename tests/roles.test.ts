// Roles from content, refined by globs: every signal with the near-miss it must not take for one,
// and how server code is told from client code, tests and tooling.
import path from 'node:path';
import { contentRoles, createRoleMatcher, mayHaveSignals, parseConfig, type RoleName } from '@backend-guard/config';
import { parse } from '@typescript-eslint/typescript-estree';
import { parseSync } from 'oxc-parser';
import { globSync } from 'tinyglobby';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { project } from './_utils/project.js';

const TIERS = new Set(['publicProcedure', 'protectedProcedure', 'mentoradoProcedure', 'adminProcedure']);
const rolesOf = (code: string): RoleName[] => [...contentRoles(parse(code, { jsx: false }), { tiers: TIERS })].sort();
// The CLI reads files from disk with oxc's parser (packages/cli/src/parse.ts): the same roles.
const oxcTree = (file: string, code: string) => parseSync(file, code, { astType: 'ts', preserveParens: false }).program as unknown as Parameters<typeof contentRoles>[0];
const rolesByOxc = (code: string): RoleName[] => [...contentRoles(oxcTree('case.ts', code), { tiers: TIERS })].sort();

const lines = (...text: string[]) => text.join('\n');

describe('content signals', () => {
  const cases: Array<{ name: string; code: string; roles: RoleName[] }> = [
    {
      name: 'tRPC core: initTRPC from @trpc/server',
      code: lines("import { initTRPC } from '@trpc/server';", 'const t = initTRPC.context<Ctx>().create();', 'export const router = t.router;'),
      roles: ['trpcCore'],
    },
    {
      name: 'tRPC core: a configured tier built from a builder in a file of its own',
      code: lines("import { t } from './init';", 'export const protectedProcedure = t.procedure.use(auth);'),
      roles: ['trpcCore'],
    },
    {
      name: 'near miss: initTRPC from another module is not tRPC',
      code: lines("import { initTRPC } from './fake';", 'const t = initTRPC.create();'),
      roles: [],
    },
    {
      name: 'near miss: a tier name bound to a plain value',
      code: 'export const adminProcedure = 3;',
      roles: [],
    },
    {
      name: 'routers: procedures with resolvers, through builder methods',
      code: lines(
        "import { protectedProcedure, router } from '../trpc';",
        'export const leadsRouter = router({',
        '  list: protectedProcedure.input(schema).query(({ ctx }) => ctx.db),',
        '  remove: protectedProcedure.mutation(removeLead),',
        '});',
      ),
      roles: ['routers'],
    },
    {
      name: "near miss: a SQL client's query with a string is not a procedure",
      code: lines("import { pool } from './db';", "export const rows = await pool.query('select 1');", 'export const r = wrap({ a: pool.query("x") });'),
      roles: [],
    },
    {
      name: 'app router: exports the type of a router that mounts imported routers',
      code: lines(
        "import { router, publicProcedure } from './trpc';",
        "import { leadsRouter } from './routers/leads';",
        "import { usersRouter } from './routers/users';",
        'export const appRouter = router({ health: publicProcedure.query(() => "ok"), leads: leadsRouter, users: usersRouter });',
        'export type AppRouter = typeof appRouter;',
      ),
      roles: ['appRouter'],
    },
    {
      name: 'app router: routers merged with the core\'s mergeRouters',
      code: lines(
        "import { edgeRouter } from './edge';",
        "import { lambdaRouter } from './lambda';",
        "import { mergeRouters } from './trpc';",
        'export const appRouter = mergeRouters(edgeRouter, lambdaRouter);',
        'export type AppRouter = typeof appRouter;',
      ),
      roles: ['appRouter'],
    },
    {
      name: 'near miss: a domain router mounting a sub-router, with no exported type, stays a router',
      code: lines(
        "import { router, protectedProcedure } from '../trpc';",
        "import { invoicesRouter } from './invoices';",
        'export const financialRouter = router({ invoices: invoicesRouter, summary: protectedProcedure.query(() => null) });',
      ),
      roles: ['routers'],
    },
    {
      name: 'Hono entry: a Hono app served through @hono/node-server',
      code: lines("import { Hono } from 'hono';", "import { serve } from '@hono/node-server';", 'const app = new Hono();', 'serve({ fetch: app.fetch });'),
      roles: ['honoEntry'],
    },
    {
      name: 'Hono entry: a Hono app mounting the tRPC fetch adapter',
      code: lines("import { Hono } from 'hono';", "import { trpcServer } from '@hono/trpc-server';", 'const app = new Hono();', "app.use('/trpc/*', trpcServer({ router }));", 'export default app;'),
      roles: ['honoEntry'],
    },
    {
      name: 'near miss: a Hono sub-app with routes only',
      code: lines("import { Hono } from 'hono';", 'export const leads = new Hono();', "leads.get('/', (c) => c.json([]));"),
      roles: [],
    },
    {
      name: 'db: drizzle() from a driver module',
      code: lines("import { drizzle } from 'drizzle-orm/neon-http';", 'export const db = drizzle(process.env.DATABASE_URL!);'),
      roles: ['db'],
    },
    {
      name: 'db: drizzle() inside a factory function',
      code: lines("import { drizzle } from 'drizzle-orm/node-postgres';", 'export async function getDb() { return drizzle(pool); }'),
      roles: ['db'],
    },
    {
      name: 'near miss: a local function called drizzle',
      code: lines('const drizzle = (x: unknown) => x;', 'export const db = drizzle({});'),
      roles: [],
    },
    {
      name: 'schema: tables from drizzle-orm/pg-core',
      code: lines("import { pgTable, text } from 'drizzle-orm/pg-core';", "export const users = pgTable('users', { id: text('id') });"),
      roles: ['schema'],
    },
    {
      name: 'near miss: only column helpers imported, no table',
      code: lines("import { text } from 'drizzle-orm/pg-core';", "export const id = () => text('id');"),
      roles: [],
    },
    {
      name: 'env: a schema parsing process.env',
      code: lines("import { z } from 'zod';", 'export const env = z.object({ PORT: z.coerce.number() }).parse(process.env);'),
      roles: ['env'],
    },
    {
      name: 'env: t3-env createEnv',
      code: lines("import { createEnv } from '@t3-oss/env-core';", 'export const env = createEnv({ server: {}, runtimeEnv: process.env });'),
      roles: ['env'],
    },
    {
      name: 'near miss: parsing a request body is not the environment',
      code: lines("import { z } from 'zod';", 'export const input = z.object({}).parse(body);', 'export const port = process.env.PORT;'),
      roles: [],
    },
    {
      name: 'logger: exports a pino logger it creates',
      code: lines("import pino from 'pino';", 'export const logger = pino({ level: "info" });'),
      roles: ['logger'],
    },
    {
      name: 'logger: a winston logger exported by name after its declaration',
      code: lines("import winston from 'winston';", 'const log = winston.createLogger({});', 'export { log as logger };'),
      roles: ['logger'],
    },
    {
      name: 'near miss: a logger made for the file alone is not the logger module',
      code: lines("import pino from 'pino';", 'const log = pino();', 'export const handler = () => log.info("x");'),
      roles: [],
    },
    {
      name: 'near miss: uses an imported logger',
      code: lines("import { logger } from './logger';", 'logger.info({ a: 1 }, "hi");'),
      roles: [],
    },
    {
      name: "webhooks: svix's Webhook verifying a payload",
      code: lines("import { Webhook } from 'svix';", 'export const verify = (body: string, headers: Record<string, string>) => new Webhook(secret).verify(body, headers);'),
      roles: ['webhooks'],
    },
    {
      name: "webhooks: Stripe's constructEvent",
      code: 'export const event = (raw: string, sig: string) => stripe.webhooks.constructEvent(raw, sig, secret);',
      roles: ['webhooks'],
    },
    {
      name: 'webhooks: a Hono route on a webhook path with its handler inline',
      code: "export const register = (app: any) => app.post('/api/webhooks/asaas', async (c: any) => c.text('ok'));",
      roles: ['webhooks'],
    },
    {
      name: "near miss: svix's API client and a mount of a webhooks sub-app",
      code: lines("import { Svix } from 'svix';", 'export const svix = new Svix(key);', "app.route('/api/webhooks', webhooks);"),
      roles: [],
    },
    {
      name: 'scheduler: croner, node-cron and Bun.cron',
      code: lines("import { Cron } from 'croner';", "import cron from 'node-cron';", "new Cron('* * * * *', run);", "cron.schedule('0 * * * *', run);", "Bun.cron('x', '* * * * *', run);"),
      roles: ['scheduler'],
    },
    {
      name: 'near miss: a method called schedule on something else',
      code: lines("import { queue } from './queue';", 'queue.schedule(job);'),
      roles: [],
    },
  ];
  for (const { name, code, roles } of cases) {
    it(name, () => expect(rolesOf(code)).toEqual(roles));
    it(`${name} (oxc's tree)`, () => expect(rolesByOxc(code)).toEqual(roles));
  }

  it("gives every fixture file the same content roles from oxc's tree as from typescript-estree's", () => {
    const fixtures = path.resolve(import.meta.dirname, '../fixtures');
    const files = globSync(['backend/**/*.ts', 'cases/**/*.{ts,tsx,js,mjs}'], { cwd: fixtures, absolute: true, ignore: ['**/node_modules/**'] });
    expect(files.length).toBeGreaterThan(100);
    const differing: string[] = [];
    let withRoles = 0;
    for (const file of files) {
      const code = readFileSync(file, 'utf8');
      let estree;
      try {
        estree = parse(code, { jsx: /x$/.test(file), filePath: file });
      } catch {
        continue; // a planted parse error
      }
      const expected = [...contentRoles(estree, { tiers: TIERS })].sort();
      if (expected.length > 0) withRoles++;
      const actual = [...contentRoles(oxcTree(file, code), { tiers: TIERS })].sort();
      if (actual.join() !== expected.join()) differing.push(`${path.relative(fixtures, file)}: ${expected.join()} / ${actual.join()}`);
    }
    expect(withRoles).toBeGreaterThan(30);
    expect(differing).toEqual([]);
  });
});

const tree = (files: Record<string, string>) => project(files, 'bg-roles-');

describe('mayHaveSignals', () => {
  it('lets a file be parsed only when its text holds a signal token', () => {
    expect(mayHaveSignals("import { and, eq } from 'drizzle-orm';\nexport const x = db.query.users.findMany();\n", TIERS)).toBe(false);
    expect(mayHaveSignals("export const db = drizzle(client);\n", TIERS)).toBe(true);
    expect(mayHaveSignals('export const r = router({ a: p\n  .query(() => 1) });\n', TIERS)).toBe(true);
    expect(mayHaveSignals('export const protectedProcedure = t.use(x);\n', TIERS)).toBe(true);
  });
});

describe('roles from globs and content together', () => {
  const ROUTER = "import { protectedProcedure, router } from '../trpc';\nexport const r = router({ list: protectedProcedure.query(() => []) });\n";
  const dir = tree({
    'package.json': JSON.stringify({ dependencies: { hono: '4', '@trpc/server': '11' } }),
    'src/api/leads.ts': ROUTER,
    'src/services/leads.ts': 'export const list = () => [];\n',
    'src/db/client.ts': "import { drizzle } from 'drizzle-orm/postgres-js';\nexport const db = drizzle(url);\n",
    'src/api/leads.test.ts': ROUTER,
    'drizzle.config.ts': 'export default {};\n',
    'index.ts': "import { Hono } from 'hono';\nexport default new Hono();\n",
  });
  const file = (name: string) => path.join(dir, name);
  const roles = (name: string, config: object = {}) => [...createRoleMatcher(parseConfig(config, 'test'), dir).rolesOf(file(name))].sort();

  it('finds routers and the db module by content in a layout of its own', () => {
    expect(roles('src/api/leads.ts')).toEqual(['routers', 'server']);
    expect(roles('src/db/client.ts')).toEqual(['db', 'server']);
    expect(roles('src/services/leads.ts')).toEqual(['server', 'services']);
  });

  it('gives tests and package-root tooling no backend role; a root index is an entry', () => {
    expect(roles('src/api/leads.test.ts')).toEqual(['tests']);
    expect(roles('drizzle.config.ts')).toEqual([]);
    expect(roles('index.ts')).toEqual(['server']);
  });

  it('a configured role is exactly its globs: no content signal adds to it', () => {
    expect(roles('src/api/leads.ts', { roles: { routers: ['src/routers/**'] } })).toEqual(['server']);
    expect(roles('src/services/leads.ts', { roles: { routers: ['src/services/**'] } })).toEqual(['routers', 'server', 'services']);
  });

  it('explains each role: the glob or the content signal', () => {
    const matcher = createRoleMatcher(parseConfig({}, 'test'), dir);
    expect(matcher.explain(file('src/api/leads.ts'))).toEqual([
      { role: 'server', via: 'inferred', detail: 'not client code, a test or tooling' },
      { role: 'routers', via: 'content', detail: 'builds tRPC procedures' },
    ]);
    expect(matcher.explain(file('src/services/leads.ts'))).toContainEqual({ role: 'services', via: 'glob', detail: '**/services/**' });
  });

  it('judges an editor buffer by the tree it is given, not by the file on disk', () => {
    const matcher = createRoleMatcher(parseConfig({}, 'test'), dir);
    const edited = parse("import { drizzle } from 'drizzle-orm/pglite';\nexport const db = drizzle();\n");
    expect([...matcher.rolesOf(file('src/db/client.ts'), edited)].sort()).toEqual(['db', 'server']);
    expect([...matcher.rolesOf(file('src/db/client.ts'), parse('export const x = 1;\n'))].sort()).toEqual(['server']);
  });

  it('content never makes a file of another layer a home: a service that builds a Drizzle client is not the db module', () => {
    const matcher = createRoleMatcher(parseConfig({}, 'test'), dir);
    const service = parse("import { drizzle } from 'drizzle-orm/pglite';\nimport pino from 'pino';\nexport const db = drizzle();\nexport const logger = pino();\n");
    expect([...matcher.rolesOf(file('src/services/leads.ts'), service)].sort()).toEqual(['server', 'services']);
  });
});

describe('server code in a full-stack repository', () => {
  const dir = tree({
    'package.json': JSON.stringify({ workspaces: ['apps/*', 'packages/*'] }),
    'turbo/generators/config.ts': 'export default fetch("https://example.com");\n',
    'apps/web/package.json': JSON.stringify({ dependencies: { next: '15', react: '19' } }),
    'apps/web/src/app/page.tsx': 'export default function Page() { return <div />; }\n',
    'apps/web/src/lib/broken.ts': 'export const = ;\n',
    'apps/full/package.json': JSON.stringify({ dependencies: { next: '15', react: '19', '@trpc/server': '11' } }),
    'apps/full/src/server/api/root.ts': 'export const x = 1;\n',
    'apps/full/src/trpc/react.tsx': "'use client';\nimport { useState } from 'react';\nexport const a = useState;\n",
    'apps/full/src/trpc/query-client.ts': "import { QueryClient } from '@tanstack/react-query';\nexport const q = new QueryClient();\n",
    'apps/api/package.json': JSON.stringify({ main: 'src/main.ts', dependencies: { hono: '4' } }),
    'apps/api/src/main.ts': 'export {};\n',
    'apps/api/vite.config.ts': 'export default {};\n',
    'apps/full/src/app/og/route.tsx': "import { ImageResponse } from 'next/og';\nexport const GET = () => new ImageResponse(<div />);\n",
    'apps/full/src/server/views/page.tsx': "import { jsx } from 'hono/jsx';\nexport const Page = () => <div />;\n",
    'packages/cli/package.json': JSON.stringify({ bin: { acme: 'dist/index.js' }, dependencies: { commander: '12' } }),
    'packages/cli/src/api.ts': 'export const call = () => fetch("https://api.example.com");\n',
  });
  const matcher = createRoleMatcher(parseConfig({}, 'test'), dir);
  const server = (name: string) => matcher.isServer(path.join(dir, name));

  it('a client-only package is not server code, even a file that would not parse', () => {
    expect(server('apps/web/src/app/page.tsx')).toBe(false);
    expect(server('apps/web/src/lib/broken.ts')).toBe(false);
    expect(matcher.whyNotServer(path.join(dir, 'apps/web/src/lib/broken.ts'))).toMatch(/client package/);
  });

  it('in a full-stack package, files are split by their imports and directives', () => {
    expect(server('apps/full/src/server/api/root.ts')).toBe(true);
    expect(server('apps/full/src/trpc/react.tsx')).toBe(false);
    expect(server('apps/full/src/trpc/query-client.ts')).toBe(false);
    // A JSX view is UI even on the server side of Next.js; a Hono JSX view is the server's own.
    expect(server('apps/full/src/app/og/route.tsx')).toBe(false);
    expect(server('apps/full/src/server/views/page.tsx')).toBe(true);
  });

  it('a command-line tool package that depends on no server library is a client of the API', () => {
    expect(server('packages/cli/src/api.ts')).toBe(false);
    expect(matcher.whyNotServer(path.join(dir, 'packages/cli/src/api.ts'))).toMatch(/client package/);
  });

  it("a server package's code is server code, its root tooling is not; a monorepo's own folders are tooling", () => {
    expect(server('apps/api/src/main.ts')).toBe(true);
    expect(server('apps/api/vite.config.ts')).toBe(false);
    expect(server('turbo/generators/config.ts')).toBe(false);
  });

  it('roles.server replaces the inference with globs', () => {
    const pinned = createRoleMatcher(parseConfig({ roles: { server: ['apps/web/**'] } }, 'test'), dir);
    expect(pinned.isServer(path.join(dir, 'apps/web/src/app/page.tsx'))).toBe(true);
    expect(pinned.isServer(path.join(dir, 'apps/api/src/main.ts'))).toBe(false);
  });
});
