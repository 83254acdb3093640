// no-unsafe-sql: SQL text assembled from strings instead of Drizzle's bound parameters.
import type { Mutation } from '../_utils/mutation-harness.js';

export const mutations: Mutation[] = [
  {
    name: 'user input passed to sql.raw as the sort column',
    file: 'server/services/leads.ts',
    find: "import { and, desc, eq, ilike, isNull, ne } from 'drizzle-orm';",
    replace: "import { and, desc, eq, ilike, isNull, ne, sql } from 'drizzle-orm';",
    edits: [
      {
        find: '/** Escapes LIKE wildcards so a search term matches literally. */',
        replace: `/** Leads sorted by a column the client picks. */
export const sortedLeads = (ctx: MentoradoCtx, input: { orderBy: string }) =>
  ctx.db.select(leadColumns).from(leads).where(ownedBy(ctx, leads.mentoradoId)).orderBy(sql.raw(input.orderBy));

/** Escapes LIKE wildcards so a search term matches literally. */`,
      },
    ],
    expect: [{ ruleId: 'no-unsafe-sql', at: 'input.orderBy)' }],
  },
  {
    name: 'a renamed sql import whose raw chunk is a template with runtime values',
    file: 'server/services/tags.ts',
    find: "import { and, asc, desc, eq, ne } from 'drizzle-orm';",
    replace: "import { and, asc, desc, eq, ne, sql as dsql } from 'drizzle-orm';",
    edits: [
      {
        find: 'export async function listTags(',
        replace: `export const tagOrder = (column: string, direction: string) => dsql.raw(\`\${column} \${direction}\`);

export async function listTags(`,
      },
    ],
    expect: [{ ruleId: 'no-unsafe-sql', at: '`${column} ${direction}`' }],
  },
  {
    name: 'db.execute given a plain string (a Db-typed parameter)',
    file: 'server/services/retention.ts',
    find: 'const DAY_MS = 24 * 60 * 60 * 1000;',
    replace: `const DAY_MS = 24 * 60 * 60 * 1000;

/** Refreshes planner statistics after a purge. */
export const analyzeUsers = (db: Db) => db.execute('analyze users');`,
    expect: [{ ruleId: 'no-unsafe-sql', at: "'analyze users'" }],
  },
  {
    name: 'db.execute given an untagged template with an interpolated value',
    file: 'server/webhooks/store.ts',
    find: '/** Puts one dead (or failed) event back in the inbox with a fresh attempt budget. */',
    replace: `/** Drops processed events older than \`days\`. */
export const purgeProcessed = (db: Db, days: number) =>
  db.execute(\`delete from webhook_events where status = 'processed' and received_at < now() - interval '\${days} days'\`);

/** Puts one dead (or failed) event back in the inbox with a fresh attempt budget. */`,
    expect: [{ ruleId: 'no-unsafe-sql', at: "`delete from webhook_events" }],
  },
  {
    name: 'a const statement string given to db.execute',
    file: 'server/services/audit.ts',
    find: '/** Appends one audit record (LGPD and admin actions). Pass the transaction when inside one. */',
    replace: `/** Yearly audit purge. */
export async function purgeOldAudit(db: Db): Promise<void> {
  const statement = "delete from audit_log where created_at < now() - interval '1 year'";
  await db.execute(statement);
}

/** Appends one audit record (LGPD and admin actions). Pass the transaction when inside one. */`,
    expect: [{ ruleId: 'no-unsafe-sql', at: 'statement);' }],
  },
  {
    name: 'a string-concatenated statement given to tx.execute inside a transaction',
    file: 'server/services/users.ts',
    find: '/** Soft-deletes the user of a deleted Clerk identity (idempotent), then drops its cached session. */',
    replace: `/** Moves a user to a new Clerk identity. */
export async function relinkClerkId(db: Db, from: string, to: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute("UPDATE users SET clerk_id = '" + to + "' WHERE clerk_id = '" + from + "'");
  });
}

/** Soft-deletes the user of a deleted Clerk identity (idempotent), then drops its cached session. */`,
    expect: [{ ruleId: 'no-unsafe-sql', at: `"UPDATE users SET` }],
  },
  {
    name: 'SQL assembled by string concatenation in a helper',
    file: 'server/services/metrics.ts',
    find: '/** The caller\'s own sales dashboard (an admin sees the figures across all mentorados). */',
    replace: `/** Statement for the BI export. */
export const leadCountSql = (mentoradoId: string) =>
  "SELECT count(*) AS total FROM leads WHERE mentorado_id = '" + mentoradoId + "'";

/** The caller's own sales dashboard (an admin sees the figures across all mentorados). */`,
    expect: [{ ruleId: 'no-unsafe-sql', at: `"SELECT count(*)` }],
  },
  {
    name: 'ctx.db.execute given a string parameter (recognised by type)',
    file: 'server/services/settings.ts',
    find: 'export async function setSetting(',
    replace: `export const runMaintenance = (ctx: MentoradoCtx, statement: string) => ctx.db.execute(statement);

export async function setSetting(`,
    types: true,
    expect: [{ ruleId: 'no-unsafe-sql', at: 'statement);' }],
  },
  {
    name: 'sql.raw reached through a namespace import of drizzle-orm, with a WHERE built from input',
    file: 'server/services/goals.ts',
    find: "import { afterCursor, toPage } from '../lib/pagination';",
    replace: `import { afterCursor, toPage } from '../lib/pagination';
import * as orm from 'drizzle-orm';

export const goalFilter = (field: string, value: string) => orm.sql.raw(field + " = '" + value + "'");`,
    expect: [{ ruleId: 'no-unsafe-sql', at: `field + " = '"` }],
  },
  {
    name: 'sql.raw through a const alias of sql, the argument a runtime property',
    file: 'server/services/enrollments.ts',
    find: "import { and, desc, eq, inArray } from 'drizzle-orm';",
    replace: `import { and, desc, eq, inArray, sql } from 'drizzle-orm';

const q = sql;
export const enrollmentOrder = (options: { sort: string }) => q.raw(options.sort);`,
    expect: [{ ruleId: 'no-unsafe-sql', at: 'options.sort)' }],
  },
  {
    name: "db.execute given a plain string, on a db obtained from the db module's getter",
    file: 'server/services/audit.ts',
    find: "import type { Db } from '../db';",
    replace: `import { getDb, type Db } from '../db';

/** Reclaims the audit table's space after a purge. */
export async function vacuumAudit(): Promise<void> {
  const database = await getDb();
  await database.execute("vacuum analyze audit_log");
}`,
    edits: [{ file: 'server/db.ts', find: 'export const db: Db = driver.db;', replace: 'export const db: Db = driver.db;\n\n/** The db, for callers that resolve it lazily. */\nexport const getDb = async (): Promise<Db> => db;' }],
    expect: [{ ruleId: 'no-unsafe-sql', at: '"vacuum analyze audit_log"' }],
  },
  {
    name: 'an untagged template given to execute on the awaited getter itself',
    file: 'server/services/retention.ts',
    find: "import type { Db } from '../db';",
    replace: `import { getDb, type Db } from '../db';

/** Drops job runs older than \`days\`. */
export const purgeJobRuns = async (days: number) =>
  (await getDb()).execute(\`delete from job_runs where finished_at < now() - interval '\${days} days'\`);`,
    edits: [{ file: 'server/db.ts', find: 'export const db: Db = driver.db;', replace: 'export const db: Db = driver.db;\n\n/** The db, for callers that resolve it lazily. */\nexport const getDb = async (): Promise<Db> => db;' }],
    expect: [{ ruleId: 'no-unsafe-sql', at: '`delete from job_runs' }],
  },
  {
    name: 'UPDATE … SET with the assignment list interpolated from the input keys',
    file: 'server/services/customFields.ts',
    find: "import { afterCursor, toPage } from '../lib/pagination';",
    replace: `import { afterCursor, toPage } from '../lib/pagination';

/** Statement for bulk edits from the import screen. */
export const bulkUpdateSql = (changes: Record<string, string>) =>
  \`UPDATE custom_fields SET \${Object.keys(changes).map((key, index) => \`\${key} = $\${index + 1}\`).join(', ')} WHERE id = $0\`;`,
    expect: [{ ruleId: 'no-unsafe-sql', at: '`UPDATE custom_fields SET' }],
  },
  {
    name: 'a query built with += and given to db.execute',
    file: 'server/services/tags.ts',
    find: 'const duplicateName = () =>',
    replace: `/** Tag ids by name, for the legacy search box. */
export async function searchTagIds(db: Db, name?: string) {
  let query = 'SELECT id FROM tags WHERE 1=1';
  if (name) query += \` AND name ILIKE '%\${name}%'\`;
  return db.execute(query);
}

const duplicateName = () =>`,
    expect: [{ ruleId: 'no-unsafe-sql', at: 'query);' }],
  },
  {
    name: 'an ORDER BY clause built with += and given to sql.raw: the call is named as written',
    file: 'server/services/leads.ts',
    find: "import { and, desc, eq, ilike, isNull, ne } from 'drizzle-orm';",
    replace: "import { and, desc, eq, ilike, isNull, ne, sql as dsql } from 'drizzle-orm';",
    edits: [
      {
        find: '/** Escapes LIKE wildcards so a search term matches literally. */',
        replace: `/** The ORDER BY chunk of the export, from the column the client picks. */
export function exportOrder(column: string) {
  let clause = 'ORDER BY ';
  clause += column;
  return dsql.raw(clause);
}

/** Escapes LIKE wildcards so a search term matches literally. */`,
      },
    ],
    expect: [{ ruleId: 'no-unsafe-sql', at: 'clause);' }],
  },
];
