import rule from '../../rules/thin-handler.js';
import { RuleTester, file } from '../_utils/rule-tester.js';

const router = file('server/routers/leads.ts');
const trpc = "import { protectedProcedure, router } from '../_core/trpc';\nimport * as leadsService from '../services/leads';\n";
const hono = "import { Hono } from 'hono';\nimport { db } from '../db';\nimport { leads, tasks } from '../../drizzle/schema';\n";
const statements = (n: number) => Array.from({ length: n }, (_, i) => `    const v${i} = input.values[${i}];`).join('\n');

new RuleTester().run('thin-handler', rule, {
  valid: [
    { name: 'a resolver that calls its service', filename: router, code: `${trpc}export const leadsRouter = router({\n  create: protectedProcedure.mutation(({ ctx, input }) => leadsService.createLead(ctx, input)),\n});` },
    { name: 'a resolver at the statement limit', filename: router, code: `${trpc}export const leadsRouter = router({\n  create: protectedProcedure.mutation(({ input }) => {\n${statements(19)}\n    return v0;\n  }),\n});` },
    { name: 'guard clauses of a route handler do not count', filename: file('server/webhooks/index.ts'), code: `import { Hono } from 'hono';\nconst app = new Hono();\napp.post('/hook', async (c) => {\n  const token = c.req.header('x-token');\n  if (!token) {\n    log('missing');\n    log('really missing');\n    return c.json({ error: 'unauthorized' }, 401);\n  }\n  let body: unknown;\n  try {\n    body = await c.req.json();\n  } catch (error) {\n    log(error);\n    log('invalid');\n    return c.json({ error: 'invalid_json' }, 400);\n  }\n${'  check(body);\n'.repeat(14)}  return c.json({ ok: true });\n});` },
    { name: 'two database calls in a resolver with maxDbCalls 2, one with maxDbCalls 1', filename: router, options: [{ maxStatements: 20, maxDbCalls: 1 }], code: `${trpc}import { leads } from '../../drizzle/schema';\nexport const leadsRouter = router({\n  count: protectedProcedure.query(({ ctx }) => ctx.db.$count(leads)),\n});` },
    { name: 'two database calls in a resolver', filename: router, code: `${trpc}import { eq } from 'drizzle-orm';\nimport { leads } from '../../drizzle/schema';\nexport const leadsRouter = router({\n  get: protectedProcedure.query(async ({ ctx, input }) => {\n    const [lead] = await ctx.db.select().from(leads).where(eq(leads.id, input.id));\n    const count = await ctx.db.$count(leads);\n    return { lead, count };\n  }),\n});` },
    { name: 'awaits in a map callback (parallel, not a loop)', filename: router, code: `${trpc}export const leadsRouter = router({\n  touch: protectedProcedure.mutation(({ ctx, input }) => Promise.all(input.ids.map(async (id) => await leadsService.touch(ctx, id)))),\n});` },
    { name: 'a loop without await in a resolver', filename: router, code: `${trpc}export const leadsRouter = router({\n  sum: protectedProcedure.query(({ input }) => {\n    let total = 0;\n    for (const value of input.values) total += value;\n    return total;\n  }),\n});` },
    { name: 'a transaction in a service is where it belongs', filename: file('server/services/leads.ts'), code: "import { db } from '../db';\nexport const move = (id: string) => db.transaction(async (tx) => {\n  for (const x of [1, 2]) await tx.execute(x as never);\n});" },
    { name: 'a transaction method of something that is not a Drizzle db', filename: router, code: `${trpc}export const leadsRouter = router({\n  run: protectedProcedure.mutation(({ ctx }) => ctx.queue.transaction(async () => {})),\n});` },
    { name: 'route-shaped calls on an object that is not a Hono app', filename: file('server/_core/index.ts'), code: "import { Hono } from 'hono';\nimport { Router } from 'express';\nconst r = Router();\nr.post('/x', async (req) => { for (const a of req.body) await save(a); });\nexport const app = new Hono();" },
    { name: 'a Hono route with a thin handler, in a chained app', filename: file('server/_core/index.ts'), code: `${hono}export const app = new Hono().basePath('/api').get('/leads', async (c) => c.json(await listLeads()));` },
    { name: 'db destructured from something other than the resolver context', filename: router, code: `${trpc}export const leadsRouter = router({\n  move: protectedProcedure.mutation(({ input: { db } }) => db.transaction(async () => {})),\n});` },
    { name: 'a route path string is not a handler', filename: file('server/_core/index.ts'), code: "import { Hono } from 'hono';\nconst app = new Hono();\napp.get((c) => c.text('x'));" },
  ],
  invalid: [
    {
      name: 'a resolver over the statement limit',
      filename: router,
      code: `${trpc}export const leadsRouter = router({\n  create: protectedProcedure.mutation(({ input }) => {\n${statements(20)}\n    return v0;\n  }),\n});`,
      errors: [{ messageId: 'tooManyStatements', line: 4, column: 30, endLine: 4, endColumn: 38 }],
    },
    {
      name: 'a lower maxStatements option',
      filename: router,
      options: [{ maxStatements: 2, maxDbCalls: 2 }],
      code: `${trpc}export const leadsRouter = router({\n  create: protectedProcedure.mutation(({ input }) => {\n${statements(2)}\n    return v0;\n  }),\n});`,
      errors: [{ messageId: 'tooManyStatements', line: 4, column: 30, endLine: 4, endColumn: 38 }],
    },
    {
      name: 'a lower maxDbCalls option',
      filename: router,
      options: [{ maxStatements: 20, maxDbCalls: 1 }],
      code: `${trpc}import { leads } from '../../drizzle/schema';\nexport const leadsRouter = router({\n  get: protectedProcedure.query(async ({ ctx }) => [await ctx.db.$count(leads), await ctx.db.select().from(leads)]),\n});`,
      errors: [{ messageId: 'tooManyDbCalls', line: 5, column: 27, endLine: 5, endColumn: 32 }],
    },
    {
      name: 'a transaction on ctx.db in a resolver (its inner loop is not reported again)',
      filename: router,
      code: `${trpc}import { leads } from '../../drizzle/schema';\nexport const leadsRouter = router({\n  archive: protectedProcedure.mutation(({ ctx, input }) =>\n    ctx.db.transaction(async (tx) => {\n      await tx.update(leads).set({ status: 'lost' });\n      await tx.insert(leads).values(input);\n      for (const id of input.ids) await tx.delete(leads).where(id);\n    }),\n  ),\n});`,
      errors: [{ messageId: 'transactionInHandler', line: 6, column: 12, endLine: 6, endColumn: 23 }],
    },
    {
      name: 'an awaited call in a for-of loop of a resolver',
      filename: router,
      code: `${trpc}export const leadsRouter = router({\n  import: protectedProcedure.mutation(async ({ ctx, input }) => {\n    for (const lead of input.leads) {\n      await leadsService.createLead(ctx, lead);\n    }\n  }),\n});`,
      errors: [{ messageId: 'awaitInLoop', line: 6, column: 7, endLine: 6, endColumn: 47 }],
    },
    {
      name: 'three database calls in a resolver (opts.ctx.db)',
      filename: router,
      code: `${trpc}import { leads } from '../../drizzle/schema';\nexport const leadsRouter = router({\n  sync: protectedProcedure.mutation(async (opts) => {\n    const rows = await opts.ctx.db.select().from(leads);\n    await opts.ctx.db.insert(leads).values(rows);\n    return opts.ctx.db.query.leads.findMany();\n  }),\n});`,
      errors: [{ messageId: 'tooManyDbCalls', line: 5, column: 28, endLine: 5, endColumn: 36 }],
    },
    {
      name: 'a Hono route handler with a while loop and three db calls',
      filename: file('server/_core/index.ts'),
      code: `${hono}const app = new Hono();\napp.post('/tasks/close', async (c) => {\n  let page = await db.select().from(tasks).limit(10);\n  while (page.length > 0) {\n    page = await db.select().from(tasks).limit(10);\n  }\n  await db.delete(leads);\n  return c.json({ ok: true });\n});`,
      errors: [
        { messageId: 'tooManyDbCalls', line: 5, column: 5, endLine: 5, endColumn: 9 },
        { messageId: 'awaitInLoop', line: 8, column: 12, endLine: 8, endColumn: 51 },
      ],
    },
    {
      name: 'a transaction on db destructured from the resolver context',
      filename: router,
      code: `${trpc}export const leadsRouter = router({\n  move: protectedProcedure.mutation(({ ctx: { db } }) => db.transaction(async () => {})),\n});`,
      errors: [{ messageId: 'transactionInHandler', line: 4, column: 61, endLine: 4, endColumn: 72 }],
    },
    {
      name: 'a transaction in a sub-app route typed as Hono',
      filename: file('server/webhooks/index.ts'),
      code: `${hono}export function mount(app: Hono) {\n  app.on('POST', '/replay', async (c) => {\n    await db.transaction(async (tx) => tx.delete(leads));\n    return c.body(null, 204);\n  });\n}`,
      errors: [{ messageId: 'transactionInHandler', line: 6, column: 14, endLine: 6, endColumn: 25 }],
    },
  ],
});
