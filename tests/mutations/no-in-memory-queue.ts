// no-in-memory-queue: work held in process memory (module-scope queues, queue libraries) or
// deferred past the webhook response.
import type { Mutation } from '../_utils/mutation-harness.js';

export const mutations: Mutation[] = [
  {
    name: 'Clerk deliveries are pushed onto a module-scope p-queue and acknowledged before they are stored',
    file: 'server/webhooks/index.ts',
    find: `    return persistAndAck(c, config.db, {
      provider: 'clerk',
      eventId: deliveryId,
      eventType: event.type,
      payload: { type: event.type, data: event.data },
    });`,
    replace: `    void clerkQueue.add(() =>
      persistAndAck(c, config.db, {
        provider: 'clerk',
        eventId: deliveryId,
        eventType: event.type,
        payload: { type: event.type, data: event.data },
      }),
    );
    return c.json({ received: true }, 200);`,
    edits: [
      {
        find: "const log = rootLogger.child({ component: 'webhooks' });",
        replace: "const log = rootLogger.child({ component: 'webhooks' });\nconst clerkQueue = new PQueue({ concurrency: 1 });",
      },
      { find: "import { bodyLimit } from 'hono/body-limit';", replace: "import { bodyLimit } from 'hono/body-limit';\nimport PQueue from 'p-queue';" },
    ],
    expect: [
      { ruleId: 'no-in-memory-queue', at: 'PQueue({ concurrency' },
      { ruleId: 'no-in-memory-queue', at: 'void clerkQueue' },
    ],
  },
  {
    name: 'the Asaas route acknowledges first and stores the event in a setTimeout',
    file: 'server/webhooks/index.ts',
    find: `    return persistAndAck(c, config.db, {
      provider: 'asaas',`,
    replace: `    const payload = parsed.data;
    setTimeout(() => {
      void recordWebhookEvent(config.db, { provider: 'asaas', eventId: asaasEventId(payload), eventType: payload.event, payload });
    }, 0);
    return persistAndAck(c, config.db, {
      provider: 'asaas',`,
    expect: [{ ruleId: 'no-in-memory-queue', at: 'setTimeout(() => {' }],
  },
  {
    name: 'failed webhook events are kept in a module-scope array and retried from it',
    file: 'server/webhooks/store.ts',
    find: "const log = rootLogger.child({ component: 'webhooks' });",
    replace: `const log = rootLogger.child({ component: 'webhooks' });

/** Events whose processing failed, retried by retryFailedInMemory. */
const failedEvents: StoredWebhookEvent[] = [];

export function rememberFailure(event: StoredWebhookEvent): void {
  failedEvents.push(event);
}

export async function retryFailedInMemory(db: Db): Promise<number> {
  const batch = failedEvents.splice(0, failedEvents.length);
  for (const event of batch) await defaultWebhookHandlers[event.provider](db, event, log);
  return batch.length;
}`,
    expect: [{ ruleId: 'no-in-memory-queue', at: 'failedEvents: StoredWebhookEvent[]' }],
  },
  {
    name: 'the job runner keeps failed run keys in a module-scope queue',
    file: 'server/jobs/runner.ts',
    find: 'export function windowStartOf(',
    replace: `const retryQueue: string[] = [];

/** Queues a failed run key for a later retry. */
export function queueRetry(runKey: string): void {
  retryQueue.push(runKey);
}

/** The next run key to retry, oldest first. */
export function nextRetry(): string | undefined {
  return retryQueue.shift();
}

export function windowStartOf(`,
    expect: [{ ruleId: 'no-in-memory-queue', at: 'retryQueue: string[]' }],
  },
  {
    name: 'a service batches notifications in a module-scope Map flushed by another function',
    file: 'server/services/notifications.ts',
    find: '/** Rows per INSERT statement of a broadcast. */',
    replace: `const pendingNotifications = new Map<string, { mentoradoId: string; title: string }>();

export function queueNotification(id: string, mentoradoId: string, title: string): void {
  pendingNotifications.set(id, { mentoradoId, title });
}

export function takePendingNotifications(): Array<{ mentoradoId: string; title: string }> {
  const batch = [...pendingNotifications.values()];
  pendingNotifications.clear();
  return batch;
}

/** Rows per INSERT statement of a broadcast. */`,
    expect: [{ ruleId: 'no-in-memory-queue', at: 'pendingNotifications = new Map' }],
  },
  {
    name: 'overdue reminders are pushed onto a module-scope fastq worker queue without waiting',
    file: 'server/services/charge-reminders.ts',
    find: "export const OVERDUE_REMINDER_PURPOSE = 'charge_overdue_reminder';",
    replace: `export const OVERDUE_REMINDER_PURPOSE = 'charge_overdue_reminder';

const reminderQueue = fastq.promise((input: SendWhatsAppTextInput) => sendWhatsAppText(input), 2);
export function queueReminder(input: SendWhatsAppTextInput): void {
  void reminderQueue.push(input);
}`,
    edits: [{ find: "import type { Db } from '../db';", replace: "import type { Db } from '../db';\nimport fastq from 'fastq';" }],
    expect: [{ ruleId: 'no-in-memory-queue', at: 'fastq.promise(' }],
  },
];
