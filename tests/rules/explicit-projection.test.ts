import rule from '../../rules/explicit-projection.js';
import { RuleTester, file, typedFile } from '../_utils/rule-tester.js';

const service = file('server/services/leads.ts');
const db = "import { db } from '../db';\nimport { leads } from '../../drizzle/schema';\n";

new RuleTester().run('explicit-projection', rule, {
  valid: [
    { name: 'a select with a projection', filename: service, code: `${db}export const list = () => db.select({ id: leads.id, name: leads.name }).from(leads);` },
    { name: 'a projection held in a const', filename: service, code: `${db}const leadColumns = { id: leads.id };\nexport const list = () => db.selectDistinct(leadColumns).from(leads);` },
    { name: 'select() inside exists(): the columns never reach the caller', filename: service, code: `${db}import { exists, eq } from 'drizzle-orm';\nexport const hasLead = (id: string) => db.select({ one: leads.id }).from(leads).where(exists(db.select().from(leads).where(eq(leads.id, id))));` },
    { name: 'a subquery named with as()', filename: service, code: `${db}export const sq = db.select().from(leads).as('sq');` },
    { name: 'a relational query with columns', filename: service, code: `${db}export const list = () => db.query.leads.findMany({ columns: { id: true, name: true } });` },
    { name: 'a relational query whose options come from a spread', filename: service, code: `${db}export const list = (page: object) => db.query.leads.findFirst({ ...page });` },
    { name: 'relational queries with relationalQueries off', filename: service, options: [{ relationalQueries: false }], code: `${db}export const list = () => db.query.leads.findMany();` },
    { name: 'select() of another library', filename: service, code: "import { select } from 'd3';\nimport { knex } from '../lib/knex';\nexport const s = () => [select('body'), knex.select().from('x'), document.createElement('select')];" },
    { name: 'select() in the db module (not a router or a service)', filename: file('server/db.ts'), code: "import { drizzle } from 'drizzle-orm/node-postgres';\nimport { leads } from '../drizzle/schema';\nconst db = drizzle('x');\nexport const all = () => db.select().from(leads);" },
    { name: 'findMany of a Prisma-like client', filename: service, code: "import { prisma } from '../lib/prisma';\nexport const list = () => prisma.query.leads.findMany();" },
  ],
  invalid: [
    {
      name: 'select() with no projection in a service',
      filename: service,
      code: `${db}export const list = () => db.select().from(leads);`,
      errors: [{ messageId: 'selectAll', line: 3, column: 30, endLine: 3, endColumn: 38 }],
    },
    {
      name: 'selectDistinct() on a transaction',
      filename: service,
      code: `${db}export const list = () => db.transaction(async (tx) => tx.selectDistinct().from(leads));`,
      errors: [{ messageId: 'selectAll', line: 3, column: 59, endLine: 3, endColumn: 75 }],
    },
    {
      name: 'select() on ctx.db in a router resolver',
      filename: file('server/routers/leads.ts'),
      code: "import { protectedProcedure, router } from '../_core/trpc';\nimport { leads } from '../../drizzle/schema';\nexport const leadsRouter = router({\n  list: protectedProcedure.query(({ ctx }) => ctx.db.select().from(leads)),\n});",
      errors: [{ messageId: 'selectAll', line: 4, column: 54, endLine: 4, endColumn: 62 }],
    },
    {
      name: 'findMany() without columns',
      filename: service,
      code: `${db}export const list = () => db.query.leads.findMany({ with: { owner: true } });`,
      errors: [{ messageId: 'findAllColumns', line: 3, column: 42, endLine: 3, endColumn: 77 }],
    },
    {
      name: 'findFirst() with no argument',
      filename: service,
      code: `${db}export const first = () => db.query.leads.findFirst();`,
      errors: [{ messageId: 'findAllColumns', line: 3, column: 43, endLine: 3, endColumn: 54 }],
    },
  ],
});

const dataAccess = typedFile('server/services/data-access.ts');
const pgDb = "import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';\nimport { pgTable, text } from 'drizzle-orm/pg-core';\nconst leads = pgTable('leads', { id: text('id').primaryKey() });\ninterface Ctx { db: PgDatabase<PgQueryResultHKT> }\n";

new RuleTester({ typed: true, filename: dataAccess }).run('explicit-projection (typed)', rule, {
  valid: [
    { name: 'with types, a service ctx.db select with a projection', filename: dataAccess, code: `${pgDb}export const list = (ctx: Ctx) => ctx.db.select({ id: leads.id }).from(leads);` },
    { name: 'with types, select().from() of a query builder that is not Drizzle', filename: dataAccess, code: `${pgDb}declare const builder: { select(): { from(t: unknown): unknown } };\nexport const list = () => builder.select().from(leads);` },
  ],
  invalid: [
    {
      name: 'with types, a service ctx.db select without a projection',
      filename: dataAccess,
      code: `${pgDb}export const list = (ctx: Ctx) => ctx.db.select().from(leads);`,
      errors: [{ messageId: 'selectAll', line: 5, column: 42, endLine: 5, endColumn: 50 }],
    },
  ],
});
