// scheduled-job-wrapper: cron registrations whose callback skips the job runner.
import type { Mutation } from '../_utils/mutation-harness.js';

export const mutations: Mutation[] = [
  {
    name: "the scheduler's cron calls the job function directly instead of through runJob",
    file: 'server/_core/scheduler.ts',
    find: "      new Cron(job.pattern, { name: job.name, protect: onBlocked, timezone: 'UTC' }, jobCallback(db, job, log, 'cron')),",
    replace: `      new Cron(job.pattern, { name: job.name, protect: onBlocked, timezone: 'UTC' }, async () => {
        const now = new Date();
        await job.run({ db, runKey: \`\${job.name}:\${now.toISOString()}\`, windowStart: now, windowEnd: now, leaseExpiresAt: now, log });
      }),`,
    expect: [{ ruleId: 'scheduled-job-wrapper', at: "Cron(job.pattern, { name: job.name, protect: onBlocked, timezone: 'UTC' }, async" }],
  },
  {
    name: 'the cron callback factory runs the job without the lease',
    file: 'server/_core/scheduler.ts',
    find: '      const result = await runJob(db, { name: job.name, leaseMs: job.leaseMs, window: job.window, logger: log }, job.run);',
    replace: `      const now = new Date();
      await job.run({ db, runKey: \`\${job.name}:\${now.toISOString()}\`, windowStart: now, windowEnd: now, leaseExpiresAt: now, log });
      const result = { status: 'completed' as string };`,
    edits: [{ find: "import { runJob } from '../jobs/runner';\n", replace: '' }],
    expect: [
      { ruleId: 'scheduled-job-wrapper', at: "Cron(job.pattern, { name: job.name, protect: onBlocked, timezone: 'UTC' }" },
      { ruleId: 'scheduled-job-wrapper', at: 'Cron(catchUpAt' },
    ],
  },
  {
    name: 'a polling loop with setInterval in the job definitions',
    file: 'server/jobs/definitions.ts',
    find: 'export const jobDefinitions: readonly JobDefinition[] = [drainWebhooksJob, overdueChargesJob, retentionJob];',
    replace: `export const jobDefinitions: readonly JobDefinition[] = [drainWebhooksJob, overdueChargesJob, retentionJob];

/** Drains the inbox every few seconds, between cron ticks. */
export function startInboxPoller(db: Db): ReturnType<typeof setInterval> {
  return setInterval(() => {
    void processPendingWebhookEvents(db, { limit: 10 });
  }, 2_000);
}`,
    edits: [{ find: "import type { JobFn, JobWindowSpec } from './runner';", replace: "import type { JobFn, JobWindowSpec } from './runner';\nimport type { Db } from '../db';" }],
    expect: [{ ruleId: 'scheduled-job-wrapper', at: 'setInterval(() =>' }],
  },
  {
    name: 'a service registers its own croner job for nightly retention',
    file: 'server/services/retention.ts',
    find: "import { and, eq, inArray, isNull, lt } from 'drizzle-orm';",
    replace: `import { and, eq, inArray, isNull, lt } from 'drizzle-orm';
import { Cron } from 'croner';
import { db as defaultDb } from '../db';

export const nightlyRetention = new Cron('30 3 * * *', { timezone: 'UTC' }, () => applyRetentionPolicy(defaultDb, { now: new Date() }));`,
    expect: [{ ruleId: 'scheduled-job-wrapper', at: "Cron('30 3" }],
  },
  {
    name: 'the job runner module starts a lease-cleanup interval of its own',
    file: 'server/jobs/runner.ts',
    find: 'export function windowStartOf(',
    replace: `/** Clears expired leases every minute. */
export function startLeaseSweeper(db: Db): ReturnType<typeof setInterval> {
  return setInterval(async () => {
    await db.update(jobLeases).set({ lockedBy: null, lockedUntil: null }).where(lte(jobLeases.lockedUntil, new Date()));
  }, 60_000);
}

export function windowStartOf(`,
    expect: [{ ruleId: 'scheduled-job-wrapper', at: 'setInterval(async' }],
  },
  {
    name: 'the startup catch-up run calls the job directly',
    file: 'server/_core/scheduler.ts',
    find: "      new Cron(catchUpAt, { name: `${job.name}.catch-up`, protect: onBlocked }, jobCallback(db, job, log, 'startup')),",
    replace: "      new Cron(catchUpAt, { name: `${job.name}.catch-up`, protect: onBlocked }, () => job.run({ db, runKey: `${job.name}:startup`, windowStart: catchUpAt, windowEnd: catchUpAt, leaseExpiresAt: catchUpAt, log })),",
    expect: [{ ruleId: 'scheduled-job-wrapper', at: 'Cron(catchUpAt' }],
  },
];
