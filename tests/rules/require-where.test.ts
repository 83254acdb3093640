import path from 'node:path';
import rule from '../../rules/require-where.js';
import { RuleTester, file, typedFile } from '../_utils/rule-tester.js';

const service = file('server/services/leads.ts');
const router = file('server/routers/leads.ts');
const db = "import { db } from '../db';\nimport { leads } from '../../drizzle/schema';\n";

new RuleTester().run('require-where', rule, {
  valid: [
    { name: 'a delete with a where clause', filename: service, code: `${db}import { eq } from 'drizzle-orm';\nexport const remove = (id: string) => db.delete(leads).where(eq(leads.id, id));` },
    { name: 'an update with set and where, then returning', filename: service, code: `${db}import { eq } from 'drizzle-orm';\nexport async function rename(id: string, name: string) {\n  return db.update(leads).set({ name }).where(eq(leads.id, id)).returning();\n}` },
    { name: 'a where after returning is still a where', filename: service, code: `${db}import { eq } from 'drizzle-orm';\nexport const remove = (id: string) => db.delete(leads).returning().where(eq(leads.id, id));` },
    { name: 'a query stored to receive its where later', filename: service, code: `${db}import { eq } from 'drizzle-orm';\nexport async function remove(id?: string) {\n  let query = db.delete(leads);\n  if (id) query = query.where(eq(leads.id, id)) as never;\n  await query;\n}` },
    { name: 'a dynamic query whose conditions are added elsewhere', filename: service, code: `${db}export const base = () => applyFilters(db.update(leads).set({ notes: null }).$dynamic());` },
    { name: 'Map#delete', filename: service, code: 'const cache = new Map<string, number>();\nexport const forget = async (key: string) => { await Promise.resolve(); return cache.delete(key); };' },
    { name: 'URLSearchParams#delete', filename: service, code: "export function strip(url: URL) {\n  const params = new URLSearchParams(url.search);\n  params.delete('token');\n  return params;\n}" },
    { name: 'a hash update (no set in the chain)', filename: service, code: "import { createHash } from 'node:crypto';\nexport const digest = (body: string) => createHash('sha256').update(body).digest('hex');" },
    { name: 'axios.delete with a URL', filename: service, code: "import axios from 'axios';\nexport const drop = (url: string) => axios.delete(url);" },
    { name: 'a redis client deleting keys', filename: service, code: "import { Redis } from 'ioredis';\nconst redis = new Redis();\nexport const drop = async (key: string) => redis.del(key);\nexport const dropMany = async (set: Set<string>, key: string) => { await set.delete(key); };" },
    { name: 'an update with set on a non-Drizzle store', filename: service, code: "import { store } from '../lib/store';\nexport const save = async (key: string) => store.update(key).set({ seen: true });" },
    { name: 'delete on a ctx that is not a tRPC resolver context', filename: service, code: `${db}export const drop = async (ctx: { db: { delete(t: unknown): Promise<void> } }) => { await ctx.db.delete(leads); };` },
    { name: 'a db update without set is not a statement yet', filename: service, code: `${db}export const builder = () => db.update(leads);` },
    { name: 'deletes in migration files are out of scope', filename: file('drizzle/0001_seed.ts'), code: `import { db } from '../server/db';\nimport { leads } from './schema';\nexport const reset = () => db.delete(leads);`, settings: { 'backend-guard': { root: file(''), config: { roles: { migrations: ['drizzle/*.ts'] } } } } },
    { name: 'files outside server code', filename: file('scripts/reset.ts'), code: "import { db } from '../server/db';\nimport { leads } from '../drizzle/schema';\nexport const reset = () => db.delete(leads);" },
  ],
  invalid: [
    {
      name: 'a delete of the db module without where',
      filename: service,
      code: `${db}export const purge = () => db.delete(leads);`,
      errors: [{ messageId: 'deleteWithoutWhere', line: 3, column: 31, endLine: 3, endColumn: 44 }],
    },
    {
      name: 'an update with set and returning but no where',
      filename: service,
      code: `${db}export async function reset() {\n  await db\n    .update(leads)\n    .set({ notes: null })\n    .returning();\n}`,
      errors: [{ messageId: 'updateWithoutWhere', line: 5, column: 6, endLine: 5, endColumn: 19 }],
    },
    {
      name: 'tx inside db.transaction',
      filename: service,
      code: `${db}export const wipe = () =>\n  db.transaction(async (tx) => {\n    await tx.delete(leads);\n  });`,
      errors: [{ messageId: 'deleteWithoutWhere', line: 5, column: 14, endLine: 5, endColumn: 27 }],
    },
    {
      name: 'a db built by drizzle() in the same file',
      filename: file('server/jobs/reset.ts'),
      code: "import { drizzle } from 'drizzle-orm/node-postgres';\nimport { leads } from '../../drizzle/schema';\nconst db = drizzle(process.env.DATABASE_URL!);\nexport const reset = async () => { await db.update(leads).set({ status: 'new' }); };",
      errors: [{ messageId: 'updateWithoutWhere', line: 4, column: 45, endLine: 4, endColumn: 58 }],
    },
    {
      name: 'ctx.db in a tRPC resolver, schema table through a namespace',
      filename: router,
      code: "import { protectedProcedure, router } from '../_core/trpc';\nimport * as schema from '../../drizzle/schema';\nexport const leadsRouter = router({\n  clear: protectedProcedure.mutation(({ ctx }) => ctx.db.delete(schema.leads)),\n});",
      errors: [{ messageId: 'deleteWithoutWhere', line: 4, column: 58, endLine: 4, endColumn: 78 }],
    },
    {
      name: 'opts.ctx.db in a resolver, inside Promise.all',
      filename: router,
      code: "import { protectedProcedure, router } from '../_core/trpc';\nimport { leads, tasks } from '../../drizzle/schema';\nexport const leadsRouter = router({\n  clear: protectedProcedure.mutation(async (opts) => {\n    await Promise.all([opts.ctx.db.delete(leads), opts.ctx.db.delete(tasks)]);\n  }),\n});",
      errors: [
        { messageId: 'deleteWithoutWhere', line: 5, column: 36, endLine: 5, endColumn: 49 },
        { messageId: 'deleteWithoutWhere', line: 5, column: 63, endLine: 5, endColumn: 76 },
      ],
    },
    {
      name: 'a parameter annotated with the db module Db type',
      filename: service,
      code: "import type { Db } from '../db';\nimport { leads } from '../../drizzle/schema';\nexport const archiveAll = (database: Db) => database.update(leads).set({ status: 'lost' });",
      errors: [{ messageId: 'updateWithoutWhere', line: 3, column: 54, endLine: 3, endColumn: 67 }],
    },
  ],
});

// A monorepo whose db package is imported by name (tests/fixtures/workspace, no node_modules).
const WORKSPACE = path.resolve(import.meta.dirname, '../fixtures/workspace');
const api = path.join(WORKSPACE, 'packages/api/src/leads.ts');
const workspaceSettings = { 'backend-guard': { root: WORKSPACE, config: { roles: { server: ['packages/**'], db: ['packages/db/src/**'] } } } };

new RuleTester().run('require-where (workspace packages)', rule, {
  valid: [
    { name: 'a delete with where on a db imported from the workspace db package', filename: api, settings: workspaceSettings, code: "import { eq } from 'drizzle-orm';\nimport { db } from '@acme/db';\nimport { leads } from './schema';\nexport const drop = (id: string) => db.delete(leads).where(eq(leads.id, id));" },
    { name: 'a delete on a db of a third-party package that merely shares the name', filename: api, settings: workspaceSettings, code: "import { db } from '@vendor/db';\nimport { leads } from './schema';\nexport const drop = () => db.delete(leads);" },
  ],
  invalid: [
    {
      name: 'a delete without where on a db imported from the workspace db package subpath',
      filename: api,
      settings: workspaceSettings,
      code: "import { db } from '@acme/db/client';\nimport { leads } from './schema';\nexport const drop = () => db.delete(leads);",
      errors: [{ messageId: 'deleteWithoutWhere', line: 3, column: 30, endLine: 3, endColumn: 43 }],
    },
  ],
});

const dataAccess = typedFile('server/services/data-access.ts');
const pgDb = "import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';\nimport { pgTable, text } from 'drizzle-orm/pg-core';\nconst leads = pgTable('leads', { id: text('id').primaryKey(), note: text('note') });\ninterface Ctx { db: PgDatabase<PgQueryResultHKT> }\n";

new RuleTester({ typed: true, filename: dataAccess }).run('require-where (typed)', rule, {
  valid: [
    { name: 'with types, a ctx.db delete with where', filename: dataAccess, code: `${pgDb}import { eq } from 'drizzle-orm';\nexport const drop = (ctx: Ctx, id: string) => ctx.db.delete(leads).where(eq(leads.id, id));` },
    { name: 'with types, a Map reached through a property', filename: dataAccess, code: `${pgDb}export const drop = (holder: { cache: Map<unknown, number> }) => holder.cache.delete(leads);` },
  ],
  invalid: [
    {
      name: 'with types, a service ctx.db delete without where',
      filename: dataAccess,
      code: `${pgDb}export const drop = (ctx: Ctx) => ctx.db.delete(leads);`,
      errors: [{ messageId: 'deleteWithoutWhere', line: 5, column: 42, endLine: 5, endColumn: 55 }],
    },
  ],
});
