// idempotent-write: inserts in webhook and scheduler code with neither on-conflict nor a dedupe guard.
import type { Mutation } from '../_utils/mutation-harness.js';

export const mutations: Mutation[] = [
  {
    name: 'the webhook inbox stores deliveries without onConflictDoNothing (a redelivery is stored twice)',
    file: 'server/webhooks/store.ts',
    find: `    .onConflictDoNothing({ target: [webhookEvents.provider, webhookEvents.eventId] })
`,
    replace: '',
    expect: [{ ruleId: 'idempotent-write', at: 'db\n    .insert(webhookEvents)' }],
  },
  {
    name: 'the job lease is taken with a plain insert instead of a conditional upsert',
    file: 'server/jobs/runner.ts',
    find: `    .values({ name, lockedBy: owner, lockedUntil })
    .onConflictDoUpdate({
      target: jobLeases.name,
      set: { lockedBy: owner, lockedUntil },
      setWhere: or(isNull(jobLeases.lockedUntil), lte(jobLeases.lockedUntil, now)),
    })
`,
    replace: `    .values({ name, lockedBy: owner, lockedUntil })
`,
    edits: [{ find: "import { and, eq, isNull, lte, ne, or, sql } from 'drizzle-orm';", replace: "import { and, eq, ne, sql } from 'drizzle-orm';" }],
    expect: [{ ruleId: 'idempotent-write', at: 'db\n    .insert(jobLeases)' }],
  },
  {
    name: 'the Asaas event handler writes an audit row on every (re)delivery',
    file: 'server/webhooks/events.ts',
    find: `      paidAt: payment.paymentDate ?? payment.clientPaymentDate ?? null,
    },
    log,
  );
}`,
    replace: `      paidAt: payment.paymentDate ?? payment.clientPaymentDate ?? null,
    },
    log,
  );
  await db.insert(auditLog).values({ action: 'payment.webhook', entity: 'charge', entityId: payment.id, metadata: { status: payment.status } });
}`,
    edits: [{ find: "import { z } from 'zod';", replace: "import { z } from 'zod';\nimport { auditLog } from '../../drizzle/schema';" }],
    expect: [{ ruleId: 'idempotent-write', at: 'db.insert(auditLog)' }],
  },
  {
    name: 'the webhook route inserts the delivery itself, without the on-conflict inbox helper',
    file: 'server/webhooks/index.ts',
    find: '    const stored = await recordWebhookEvent(db, event);',
    replace: `    const [row] = await db
      .insert(webhookEvents)
      .values({ provider: event.provider, eventId: event.eventId, eventType: event.eventType, payload: event.payload })
      .returning({ id: webhookEvents.id });
    const stored = { id: row?.id ?? null, duplicate: false };`,
    edits: [{ find: "import { recordWebhookEvent } from './store';", replace: "import { webhookEvents } from '../../drizzle/schema';" }],
    expect: [{ ruleId: 'idempotent-write', at: 'db\n      .insert(webhookEvents)' }],
  },
  {
    name: 'the scheduler records a run row per tick with a plain insert',
    file: 'server/_core/scheduler.ts',
    find: `    try {
      const result = await runJob(`,
    replace: `    try {
      const tick = new Date();
      await db.insert(jobRuns).values({ jobName: job.name, runKey: \`\${job.name}:\${tick.toISOString()}\`, windowStart: tick, windowEnd: tick });
      const result = await runJob(`,
    edits: [{ find: "import { Cron } from 'croner';", replace: "import { Cron } from 'croner';\nimport { jobRuns } from '../../drizzle/schema';" }],
    expect: [{ ruleId: 'idempotent-write', at: 'db.insert(jobRuns)' }],
  },
  {
    name: 'the run ledger row is inserted without its on-conflict restart clause',
    file: 'server/jobs/runner.ts',
    find: `      lockedBy: spec.owner,
    })
    .onConflictDoUpdate({
      target: jobRuns.runKey,
      set: {
        status: 'running',
        attempts: sql\`\${jobRuns.attempts} + 1\`,
        lockedBy: spec.owner,
        startedAt: new Date(),
        finishedAt: null,
        error: null,
      },
      setWhere: ne(jobRuns.status, 'succeeded'),
    })
`,
    replace: `      lockedBy: spec.owner,
    })
`,
    expect: [{ ruleId: 'idempotent-write', at: 'db\n    .insert(jobRuns)' }],
  },
];
