// drizzle-only-sql: a SQL driver or the raw client outside the db module.
import type { Mutation } from '../_utils/mutation-harness.js';

export const mutations: Mutation[] = [
  {
    name: 'a service opens its own pg Pool for a report',
    file: 'server/services/metrics.ts',
    find: "import { ownedBy, type MentoradoCtx } from '../lib/ownership';",
    replace: `import { ownedBy, type MentoradoCtx } from '../lib/ownership';
import { Pool } from 'pg';
import { env } from '../_core/env';

const reportingPool = new Pool({ connectionString: env.DATABASE_URL, max: 2 });
export const countLeadsRaw = () => reportingPool.query('select count(*) as n from leads');`,
    expect: [{ ruleId: 'drizzle-only-sql', at: "'pg'" }],
  },
  {
    name: 'a router imports postgres.js (default import) for a quick lookup',
    file: 'server/routers/leads.ts',
    find: "import * as leadsService from '../services/leads';",
    replace: `import * as leadsService from '../services/leads';
import postgres from 'postgres';
import { env } from '../_core/env';

const pg = postgres(env.DATABASE_URL ?? '');
export const countLeads = () => pg\`select count(*) from leads\`;`,
    expect: [{ ruleId: 'drizzle-only-sql', at: "'postgres'" }],
  },
  {
    name: "a job requires '@neondatabase/serverless' (Bun's require in ESM; a type-only import beside it)",
    file: 'server/jobs/definitions.ts',
    find: "import type { JobFn, JobWindowSpec } from './runner';",
    replace: `import type { JobFn, JobWindowSpec } from './runner';
import type { NeonQueryFunction } from '@neondatabase/serverless';

const { neon } = require('@neondatabase/serverless') as { neon: (url: string) => NeonQueryFunction<false, false> };
export const warmUp = (url: string) => neon(url)\`select 1\`;`,
    expect: [{ ruleId: 'drizzle-only-sql', at: "'@neondatabase/serverless') as" }],
  },
  {
    name: "a service requires 'pg' through createRequire(import.meta.url) (Node ESM)",
    file: 'server/services/students.ts',
    find: "import { afterCursor, toPage } from '../lib/pagination';",
    replace: `import { afterCursor, toPage } from '../lib/pagination';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { Pool } = require('pg') as typeof import('pg');
export const studentsPool = (url: string) => new Pool({ connectionString: url });`,
    expect: [{ ruleId: 'drizzle-only-sql', at: "'pg') as" }],
  },
  {
    name: "a webhook module builds a Kysely instance (named imports from 'kysely')",
    file: 'server/webhooks/verify.ts',
    find: "import type { WebhookEvent } from '@clerk/backend/webhooks';",
    replace: `import type { WebhookEvent } from '@clerk/backend/webhooks';
import { Kysely, PostgresDialect } from 'kysely';

export const makeInboxQueryBuilder = (dialect: PostgresDialect) => new Kysely<Record<string, never>>({ dialect });`,
    expect: [{ ruleId: 'drizzle-only-sql', at: "'kysely'" }],
  },
  {
    name: "a shared lib module re-exports everything from 'pg' (export * from)",
    file: 'server/lib/engagement.ts',
    find: "import type { Db } from '../db';",
    replace: "import type { Db } from '../db';\n\nexport * from 'pg';",
    expect: [{ ruleId: 'drizzle-only-sql', at: "'pg'" }],
  },
  {
    name: "a webhook helper loads pg lazily with await import('pg')",
    file: 'server/webhooks/store.ts',
    find: '/** Puts one dead (or failed) event back in the inbox with a fresh attempt budget. */',
    replace: `/** Counts the inbox straight from the driver (no Drizzle). */
export async function countInboxRaw(url: string): Promise<number> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  const result = await client.query('select count(*)::int as n from webhook_events');
  return Number(result.rows[0]?.n ?? 0);
}

/** Puts one dead (or failed) event back in the inbox with a fresh attempt budget. */`,
    expect: [{ ruleId: 'drizzle-only-sql', at: "'pg')" }],
  },
  {
    name: "a lib module re-exports pg's Pool (export … from)",
    file: 'server/lib/pagination.ts',
    find: "import { TRPCError } from '@trpc/server';",
    replace: "import { TRPCError } from '@trpc/server';\n\nexport { Pool as PgPool } from 'pg';\nexport type { PoolConfig } from 'pg';",
    expect: [{ ruleId: 'drizzle-only-sql', at: "'pg';\nexport type" }],
  },
  {
    name: 'a service reaches the raw driver through db.$client of the imported db',
    file: 'server/services/audit.ts',
    find: "import type { Db } from '../db';",
    replace: "import { db as appDb, type Db } from '../db';\n\nexport const vacuumAudit = () => appDb.$client.query('vacuum analyze audit_log');",
    expect: [{ ruleId: 'drizzle-only-sql', at: 'appDb.$client' }],
  },
  {
    name: 'a service reaches the raw driver through a Db-typed parameter',
    file: 'server/services/retention.ts',
    find: 'const DAY_MS = 24 * 60 * 60 * 1000;',
    replace: `const DAY_MS = 24 * 60 * 60 * 1000;

/** Reclaims space after a purge. */
export const vacuumAfterPurge = (db: Db) => db.$client.query('vacuum analyze webhook_events');`,
    expect: [{ ruleId: 'drizzle-only-sql', at: 'db.$client' }],
  },
  {
    name: 'a service reaches ctx.db.$client (recognised by type)',
    file: 'server/services/leads.ts',
    find: '/** Escapes LIKE wildcards so a search term matches literally. */',
    replace: `/** Raw driver handle for a bulk import. */
export const leadsDriver = (ctx: MentoradoCtx) => ctx.db.$client;

/** Escapes LIKE wildcards so a search term matches literally. */`,
    types: true,
    expect: [{ ruleId: 'drizzle-only-sql', at: 'ctx.db.$client' }],
  },
];
