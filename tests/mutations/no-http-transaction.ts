// no-http-transaction: an interactive transaction on a Drizzle db built on the Neon HTTP driver.
import type { Mutation } from '../_utils/mutation-harness.js';

/** A second db module on the HTTP driver (one-shot queries, no pool), as teams add for analytics. */
const httpDbModule = {
  file: 'server/db/http.ts',
  create: `// One-shot queries over Neon's HTTP driver (no pool, no WebSocket).
import { neon } from '@neondatabase/serverless';
import { drizzle } from 'drizzle-orm/neon-http';
import * as schema from '../../drizzle/schema';
import { env } from '../_core/env';

export const httpDb = drizzle(neon(env.DATABASE_URL ?? 'postgres://localhost/app'), { schema });
`,
};

export const mutations: Mutation[] = [
  {
    name: 'the platform overview reads its figures in a transaction on the HTTP db',
    file: 'server/services/metrics.ts',
    find: "import { ownedBy, type MentoradoCtx } from '../lib/ownership';",
    replace: `import { ownedBy, type MentoradoCtx } from '../lib/ownership';
import { httpDb } from '../db/http';

/** Consistent counts of users and leads. */
export const consistentCounts = () =>
  httpDb.transaction(async (tx) => ({
    users: await tx.$count(users),
    leads: await tx.$count(leads),
  }));`,
    edits: [httpDbModule],
    expect: [{ ruleId: 'no-http-transaction', at: 'transaction(async (tx) => ({' }],
  },
  {
    name: 'an audit record written with its entity change in an HTTP-driver transaction',
    file: 'server/services/audit.ts',
    find: "import type { Db } from '../db';",
    replace: `import type { Db } from '../db';
import { httpDb as analytics } from '../db/http';

/** Records an audit entry on the analytics connection, atomically. */
export const recordAnalyticsAudit = (entry: AuditEntry) =>
  analytics.transaction(async (tx) => {
    await tx.insert(auditLog).values(entry);
  });`,
    edits: [httpDbModule],
    expect: [{ ruleId: 'no-http-transaction', at: 'transaction(async (tx) => {\n    await tx.insert(auditLog)' }],
  },
  {
    name: 'a job definition that reserves its window inside a transaction on the HTTP db',
    file: 'server/jobs/definitions.ts',
    find: "import type { JobFn, JobWindowSpec } from './runner';",
    replace: `import type { JobFn, JobWindowSpec } from './runner';
import { httpDb } from '../db/http';
import { jobRuns } from '../../drizzle/schema';

/** Counts runs of the window atomically. */
export const countRuns = () => httpDb.transaction(async (tx) => tx.$count(jobRuns));`,
    edits: [httpDbModule],
    expect: [{ ruleId: 'no-http-transaction', at: 'transaction(async (tx) => tx.$count' }],
  },
  {
    name: 'the webhook replay opens a nested transaction on the HTTP db',
    file: 'server/webhooks/store.ts',
    find: "import type { Db } from '../db';",
    replace: `import type { Db } from '../db';
import { httpDb } from '../db/http';

/** Counts events per status, atomically. */
export const eventCounts = () =>
  httpDb.transaction(async (outer) => outer.transaction(async (inner) => inner.$count(webhookEvents)));`,
    edits: [httpDbModule],
    expect: [
      { ruleId: 'no-http-transaction', at: 'transaction(async (outer)' },
      { ruleId: 'no-http-transaction', at: 'transaction(async (inner)' },
    ],
  },
  {
    name: 'a service parameter typed as the Neon HTTP database',
    file: 'server/services/settings.ts',
    find: 'export async function setSetting(',
    replace: `export const resetAll = (db: NeonHttpDatabase<typeof schema>) =>
  db.transaction(async (tx) => {
    await tx.$count(settings);
  });

export async function setSetting(`,
    edits: [
      {
        find: "import { settings } from '../../drizzle/schema';",
        replace: "import { settings } from '../../drizzle/schema';\nimport type * as schema from '../../drizzle/schema';\nimport type { NeonHttpDatabase } from 'drizzle-orm/neon-http';",
      },
    ],
    expect: [{ ruleId: 'no-http-transaction', at: 'transaction(async (tx) => {\n    await tx.$count(settings)' }],
  },
];
