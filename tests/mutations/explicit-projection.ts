// explicit-projection (strict preset): selects that return every column. The CLI runs the
// recommended preset, so each mutated file turns the strict rule on with an inline config
// comment, as a team adopting it file by file would.
import type { Mutation } from '../_utils/mutation-harness.js';

const ON = '/* eslint backend-guard/explicit-projection: "error" */\n';

export const mutations: Mutation[] = [
  {
    name: 'a task lookup that drops its column list (ctx.db in a service, by type)',
    file: 'server/services/tasks.ts',
    find: '// Tasks: a mentorado\'s to-dos, optionally about one of their leads.\n',
    replace: `${ON}// Tasks: a mentorado's to-dos, optionally about one of their leads.\n`,
    edits: [
      {
        find: '  const [row] = await ctx.db\n    .select(taskColumns)\n    .from(tasks)\n    .where(and(eq(tasks.id, id), ownedBy(ctx, tasks.mentoradoId)))',
        replace: '  const [row] = await ctx.db\n    .select()\n    .from(tasks)\n    .where(and(eq(tasks.id, id), ownedBy(ctx, tasks.mentoradoId)))',
      },
    ],
    types: true,
    expect: [{ ruleId: 'explicit-projection', at: 'select()' }],
  },
  {
    name: 'an audit listing that returns whole rows (db: Db parameter)',
    file: 'server/services/audit.ts',
    find: "import { auditLog } from '../../drizzle/schema';\n",
    replace: `${ON}import { auditLog } from '../../drizzle/schema';\n`,
    edits: [
      {
        find: '/** Appends one audit record (LGPD and admin actions). Pass the transaction when inside one. */',
        replace: `/** The latest audit records. */
export const latestAudit = (db: Db) => db.select().from(auditLog).limit(100);

/** Appends one audit record (LGPD and admin actions). Pass the transaction when inside one. */`,
      },
    ],
    expect: [{ ruleId: 'explicit-projection', at: 'select().from(auditLog)' }],
  },
  {
    name: 'a router resolver that selects every task column through ctx.db',
    file: 'server/routers/tasks.ts',
    find: "import { mentoradoProcedure, router } from '../_core/trpc';\n",
    replace: `${ON}import { mentoradoProcedure, router } from '../_core/trpc';\nimport { eq } from 'drizzle-orm';\nimport { tasks } from '../../drizzle/schema';\n`,
    edits: [
      {
        find: '  list: mentoradoProcedure\n',
        replace: '  raw: mentoradoProcedure.input(idInput).query(({ ctx, input }) => ctx.db.select().from(tasks).where(eq(tasks.id, input.id))),\n  list: mentoradoProcedure\n',
      },
    ],
    expect: [{ ruleId: 'explicit-projection', at: 'select().from(tasks)' }],
  },
  {
    name: 'a user lookup through the relational API without columns (by type)',
    file: 'server/services/users.ts',
    find: '// Users: profiles, roles and plans, and the Clerk lifecycle (called by the Clerk webhook).\n',
    replace: `${ON}// Users: profiles, roles and plans, and the Clerk lifecycle (called by the Clerk webhook).\n`,
    edits: [
      {
        find: 'export async function getUser(ctx: UserCtx, id: string) {',
        replace: `export const findUser = (ctx: UserCtx, id: string) => ctx.db.query.users.findFirst({ where: eq(users.id, id) });

export async function getUser(ctx: UserCtx, id: string) {`,
      },
    ],
    types: true,
    expect: [{ ruleId: 'explicit-projection', at: 'findFirst({ where' }],
  },
  {
    name: 'a retention report that selects whole job-run rows with selectDistinct',
    file: 'server/services/retention.ts',
    find: '// LGPD retention: personal data',
    replace: `${ON}// LGPD retention: personal data`,
    edits: [
      {
        find: 'export async function applyRetentionPolicy(',
        replace: `/** Distinct failed runs, for the retention report. */
export const failedRuns = (db: Db) => db.selectDistinct().from(jobRuns).where(eq(jobRuns.status, 'failed'));

export async function applyRetentionPolicy(`,
      },
    ],
    expect: [{ ruleId: 'explicit-projection', at: 'selectDistinct()' }],
  },
];
