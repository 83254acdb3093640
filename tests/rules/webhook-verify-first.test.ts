import rule from '../../rules/webhook-verify-first.js';
import path from 'node:path';
import { file, RuleTester } from '../_utils/rule-tester.js';

// The reference backend: its webhook helpers live in server/webhooks/verify.ts, followed through the import.
const backend = path.resolve(import.meta.dirname, '../../fixtures/backend');
const backendSettings = { 'backend-guard': { root: backend } };
const backendWebhook = path.join(backend, 'server/webhooks/extra.ts');
// A project whose webhook handler is defined in one module and mounted in another.
const mounted = path.resolve(import.meta.dirname, '../fixtures/webhooks');

new RuleTester({ filename: file("server/webhooks/clerk.ts") }).run('webhook-verify-first', rule, {
  valid: [
    {
      name: "svix Webhook#verify over the raw text before the event is used",
      code: "import { Hono } from 'hono';\nimport { Webhook } from 'svix';\nimport { env } from '../_core/env';\n\nconst wh = new Webhook(env.CLERK_WEBHOOK_SECRET);\nexport const routes = new Hono();\nroutes.post('/clerk', async (c) => {\n  const body = await c.req.text();\n  const event = wh.verify(body, {\n    'svix-id': c.req.header('svix-id') ?? '',\n    'svix-timestamp': c.req.header('svix-timestamp') ?? '',\n    'svix-signature': c.req.header('svix-signature') ?? '',\n  }) as { type: string };\n  return c.json({ type: event.type });\n});",
    },
    {
      name: "Clerk's verifyWebhook on the raw request, then the event",
      code: "import { Hono } from 'hono';\nimport { verifyWebhook } from '@clerk/backend/webhooks';\n\nexport const routes = new Hono();\nroutes.post('/clerk', async (c) => {\n  const event = await verifyWebhook(c.req.raw, { signingSecret: 'from-env' });\n  return c.json({ type: event.type });\n});",
    },
    {
      name: "verifyWebhook from @clerk/express/webhooks in an Express router",
      filename: file("server/webhooks/clerk.js"),
      code: "import { Router } from 'express';\nimport { verifyWebhook } from '@clerk/express/webhooks';\n\nexport const router = Router();\nrouter.post('/clerk', async (req, res) => {\n  const event = await verifyWebhook(req);\n  res.json({ type: event.type, id: req.body.id });\n});",
    },
    {
      name: "Stripe constructEvent over the raw body; req.body inside the verification call is not a use",
      filename: file("server/webhooks/stripe.ts"),
      code: "import { stripe } from '../adapters/stripe';\n\nexport function register(router: Router) {\n  router.post('/stripe', (req, res) => {\n    const event = stripe.webhooks.constructEvent(req.body, req.headers['stripe-signature'] as string, 'whsec');\n    res.json({ received: event.id });\n  });\n}",
    },
    {
      name: "an HMAC compared with crypto.timingSafeEqual before JSON.parse",
      filename: file("server/webhooks/whatsapp.ts"),
      code: "import { Hono } from 'hono';\nimport * as crypto from 'node:crypto';\n\nexport const routes = new Hono();\nroutes.post('/whatsapp', async (c) => {\n  const raw = await c.req.text();\n  const expected = crypto.createHmac('sha256', 'secret').update(raw).digest();\n  const given = Buffer.from(c.req.header('x-hub-signature-256') ?? '', 'hex');\n  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return c.json({ error: 'unauthorized' }, 401);\n  const payload = JSON.parse(raw) as { entry: unknown[] };\n  return c.json({ entries: payload.entry.length });\n});",
    },
    {
      name: "a static token checked by a same-file constant-time helper",
      filename: file("server/webhooks/asaas.ts"),
      code: "import { Hono } from 'hono';\nimport { createHash, timingSafeEqual } from 'node:crypto';\n\nfunction sameToken(given: string, expected: string): boolean {\n  const a = createHash('sha256').update(given).digest();\n  const b = createHash('sha256').update(expected).digest();\n  return timingSafeEqual(a, b);\n}\nconst checkToken = (given: string | undefined, expected: string) => given !== undefined && sameToken(given, expected);\n\nexport const routes = new Hono();\nroutes.post('/asaas', async (c) => {\n  if (!checkToken(c.req.header('asaas-access-token'), 'from-env')) return c.json({ error: 'unauthorized' }, 401);\n  const payload = await c.req.json();\n  return c.json({ event: payload.event });\n});",
    },
    {
      name: "a verifier named in the options, imported from a package",
      filename: file("server/webhooks/asaas.ts"),
      code: "import { Hono } from 'hono';\nimport { verifyAsaasToken } from '@acme/webhooks';\n\nexport const routes = new Hono();\nroutes.post('/asaas', async (c) => {\n  if (!verifyAsaasToken(c.req.header('asaas-access-token'))) return c.json({ error: 'unauthorized' }, 401);\n  return c.json({ event: (await c.req.json()).event });\n});",
      options: [{"verifiers":[{"name":"verifyAsaasToken","from":"@acme/webhooks"}]}],
    },
    {
      name: "a POST route of the API that is not a webhook reads its body",
      filename: file("server/_core/index.ts"),
      code: "import { Hono } from 'hono';\nimport { bodyLimit } from 'hono/body-limit';\n\nexport const app = new Hono();\napp.post('/api/uploads', bodyLimit({ maxSize: 1024 }), async (c) => c.json(await c.req.json()));\nexport const webhookPath = '/api/webhooks';",
    },
    {
      name: "a webhook route mounted in the Hono entry that verifies first",
      filename: file("server/_core/index.ts"),
      code: "import { Hono } from 'hono';\nimport { verifyWebhook } from '@clerk/backend/webhooks';\n\nexport const app = new Hono();\napp.post('/api/webhooks/clerk', async (c) => {\n  const event = await verifyWebhook(c.req.raw);\n  return c.json({ type: event.type });\n});",
    },
    {
      name: "Hono's response helpers c.json(data) and c.text('ok') read nothing",
      code: "import { Hono } from 'hono';\nexport const routes = new Hono();\nroutes.post('/ping', (c) => c.text('ok'));\nroutes.post('/status', (c) => c.json({ ok: true }, 200));",
    },
    {
      name: "a handler that only reads headers uses no payload",
      code: "import { Hono } from 'hono';\nexport const routes = new Hono();\nroutes.post('/clerk', (c) => {\n  if (!c.req.header('svix-id')) return c.json({ error: 'missing' }, 400);\n  return c.body(null, 204);\n});",
    },
    {
      name: "scripts outside server/ are not the backend",
      filename: file("scripts/replay-webhooks.ts"),
      code: "import { Hono } from 'hono';\nconst app = new Hono();\napp.post('/webhooks/clerk', async (c) => c.json(await c.req.json()));",
    },
    {
      name: "a missing secret rejects the request before a constant-time compare",
      filename: file("server/webhooks/asaas.ts"),
      code: "import { Hono } from 'hono';\nimport { timingSafeEqual } from 'node:crypto';\n\nexport const routes = new Hono();\nroutes.post('/asaas', async (c) => {\n  const secret = process.env.ASAAS_WEBHOOK_TOKEN;\n  if (secret === undefined) return c.json({ error: 'not_configured' }, 503);\n  const token = Buffer.from(c.req.header('asaas-access-token') ?? '');\n  if (token.length !== secret.length || !timingSafeEqual(token, Buffer.from(secret))) return c.json({ error: 'unauthorized' }, 401);\n  return c.json({ event: (await c.req.json()).event });\n});",
    },
    {
      name: "Standard Webhooks verify on an instance made in the handler",
      filename: file("server/webhooks/resend.ts"),
      code: "import { Hono } from 'hono';\nimport { Webhook } from 'standardwebhooks';\n\nexport const routes = new Hono();\nroutes.post('/resend', async (c) => {\n  const verifier = new Webhook('secret');\n  const payload = verifier.verify(await c.req.text(), c.req.header()) as { type: string };\n  return c.json({ type: payload.type });\n});",
    },
    {
      name: "a verify method of another object, in a handler that uses no payload",
      code: "import { Hono } from 'hono';\nexport const routes = new Hono();\nroutes.post('/clerk', async (c) => {\n  const job = queueClient.verify(c.req.header('x-id'));\n  return c.json({ job });\n});",
    },
    {
      name: "a handler function in the same file passed by name, verifying with svix",
      code: "import { Hono } from 'hono';\nimport { Webhook } from 'svix';\n\nasync function onClerk(c: Context) {\n  const event = new Webhook('s').verify(await c.req.text(), c.req.header());\n  return c.json(event);\n}\nexport const routes = new Hono();\nroutes.post('/clerk', onClerk);",
    },
    {
      name: "WebCrypto crypto.subtle.verify of an HMAC before parsing",
      filename: file("server/webhooks/github.ts"),
      code: "import { Hono } from 'hono';\nexport const routes = new Hono();\nroutes.post('/github', async (c) => {\n  const raw = await c.req.arrayBuffer();\n  const ok = await crypto.subtle.verify('HMAC', key, signature, raw);\n  if (!ok) return c.json({ error: 'unauthorized' }, 401);\n  return c.json(JSON.parse(new TextDecoder().decode(raw)));\n});",
    },
    {
      name: "processing stored events (no request parameter) is not a handler",
      filename: file("server/webhooks/events.ts"),
      code: "export async function handleAsaas(db: Db, event: StoredEvent) {\n  const payload = JSON.parse(String(event.payload));\n  await db.insert(payments).values(payload).onConflictDoNothing();\n}",
    },
    {
      name: 'helpers imported from a project module are followed into their file',
      filename: backendWebhook,
      settings: backendSettings,
      code: "import { Hono } from 'hono';\nimport { verifyAsaasToken, verifyClerkRequest } from './verify';\n\nexport const routes = new Hono();\nroutes.post('/asaas', async (c) => {\n  if (!verifyAsaasToken(c.req.header('asaas-access-token'), 'token')) return c.json({}, 401);\n  return c.json(await c.req.json());\n});\nroutes.post('/clerk', async (c) => {\n  const verification = await verifyClerkRequest(c.req.raw, 'secret');\n  return c.json(verification);\n});",
    },
    {
      name: 'a same-file helper given the raw request verifies it with svix before parsing',
      code: "import { Hono } from 'hono';\nimport { Webhook } from 'svix';\n\nasync function readClerk(request: Request) {\n  const body = await request.text();\n  return new Webhook('s').verify(body, Object.fromEntries(request.headers)) as { type: string };\n}\nexport const routes = new Hono();\nroutes.post('/clerk', async (c) => {\n  const event = await readClerk(c.req.raw);\n  return c.json({ type: event.type });\n});",
    },
    {
      name: 'an imported handler of a webhooks module is left to that module (one finding, not two)',
      filename: path.join(mounted, 'server/_core/index.ts'),
      settings: { 'backend-guard': { root: mounted } },
      code: "import { Hono } from 'hono';\nimport { handleClerk } from '../webhooks/clerk';\n\nexport const app = new Hono();\napp.post('/api/webhooks/clerk', handleClerk);",
    },
    {
      name: '@hono/zod-openapi route (createRoute in a const) verified with Polar validateEvent',
      code: "import { createRoute, OpenAPIHono } from '@hono/zod-openapi';\nimport { validateEvent } from '@polar-sh/sdk/webhooks';\n\nconst route = createRoute({ method: 'post', path: '/', responses: {} });\nconst app = new OpenAPIHono();\napp.openapi(route, async (c) => {\n  const event = validateEvent(await c.req.text(), c.req.header(), 'secret');\n  return c.json({ type: event.type });\n});",
    },
    {
      name: "a same-file helper that verifies Plaid's JWT with jose's jwtVerify",
      filename: file("server/webhooks/plaid.ts"),
      code: "import { Hono } from 'hono';\nimport { jwtVerify } from 'jose';\n\nasync function validPlaid(body: string, token: string) {\n  const { payload } = await jwtVerify(token, key);\n  return payload.request_body_sha256 === sha256(body);\n}\nexport const routes = new Hono();\nroutes.post('/plaid', async (c) => {\n  const raw = await c.req.text();\n  if (!(await validPlaid(raw, c.req.header('plaid-verification') ?? ''))) return c.json({}, 401);\n  return c.json(JSON.parse(raw));\n});",
    },
    {
      name: 'a same-file helper that computes the HMAC counts as verification',
      filename: file("server/webhooks/teller.ts"),
      code: "import { Hono } from 'hono';\nimport crypto from 'node:crypto';\n\nconst validSignature = (header: string, text: string) =>\n  header.split(',').includes(crypto.createHmac('sha256', 'secret').update(text).digest('hex'));\nexport const routes = new Hono();\nroutes.post('/teller', async (c) => {\n  const raw = await c.req.text();\n  if (!validSignature(c.req.header('teller-signature') ?? '', raw)) return c.json({}, 401);\n  return c.json(JSON.parse(raw));\n});",
    },
    {
      name: "an adapter's post to a provider's /webhooks endpoint is a client call, not a route",
      filename: file("server/adapters/asaas.ts"),
      code: "import { http } from './http';\n\nexport async function registerWebhook(url: string) {\n  const response = await http.post('/v3/webhooks', { url, events: ['PAYMENT_RECEIVED'] });\n  return response.json();\n}",
    },
    {
      name: 'an exported helper of webhook code that reads a Response (not a request) is not a handler',
      filename: file("server/webhooks/asaas-client.ts"),
      code: "export async function readPayment(response: Response) {\n  return (await response.json()) as { id: string };\n}",
    },
  ],
  invalid: [
    {
      name: "a Clerk handler that only checks the svix-id header is present",
      code: "import { Hono } from 'hono';\nexport const routes = new Hono();\nroutes.post('/clerk', async (c) => {\n  if (!c.req.header('svix-id')) return c.json({ error: 'missing headers' }, 400);\n  const evt = await c.req.json();\n  await syncUser(evt.data);\n  return c.json({ ok: true });\n});",
      errors: [
        { messageId: 'missingVerification', line: 5, column: 21, endLine: 5, endColumn: 33 },
      ],
    },
    {
      name: "a static token compared with !== and skipped when the secret is unset",
      filename: file("server/webhooks/asaas.ts"),
      code: "import { Hono } from 'hono';\nexport const routes = new Hono();\nroutes.post('/asaas', async (c) => {\n  const secret = process.env.ASAAS_WEBHOOK_TOKEN;\n  const token = c.req.header('asaas-access-token');\n  if (secret && token !== secret) return c.json({ error: 'unauthorized' }, 401);\n  const body = await c.req.json();\n  return c.json({ event: body.event });\n});",
      errors: [
        { messageId: 'plainSecretCompare', line: 6, column: 17, endLine: 6, endColumn: 33 },
      ],
    },
    {
      name: "the payload parsed before svix verifies a re-serialised copy",
      code: "import { Hono } from 'hono';\nimport { Webhook } from 'svix';\n\nconst wh = new Webhook('whsec');\nexport const routes = new Hono();\nroutes.post('/clerk', async (c) => {\n  const payload = await c.req.json();\n  wh.verify(JSON.stringify(payload), c.req.header());\n  return c.json({ type: payload.type });\n});",
      errors: [
        { messageId: 'payloadBeforeVerification', line: 7, column: 25, endLine: 7, endColumn: 37 },
      ],
    },
    {
      name: "the raw payload stored before it is verified",
      code: "import { Hono } from 'hono';\nimport { verifyWebhook } from '@clerk/backend/webhooks';\nimport { db } from '../db';\nimport { webhookEvents } from '../../drizzle/schema';\n\nexport const routes = new Hono();\nroutes.post('/clerk', async (c) => {\n  await db.insert(webhookEvents).values({ payload: await c.req.raw.clone().text() });\n  const event = await verifyWebhook(c.req.raw);\n  return c.json({ type: event.type });\n});",
      errors: [
        { messageId: 'payloadBeforeVerification', line: 8, column: 9, endLine: 8, endColumn: 33 },
      ],
    },
    {
      name: "a constant-time compare skipped when the secret is unset",
      filename: file("server/webhooks/asaas.ts"),
      code: "import { Hono } from 'hono';\nimport { timingSafeEqual } from 'node:crypto';\n\nexport const routes = new Hono();\nroutes.post('/asaas', async (c) => {\n  const secret = process.env.ASAAS_WEBHOOK_TOKEN;\n  const token = Buffer.from(c.req.header('asaas-access-token') ?? '');\n  if (secret && !timingSafeEqual(token, Buffer.from(secret))) return c.json({ error: 'unauthorized' }, 401);\n  return c.json({ event: (await c.req.json()).event });\n});",
      errors: [
        { messageId: 'skippableVerification', line: 8, column: 7, endLine: 8, endColumn: 13 },
      ],
    },
    {
      name: "verification only inside if (secret) { … }",
      code: "import { Hono } from 'hono';\nimport { Webhook } from 'svix';\n\nexport const routes = new Hono();\nroutes.post('/clerk', async (c) => {\n  const raw = await c.req.text();\n  if (config.clerkSecret) {\n    new Webhook(config.clerkSecret).verify(raw, c.req.header());\n  }\n  return c.json(JSON.parse(raw));\n});",
      errors: [
        { messageId: 'skippableVerification', line: 7, column: 7, endLine: 7, endColumn: 25 },
      ],
    },
    {
      name: "a zod validator middleware parses the body before the handler verifies",
      code: "import { Hono } from 'hono';\nimport { zValidator } from '@hono/zod-validator';\nimport { verifyWebhook } from '@clerk/backend/webhooks';\n\nexport const routes = new Hono();\nroutes.post('/clerk', zValidator('json', clerkEvent), async (c) => {\n  const event = await verifyWebhook(c.req.raw);\n  return c.json({ type: event.type });\n});",
      errors: [
        { messageId: 'payloadBeforeVerification', line: 6, column: 23, endLine: 6, endColumn: 53 },
      ],
    },
    {
      name: "a webhook route in the Hono entry (path contains 'webhook') that never verifies",
      filename: file("server/_core/index.ts"),
      code: "import { Hono } from 'hono';\nexport const app = new Hono();\napp.post('/api/webhooks/clerk', async (c) => {\n  const event = await c.req.json();\n  return c.json({ type: event.type });\n});",
      errors: [
        { messageId: 'missingVerification', line: 4, column: 23, endLine: 4, endColumn: 35 },
      ],
    },
    {
      name: "an exported POST(request) handler in webhook code that never verifies",
      filename: file("server/webhooks/route.ts"),
      code: "export async function POST(request: Request) {\n  const event = (await request.json()) as { type: string };\n  return Response.json({ type: event.type });\n}",
      errors: [
        { messageId: 'missingVerification', line: 2, column: 24, endLine: 2, endColumn: 38 },
      ],
    },
    {
      name: "Express: req.body read before stripe.webhooks.constructEvent",
      filename: file("server/webhooks/stripe.ts"),
      code: "export function register(router: Router) {\n  router.post('/stripe', (req, res) => {\n    if (req.body.livemode === false) return res.sendStatus(204);\n    const event = stripe.webhooks.constructEvent(req.body, req.headers['stripe-signature'], 'whsec');\n    return res.json({ id: event.id });\n  });\n}",
      errors: [
        { messageId: 'payloadBeforeVerification', line: 3, column: 9, endLine: 3, endColumn: 17 },
      ],
    },
    {
      name: "JSON.parse of the raw text before the HMAC compare",
      filename: file("server/webhooks/whatsapp.ts"),
      code: "import { Hono } from 'hono';\nimport { timingSafeEqual } from 'node:crypto';\n\nexport const routes = new Hono();\nroutes.post('/whatsapp', async (c) => {\n  const raw = await c.req.text();\n  const payload = JSON.parse(raw);\n  if (!timingSafeEqual(sign(raw), Buffer.from(c.req.header('x-hub-signature-256') ?? ''))) return c.json({}, 401);\n  return c.json({ object: payload.object });\n});",
      errors: [
        { messageId: 'payloadBeforeVerification', line: 7, column: 19, endLine: 7, endColumn: 34 },
      ],
    },
    {
      name: "Hono app.on(POST) webhook route with a header compared by ===",
      filename: file("server/_core/index.ts"),
      code: "import { Hono } from 'hono';\nexport const app = new Hono();\napp.on('POST', '/webhooks/asaas', async (c) => {\n  if (c.req.header('asaas-access-token') === env.ASAAS_TOKEN) {\n    await handlePayment(await c.req.json());\n  }\n  return c.json({ ok: true });\n});",
      errors: [
        { messageId: 'plainSecretCompare', line: 4, column: 7, endLine: 4, endColumn: 61 },
      ],
    },
    {
      name: 'with followImports off, an imported helper is not followed',
      filename: backendWebhook,
      settings: backendSettings,
      options: [{ followImports: false }],
      code: "import { Hono } from 'hono';\nimport { verifyAsaasToken } from './verify';\n\nexport const routes = new Hono();\nroutes.post('/asaas', async (c) => {\n  if (!verifyAsaasToken(c.req.header('asaas-access-token'), 'token')) return c.json({}, 401);\n  return c.json(await c.req.json());\n});",
      errors: [{ messageId: 'missingVerification', line: 7, column: 23, endLine: 7, endColumn: 35 }],
    },
    {
      name: 'an imported handler that never verifies is reported at the route',
      filename: path.join(mounted, 'server/_core/index.ts'),
      settings: { 'backend-guard': { root: mounted } },
      code: "import { Hono } from 'hono';\nimport { handleAsaas } from '../handlers/asaas';\n\nexport const app = new Hono();\napp.post('/api/webhooks/asaas', handleAsaas);",
      errors: [{ messageId: 'missingVerification', line: 5, column: 33, endLine: 5, endColumn: 44 }],
    },
    {
      name: 'the route hands the raw request to a same-file helper that parses it unverified',
      code: "import { Hono } from 'hono';\n\nasync function readClerk(request: Request) {\n  return (await request.json()) as { type: string };\n}\nexport const routes = new Hono();\nroutes.post('/clerk', async (c) => {\n  const event = await readClerk(c.req.raw);\n  return c.json({ type: event.type });\n});",
      errors: [{ messageId: 'missingVerification', line: 8, column: 23, endLine: 8, endColumn: 43 }],
    },
    {
      name: '@hono/zod-openapi route (inline createRoute, method post) that never verifies',
      code: "import { createRoute, OpenAPIHono } from '@hono/zod-openapi';\n\nconst app = new OpenAPIHono();\napp.openapi(createRoute({ method: 'post', path: '/', responses: {} }), async (c) => {\n  const body = await c.req.json();\n  return c.json({ ok: body.ok });\n});",
      errors: [{ messageId: 'missingVerification', line: 5, column: 22, endLine: 5, endColumn: 34 }],
    },
    {
      name: 'an HMAC computed in the handler but compared with !==',
      filename: file("server/webhooks/teller.ts"),
      code: "import { Hono } from 'hono';\nimport { createHmac } from 'node:crypto';\n\nexport const routes = new Hono();\nroutes.post('/teller', async (c) => {\n  const raw = await c.req.text();\n  const expected = createHmac('sha256', 'secret').update(raw).digest('hex');\n  if (c.req.header('teller-signature') !== expected) return c.json({}, 401);\n  return c.json(JSON.parse(raw));\n});",
      errors: [{ messageId: 'plainSecretCompare', line: 8, column: 7, endLine: 8, endColumn: 52 }],
    },
    {
      name: 'a clone of the raw request parsed with no verification (an object check is not one)',
      filename: file("server/_core/index.ts"),
      code: "import { Hono } from 'hono';\n\nconst app = new Hono();\napp.post('/webhooks/clerk', async (c) => {\n  const data = await c.req.raw.clone().json();\n  if (!data || data.object !== 'event') return c.json({ error: 'Invalid webhook event' }, 400);\n  await handleClerkEvent(data);\n  return c.text('ok');\n});",
      errors: [{ messageId: 'missingVerification', line: 5, column: 22, endLine: 5, endColumn: 46 }],
    },
  ],
});
