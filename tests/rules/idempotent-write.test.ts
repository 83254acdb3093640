import rule from '../../rules/idempotent-write.js';
import { file, RuleTester, typedFile } from '../_utils/rule-tester.js';

new RuleTester({ filename: file("server/webhooks/store.ts") }).run('idempotent-write', rule, {
  valid: [
    {
      name: "an insert of the event key with onConflictDoNothing",
      code: "import { db } from '../db';\nimport { webhookEvents, payments, auditLog } from '../../drizzle/schema';\n\nexport async function record(id: string, payload: unknown) {\n  await db.insert(webhookEvents).values({ eventId: id, payload }).onConflictDoNothing({ target: webhookEvents.eventId });\n}",
    },
    {
      name: "an upsert with onConflictDoUpdate",
      filename: file("server/jobs/sync.ts"),
      code: "import { db } from '../db';\nimport { webhookEvents, payments, auditLog } from '../../drizzle/schema';\n\nexport async function upsertPayment(id: string, status: string) {\n  await db.insert(payments).values({ id, status }).onConflictDoUpdate({ target: payments.id, set: { status } });\n}",
    },
    {
      name: "writes after a dedupe guard (insert returning, early return when empty)",
      code: "import { db } from '../db';\nimport { webhookEvents, payments, auditLog } from '../../drizzle/schema';\n\nexport async function handle(eventId: string, amount: number) {\n  const [claimed] = await db.insert(webhookEvents).values({ eventId }).onConflictDoNothing().returning({ id: webhookEvents.id });\n  if (!claimed) return { duplicate: true };\n  await db.insert(payments).values({ eventId, amount });\n  return { duplicate: false };\n}",
    },
    {
      name: "a guard that checks rows.length === 0 protects writes inside a later transaction",
      code: "import { db } from '../db';\nimport { webhookEvents, payments, auditLog } from '../../drizzle/schema';\n\nexport async function handle(eventId: string) {\n  const rows = await db.insert(webhookEvents).values({ eventId }).onConflictDoNothing().returning();\n  if (rows.length === 0) {\n    return;\n  }\n  await db.transaction(async (tx) => {\n    await tx.insert(payments).values({ eventId });\n    await tx.insert(auditLog).values({ eventId });\n  });\n}",
    },
    {
      name: "a guard in a loop that continues on duplicates",
      filename: file("server/jobs/import.ts"),
      code: "import { db } from '../db';\nimport { webhookEvents, payments, auditLog } from '../../drizzle/schema';\n\nexport async function importAll(events: Array<{ id: string }>) {\n  for (const event of events) {\n    const [row] = await db.insert(webhookEvents).values({ eventId: event.id }).onConflictDoNothing().returning();\n    if (row === undefined) continue;\n    await db.insert(payments).values({ eventId: event.id });\n  }\n}",
    },
    {
      name: "a configured guard imported from the configured module",
      code: "import { db } from '../db';\nimport { webhookEvents, payments, auditLog } from '../../drizzle/schema';\n\nimport { claimDelivery } from './inbox';\n\nexport async function handle(id: string) {\n  if (!(await claimDelivery(id))) return;\n  await db.insert(payments).values({ id });\n}",
      options: [{"guards":[{"name":"claimDelivery","from":"server/webhooks/inbox"}]}],
    },
    {
      name: "a configured guard from a package, used through a namespace import",
      code: "import { db } from '../db';\nimport { webhookEvents, payments, auditLog } from '../../drizzle/schema';\n\nimport * as idem from '@acme/idempotency';\n\nexport async function handle(id: string) {\n  await idem.once(id);\n  await db.insert(payments).values({ id });\n}",
      options: [{"guards":[{"name":"once","from":"@acme/idempotency"}]}],
    },
    {
      name: "inserts in services are not webhook or scheduler code",
      filename: file("server/services/leads.ts"),
      code: "import { db } from '../db';\nimport { webhookEvents, payments, auditLog } from '../../drizzle/schema';\n\nexport const create = (name: string) => db.insert(payments).values({ name });",
    },
    {
      name: "insert methods of other objects (a Set-like store, a search index)",
      code: "import { index } from '../adapters/search';\n\nconst pending = new Map<string, number>();\nexport function track(id: string) {\n  index.insert({ id });\n  pending.set(id, Date.now());\n}",
    },
    {
      name: "a local object named db that is not the Drizzle database",
      code: "const db = { insert: (row: unknown) => row };\nexport const save = (row: unknown) => db.insert(row);",
    },
    {
      name: "an update with a where is not an insert",
      filename: file("server/jobs/expire.ts"),
      code: "import { db } from '../db';\nimport { webhookEvents, payments, auditLog } from '../../drizzle/schema';\n\nimport { eq } from 'drizzle-orm';\n\nexport const expire = (id: string) => db.update(payments).set({ status: 'expired' }).where(eq(payments.id, id));",
    },
    {
      name: "test files are not checked",
      filename: file("server/webhooks/store.test.ts"),
      code: "import { db } from '../db';\nimport { webhookEvents, payments, auditLog } from '../../drizzle/schema';\n\nawait db.insert(webhookEvents).values({ eventId: 'e1' });",
    },
  ],
  invalid: [
    {
      name: "a webhook insert with no on-conflict clause",
      code: "import { db } from '../db';\nimport { webhookEvents, payments, auditLog } from '../../drizzle/schema';\n\nexport async function record(id: string, payload: unknown) {\n  await db.insert(webhookEvents).values({ eventId: id, payload });\n}",
      errors: [
        { messageId: 'nonIdempotentInsert', line: 5, column: 9, endLine: 5, endColumn: 33 },
      ],
    },
    {
      name: "a scheduled job that inserts a reminder on every run",
      filename: file("server/jobs/reminders.ts"),
      code: "import { db } from '../db';\nimport { webhookEvents, payments, auditLog } from '../../drizzle/schema';\n\nexport async function sendReminders(due: Array<{ id: string }>) {\n  for (const charge of due) {\n    await db.insert(payments).values({ chargeId: charge.id, kind: 'reminder' });\n  }\n}",
      errors: [
        { messageId: 'nonIdempotentInsert', line: 6, column: 11, endLine: 6, endColumn: 30 },
      ],
    },
    {
      name: "an insert before the dedupe guard is not protected by it",
      code: "import { db } from '../db';\nimport { webhookEvents, payments, auditLog } from '../../drizzle/schema';\n\nexport async function handle(eventId: string) {\n  await db.insert(auditLog).values({ eventId });\n  const [claimed] = await db.insert(webhookEvents).values({ eventId }).onConflictDoNothing().returning();\n  if (!claimed) return;\n  await db.insert(payments).values({ eventId });\n}",
      errors: [
        { messageId: 'nonIdempotentInsert', line: 5, column: 9, endLine: 5, endColumn: 28 },
      ],
    },
    {
      name: "an on-conflict insert whose result is never checked guards nothing",
      code: "import { db } from '../db';\nimport { webhookEvents, payments, auditLog } from '../../drizzle/schema';\n\nexport async function handle(eventId: string) {\n  await db.insert(webhookEvents).values({ eventId }).onConflictDoNothing().returning();\n  await db.insert(payments).values({ eventId });\n}",
      errors: [
        { messageId: 'nonIdempotentInsert', line: 6, column: 9, endLine: 6, endColumn: 28 },
      ],
    },
    {
      name: "a check-then-insert select is not a guard",
      filename: file("server/jobs/invoices.ts"),
      code: "import { db } from '../db';\nimport { webhookEvents, payments, auditLog } from '../../drizzle/schema';\n\nimport { eq } from 'drizzle-orm';\n\nexport async function invoice(runKey: string) {\n  const existing = await db.select().from(payments).where(eq(payments.runKey, runKey));\n  if (existing.length > 0) return;\n  await db.insert(payments).values({ runKey });\n}",
      errors: [
        { messageId: 'nonIdempotentInsert', line: 9, column: 9, endLine: 9, endColumn: 28 },
      ],
    },
    {
      name: "a transaction insert (tx) in a webhook",
      code: "import { db } from '../db';\nimport { webhookEvents, payments, auditLog } from '../../drizzle/schema';\n\nexport const handle = (eventId: string) =>\n  db.transaction(async (tx) => {\n    await tx.insert(payments).values({ eventId });\n  });",
      errors: [
        { messageId: 'nonIdempotentInsert', line: 6, column: 11, endLine: 6, endColumn: 30 },
      ],
    },
    {
      name: "a guard of another function does not protect this one",
      code: "import { db } from '../db';\nimport { webhookEvents, payments, auditLog } from '../../drizzle/schema';\n\nexport async function first(eventId: string) {\n  const [row] = await db.insert(webhookEvents).values({ eventId }).onConflictDoNothing().returning();\n  if (!row) return;\n}\nexport async function second(eventId: string) {\n  await db.insert(payments).values({ eventId });\n}",
      errors: [
        { messageId: 'nonIdempotentInsert', line: 9, column: 9, endLine: 9, endColumn: 28 },
      ],
    },
    {
      name: "a guard-named function from another module than the configured one",
      code: "import { db } from '../db';\nimport { webhookEvents, payments, auditLog } from '../../drizzle/schema';\n\nimport { claimDelivery } from '../lib/claims';\n\nexport async function handle(id: string) {\n  await claimDelivery(id);\n  await db.insert(payments).values({ id });\n}",
      options: [{"guards":[{"name":"claimDelivery","from":"server/webhooks/inbox"}]}],
      errors: [
        { messageId: 'nonIdempotentInsert', line: 8, column: 9, endLine: 8, endColumn: 28 },
      ],
    },
  ],
});


const typedStore = typedFile('server/webhooks/store.ts');
const pgDb =
  "import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';\nimport { pgTable, text } from 'drizzle-orm/pg-core';\ninterface Ctx { db: PgDatabase<PgQueryResultHKT> }\nconst events = pgTable('events', { id: text('id').primaryKey() });\n";

new RuleTester({ typed: true, filename: typedStore }).run('idempotent-write (typed)', rule, {
  valid: [
    {
      name: 'with types, a Drizzle db reached through ctx with onConflictDoNothing',
      code: `${pgDb}export const record = (ctx: Ctx, id: string) => ctx.db.insert(events).values({ id }).onConflictDoNothing();`,
    },
    {
      name: 'with types, an insert method of another class is not Drizzle',
      code: 'class SearchIndex { insert(doc: unknown) { return doc; } }\nexport const add = (index: SearchIndex) => index.insert({ id: 1 });',
    },
  ],
  invalid: [
    {
      name: 'with types, a Drizzle db reached through ctx (no import to follow) inserting without on-conflict',
      code: `${pgDb}export const record = (ctx: Ctx, id: string) => ctx.db.insert(events).values({ id });`,
      errors: [{ messageId: 'nonIdempotentInsert', line: 5, column: 49, endLine: 5, endColumn: 70 }],
    },
  ],
});
