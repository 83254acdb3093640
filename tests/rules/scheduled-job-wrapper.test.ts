import rule from '../../rules/scheduled-job-wrapper.js';
import { file, RuleTester } from '../_utils/rule-tester.js';

new RuleTester({ filename: file("server/_core/scheduler.ts") }).run('scheduled-job-wrapper', rule, {
  valid: [
    {
      name: "a croner callback that runs the job through runJob",
      code: "import { Cron } from 'croner';\nimport { runJob } from '../jobs/runner';\nimport { db } from '../db';\n\nexport const nightly = new Cron('0 3 * * *', { timezone: 'UTC' }, async () => {\n  await runJob(db, { name: 'nightly', leaseMs: 60_000, window: { sizeMs: 86_400_000 } }, cleanup);\n});",
    },
    {
      name: "the callback made by a same-file factory whose function runs runJob",
      code: "import { Cron } from 'croner';\nimport { runJob } from '../jobs/runner';\nimport { db } from '../db';\n\nfunction callbackFor(job: Job) {\n  return async () => {\n    try {\n      await runJob(db, job.spec, job.run);\n    } catch (error) {\n      log.error({ err: error }, 'job could not run');\n    }\n  };\n}\nexport const start = (jobs: Job[]) => jobs.map((job) => new Cron(job.pattern, { protect: true }, callbackFor(job)));",
    },
    {
      name: "a runner that returns the wrapped callback (withJobLock)",
      filename: file("server/jobs/index.ts"),
      code: "import cron from 'node-cron';\nimport { withJobLock } from '@acme/jobs';\n\ncron.schedule('*/5 * * * *', withJobLock('drain-inbox', drainInbox));",
    },
    {
      name: "a named function of the module that calls the runner",
      filename: file("server/jobs/index.ts"),
      code: "import { CronJob } from 'cron';\nimport { runJob } from './runner';\n\nasync function tick() {\n  await runJob(db, spec, work);\n}\nexport const job = new CronJob('0 * * * *', tick);",
    },
    {
      name: "CronJob.from with an onTick that runs the runner",
      filename: file("server/jobs/index.ts"),
      code: "import { CronJob } from 'cron';\nimport { runJob } from './runner';\n\nexport const job = CronJob.from({ cronTime: '0 * * * *', onTick: () => runJob(db, spec, work), start: true });",
    },
    {
      name: "Bun.cron with a wrapped handler",
      code: "import { runJob } from '../jobs/runner';\n\nBun.cron('0 * * * *', () => runJob(db, spec, work));",
    },
    {
      name: "Bun.cron registering an OS-level script (path, schedule, title) has no callback",
      code: "await Bun.cron('./jobs/report.ts', '30 2 * * MON', 'weekly-report');",
    },
    {
      name: "setInterval outside scheduler code (a heartbeat in the entry) is not a job registration",
      filename: file("server/_core/index.ts"),
      code: "export const heartbeat = setInterval(() => metrics.gauge('up', 1), 10_000);",
    },
    {
      name: "setInterval in scheduler code that runs the runner",
      code: "import { runJob } from '../jobs/runner';\n\nexport const timer = setInterval(() => void runJob(db, spec, work), 60_000);",
    },
    {
      name: "a schedule method of another library (an agenda-like client) is not node-cron",
      filename: file("server/jobs/index.ts"),
      code: "import { queue } from '../adapters/queue';\n\nqueue.schedule('0 * * * *', () => sendDigest());",
    },
    {
      name: "a local class named Cron is not croner",
      filename: file("server/jobs/index.ts"),
      code: "class Cron {\n  constructor(readonly pattern: string, readonly fn: () => void) {}\n}\nexport const c = new Cron('* * * * *', () => tick());",
    },
    {
      name: "a configured runner imported from the configured module",
      code: "import { Cron } from 'croner';\nimport { leased } from '../jobs/lease';\n\nnew Cron('0 * * * *', () => leased('hourly', work));",
      options: [{"runners":[{"name":"leased","from":"server/jobs/lease"}]}],
    },
    {
      name: "a croner instance made without a callback (scheduled later) is not checked here",
      code: "import { Cron } from 'croner';\n\nexport const next = new Cron('0 * * * *', { paused: true }).nextRun();",
    },
    {
      name: "cron registrations in test files are not checked",
      filename: file("server/jobs/runner.test.ts"),
      code: "import { Cron } from 'croner';\n\nnew Cron('* * * * * *', () => tick());",
    },
  ],
  invalid: [
    {
      name: "a croner callback that does the work directly",
      code: "import { Cron } from 'croner';\nimport { runJob } from '../jobs/runner';\nimport { db } from '../db';\n\nexport const nightly = new Cron('0 3 * * *', async () => {\n  await db.delete(sessions).where(lt(sessions.expiresAt, new Date()));\n});",
      errors: [
        { messageId: 'unwrappedJob', line: 5, column: 28, endLine: 5, endColumn: 32 },
      ],
    },
    {
      name: "node-cron schedule with a bare service call",
      filename: file("server/jobs/index.ts"),
      code: "import cron from 'node-cron';\nimport { sendOverdueReminders } from '../services/charges';\n\ncron.schedule('0 12 * * *', () => sendOverdueReminders());",
      errors: [
        { messageId: 'unwrappedJob', line: 4, column: 1, endLine: 4, endColumn: 14 },
      ],
    },
    {
      name: "node-cron through a namespace import, with a function reference",
      filename: file("server/services/digest.ts"),
      code: "import * as cron from 'node-cron';\n\nasync function sendDigest() {\n  await mailer.send();\n}\ncron.schedule('0 8 * * *', sendDigest);",
      errors: [
        { messageId: 'unwrappedJob', line: 6, column: 1, endLine: 6, endColumn: 14 },
      ],
    },
    {
      name: "cron's CronJob with an unwrapped onTick",
      filename: file("server/jobs/index.ts"),
      code: "import { CronJob } from 'cron';\n\nexport const job = new CronJob('0 * * * *', async () => {\n  await syncUsers();\n});",
      errors: [
        { messageId: 'unwrappedJob', line: 3, column: 24, endLine: 3, endColumn: 31 },
      ],
    },
    {
      name: "CronJob.from whose onTick skips the runner",
      filename: file("server/jobs/index.ts"),
      code: "import { CronJob } from 'cron';\n\nCronJob.from({ cronTime: '*/10 * * * *', onTick: drainInbox, start: true });",
      errors: [
        { messageId: 'unwrappedJob', line: 3, column: 1, endLine: 3, endColumn: 13 },
      ],
    },
    {
      name: "Bun.cron with a direct callback",
      code: "Bun.cron('0 * * * *', async () => {\n  await cleanupTempFiles();\n});",
      errors: [
        { messageId: 'unwrappedJob', line: 1, column: 1, endLine: 1, endColumn: 9 },
      ],
    },
    {
      name: "setInterval as a scheduler loop",
      filename: file("server/jobs/poller.ts"),
      code: "export const poller = setInterval(async () => {\n  await processPendingWebhookEvents(db);\n}, 5_000);",
      errors: [
        { messageId: 'unwrappedJob', line: 1, column: 23, endLine: 1, endColumn: 34 },
      ],
    },
    {
      name: "croner default import, called without new",
      filename: file("server/jobs/index.ts"),
      code: "import Cron from 'croner';\n\nCron('@hourly', () => refreshMetrics());",
      errors: [
        { messageId: 'unwrappedJob', line: 3, column: 1, endLine: 3, endColumn: 5 },
      ],
    },
    {
      name: "node-schedule scheduleJob",
      filename: file("server/jobs/index.ts"),
      code: "import { scheduleJob } from 'node-schedule';\n\nscheduleJob('0 0 * * *', () => rotateKeys());",
      errors: [
        { messageId: 'unwrappedJob', line: 3, column: 1, endLine: 3, endColumn: 12 },
      ],
    },
    {
      name: "a runner of the right name from another module than the configured one",
      code: "import { Cron } from 'croner';\nimport { runJob } from '../lib/run-job';\n\nnew Cron('0 * * * *', () => runJob(work));",
      options: [{"runners":[{"name":"runJob","from":"server/jobs/runner"}]}],
      errors: [
        { messageId: 'unwrappedJob', line: 4, column: 5, endLine: 4, endColumn: 9 },
      ],
    },
  ],
});

