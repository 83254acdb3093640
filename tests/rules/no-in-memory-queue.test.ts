import rule from '../../rules/no-in-memory-queue.js';
import { file, RuleTester } from '../_utils/rule-tester.js';

new RuleTester({ filename: file("server/webhooks/clerk.ts") }).run('no-in-memory-queue', rule, {
  valid: [
    {
      name: "a module-scope cache read by key (set, get, delete) is not a queue",
      filename: file("server/services/session-cache.ts"),
      code: "const cache = new Map<string, { user: User; expiresAt: number }>();\nexport function remember(id: string, user: User) {\n  cache.set(id, { user, expiresAt: Date.now() + 60_000 });\n}\nexport function lookup(id: string) {\n  const hit = cache.get(id);\n  if (hit && hit.expiresAt < Date.now()) cache.delete(id);\n  return hit?.user;\n}",
    },
    {
      name: "a dedupe Set checked with has is not a queue",
      code: "const seen = new Set<string>();\nexport function firstTime(id: string) {\n  if (seen.has(id)) return false;\n  seen.add(id);\n  return true;\n}\nexport const reset = () => seen.clear();",
    },
    {
      name: "a registry of handlers iterated without removal (an emitter) is not a queue",
      filename: file("server/services/events.ts"),
      code: "const listeners: Array<(e: Event) => void> = [];\nexport function on(listener: (e: Event) => void) {\n  listeners.push(listener);\n}\nexport function emit(event: Event) {\n  for (const listener of listeners) listener(event);\n}",
    },
    {
      name: "a ring buffer trimmed in the function that fills it",
      filename: file("server/services/metrics.ts"),
      code: "const recent: number[] = [];\nexport function record(ms: number) {\n  recent.push(ms);\n  if (recent.length > 100) recent.shift();\n}\nexport const p50 = () => [...recent].sort((a, b) => a - b)[recent.length >> 1];",
    },
    {
      name: "an array built and drained inside one function is local work",
      filename: file("server/jobs/batch.ts"),
      code: "export async function run(items: Item[]) {\n  const pending: Item[] = [...items];\n  while (pending.length > 0) await handle(pending.shift()!);\n}",
    },
    {
      name: "p-queue made inside a function and awaited is a concurrency limit, not a queue",
      filename: file("server/services/notify.ts"),
      code: "import PQueue from 'p-queue';\n\nexport async function notifyAll(users: User[]) {\n  const limit = new PQueue({ concurrency: 5 });\n  await limit.addAll(users.map((user) => () => send(user)));\n}",
    },
    {
      name: "a module-scope queue in a router or adapter is outside these roles",
      filename: file("server/adapters/whatsapp.ts"),
      code: "import PQueue from 'p-queue';\n\nexport const outbound = new PQueue({ intervalCap: 80, interval: 1000 });",
    },
    {
      name: "a queue class of another library name (a durable queue client) is fine",
      filename: file("server/services/jobs.ts"),
      code: "import { Queue } from 'bullmq';\n\nexport const emails = new Queue('emails', { connection });",
    },
    {
      name: "a sleep (setTimeout inside a Promise executor) in a webhook handler",
      code: "import { Hono } from 'hono';\nexport const routes = new Hono();\nroutes.post('/clerk', async (c) => {\n  await new Promise((resolve) => setTimeout(resolve, 10));\n  await store(await c.req.text());\n  return c.json({ ok: true });\n});",
    },
    {
      name: "an awaited persist before the acknowledgement",
      code: "import { Hono } from 'hono';\nexport const routes = new Hono();\nasync function persist(body: string) {\n  await db.insert(webhookEvents).values({ body }).onConflictDoNothing();\n}\nroutes.post('/clerk', async (c) => {\n  await persist(await c.req.text());\n  return c.json({ ok: true });\n});",
    },
    {
      name: "setTimeout in scheduler code (a catch-up delay) is not after a webhook acknowledgement",
      filename: file("server/_core/scheduler.ts"),
      code: "export function start() {\n  setTimeout(() => runCatchUp(), 1_000);\n}",
    },
    {
      name: "a local function named setTimeout is not the global",
      code: "import { Hono } from 'hono';\nimport { setTimeout } from 'node:timers/promises';\nexport const routes = new Hono();\nroutes.post('/asaas', async (c) => {\n  await setTimeout(5);\n  return c.json({ ok: true });\n});",
    },
    {
      name: "a non-webhook route in the entry may schedule work",
      filename: file("server/_core/index.ts"),
      code: "import { Hono } from 'hono';\nexport const app = new Hono();\napp.post('/api/cache/warm', (c) => {\n  setImmediate(() => warmCache());\n  return c.json({ ok: true });\n});",
    },
    {
      name: "a Map of timers looked up by key in scheduler code is not a queue",
      filename: file("server/_core/scheduler.ts"),
      code: "const timers = new Map<string, Cron>();\nexport function add(name: string, cron: Cron) {\n  timers.set(name, cron);\n}\nexport function stop(name: string) {\n  timers.get(name)?.stop();\n  timers.delete(name);\n}",
    },
    {
      name: 'a module-scope p-queue in a service whose adds are awaited is a rate limit, not a queue',
      filename: file("server/services/translation.ts"),
      code: "import PQueue from 'p-queue';\n\nconst queue = new PQueue({ concurrency: 1, intervalCap: 2, interval: 40_000 });\nexport async function translate(text: string) {\n  return queue.add(() => callProvider(text));\n}\nexport async function translateTwice(text: string) {\n  const first = await queue.add(() => callProvider(text));\n  return first;\n}",
    },
    {
      name: 'a module-scope p-queue exported by a service (its callers are not visible) is not reported',
      filename: file("server/services/queue.ts"),
      code: "import PQueue from 'p-queue';\n\nconst queue = new PQueue({ concurrency: 1 });\nexport default queue;",
    },
    {
      name: 'a service that loads no queue library and calls push on its own arrays at module scope',
      filename: file("server/services/setup.ts"),
      code: "const steps: string[] = [];\nsteps.push('migrate');\nexport const plan = () => steps.join(', ');",
    },
  ],
  invalid: [
    {
      name: "Clerk webhooks pushed onto a module-scope p-queue after the 200",
      code: "import { Hono } from 'hono';\nimport PQueue from 'p-queue';\n\nconst queue = new PQueue({ concurrency: 1 });\nexport const routes = new Hono();\nroutes.post('/clerk', async (c) => {\n  const event = await verify(c.req.raw);\n  queue.add(() => syncUser(event)).catch(() => undefined);\n  return c.json({ ok: true });\n});",
      errors: [
        { messageId: 'queueLibrary', line: 4, column: 19, endLine: 4, endColumn: 25 },
        { messageId: 'deferredAfterAck', line: 8, column: 3, endLine: 8, endColumn: 58 },
      ],
    },
    {
      name: "failures kept in a module-scope array and retried elsewhere",
      code: "const failed: ClerkEvent[] = [];\nexport async function handle(event: ClerkEvent) {\n  try {\n    await syncUser(event);\n  } catch {\n    failed.push(event);\n  }\n}\nexport async function retryFailed() {\n  for (const event of failed.splice(0)) await handle(event);\n}",
      errors: [
        { messageId: 'moduleQueue', line: 1, column: 7, endLine: 1, endColumn: 27 },
      ],
    },
    {
      name: "a module-scope array pushed by the handler and shifted by a worker loop",
      filename: file("server/services/inbox.ts"),
      code: "export const pending: string[] = [];\nexport function enqueue(id: string) {\n  pending.push(id);\n}\nexport async function work() {\n  let id: string | undefined;\n  while ((id = pending.shift())) await process(id);\n}",
      errors: [
        { messageId: 'moduleQueue', line: 1, column: 14, endLine: 1, endColumn: 31 },
      ],
    },
    {
      name: "a module-scope Map drained by iterating and clearing",
      filename: file("server/jobs/batcher.ts"),
      code: "const batch = new Map<string, Payment>();\nexport function add(payment: Payment) {\n  batch.set(payment.id, payment);\n}\nexport async function flush() {\n  const items = [...batch.values()];\n  batch.clear();\n  await save(items);\n}",
      errors: [
        { messageId: 'moduleQueue', line: 1, column: 7, endLine: 1, endColumn: 12 },
      ],
    },
    {
      name: "a let array emptied by reassignment elsewhere",
      filename: file("server/services/audit-buffer.ts"),
      code: "let buffer: AuditRow[] = [];\nexport function log(row: AuditRow) {\n  buffer.push(row);\n}\nexport async function flush() {\n  const rows = buffer;\n  buffer = [];\n  await write(rows);\n}",
      errors: [
        { messageId: 'moduleQueue', line: 1, column: 5, endLine: 1, endColumn: 23 },
      ],
    },
    {
      name: "fastq.promise at module scope in scheduler code",
      filename: file("server/jobs/workers.ts"),
      code: "import fastq from 'fastq';\n\nexport const workers = fastq.promise(runOne, 4);",
      errors: [
        { messageId: 'queueLibrary', line: 3, column: 24, endLine: 3, endColumn: 37 },
      ],
    },
    {
      name: "async's queue at module scope in a service, pushed to without waiting",
      filename: file("server/services/emails.ts"),
      code: "import { queue } from 'async';\n\nconst outbox = queue(async (task: Email) => send(task), 2);\nexport function enqueueEmail(email: Email) {\n  outbox.push(email);\n}",
      errors: [
        { messageId: 'queueLibrary', line: 3, column: 16, endLine: 3, endColumn: 21 },
      ],
    },
    {
      name: "setTimeout in a webhook handler defers the work past the response",
      code: "import { Hono } from 'hono';\nexport const routes = new Hono();\nroutes.post('/clerk', async (c) => {\n  const event = await verify(c.req.raw);\n  setTimeout(() => syncUser(event), 0);\n  return c.json({ ok: true });\n});",
      errors: [
        { messageId: 'deferredAfterAck', line: 5, column: 3, endLine: 5, endColumn: 13 },
      ],
    },
    {
      name: "void process(event) in a webhook handler",
      filename: file("server/webhooks/asaas.ts"),
      code: "import { Hono } from 'hono';\nexport const routes = new Hono();\nroutes.post('/asaas', async (c) => {\n  const event = await readVerified(c);\n  void applyPayment(event);\n  return c.json({ received: true });\n});",
      errors: [
        { messageId: 'deferredAfterAck', line: 5, column: 3, endLine: 5, endColumn: 27 },
      ],
    },
    {
      name: "an unawaited call of an async function of the module in a webhook route of the entry",
      filename: file("server/_core/index.ts"),
      code: "import { Hono } from 'hono';\nasync function processEvent(event: unknown) {\n  await save(event);\n}\nexport const app = new Hono();\napp.post('/api/webhooks/asaas', async (c) => {\n  const event = await verified(c);\n  processEvent(event);\n  return c.json({ ok: true });\n});",
      errors: [
        { messageId: 'deferredAfterAck', line: 8, column: 3, endLine: 8, endColumn: 22 },
      ],
    },
    {
      name: "queueMicrotask and process.nextTick in a webhook handler",
      code: "import { Hono } from 'hono';\nexport const routes = new Hono();\nroutes.post('/clerk', async (c) => {\n  const event = await verify(c.req.raw);\n  queueMicrotask(() => audit(event));\n  process.nextTick(() => syncUser(event));\n  return c.json({ ok: true });\n});",
      errors: [
        { messageId: 'deferredAfterAck', line: 5, column: 3, endLine: 5, endColumn: 17 },
        { messageId: 'deferredAfterAck', line: 6, column: 3, endLine: 6, endColumn: 19 },
      ],
    },
    {
      name: "a configured queue library, its work left running with .catch()",
      filename: file("server/services/jobs.ts"),
      code: "import { createQueue } from '@acme/mem-queue';\n\nconst jobs = createQueue({ concurrency: 2 });\nexport function later(job: Job) {\n  jobs.add(job).catch(report);\n}",
      options: [{"queueLibraries":[{"module":"@acme/mem-queue","imports":["createQueue"]}]}],
      errors: [
        { messageId: 'queueLibrary', line: 3, column: 14, endLine: 3, endColumn: 25 },
      ],
    },
    {
      name: 'a deferred callback is one finding, whatever it does inside',
      code: "import { Hono } from 'hono';\nexport const routes = new Hono();\nroutes.post('/clerk', async (c) => {\n  const event = await verify(c.req.raw);\n  setImmediate(() => {\n    void syncUser(event);\n  });\n  return c.json({ ok: true });\n});",
      errors: [{ messageId: 'deferredAfterAck', line: 5, column: 3, endLine: 5, endColumn: 15 }],
    },
    {
      name: 'a module-scope p-queue exported by a webhook module',
      filename: file("server/webhooks/queue.ts"),
      code: "import PQueue from 'p-queue';\n\nexport const webhookQueue = new PQueue({ concurrency: 1 });",
      errors: [{ messageId: 'queueLibrary', line: 3, column: 33, endLine: 3, endColumn: 39 }],
    },
    {
      name: 'fastq loaded with require in a CommonJS service, pushed to without waiting',
      filename: file("server/services/jobs.js"),
      code: "const fastq = require('fastq');\n\nconst q = fastq(worker, 1);\nexports.add = (job) => {\n  q.push(job);\n};",
      errors: [{ messageId: 'queueLibrary', line: 3, column: 11, endLine: 3, endColumn: 16 }],
    },
  ],
});

