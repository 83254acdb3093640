// webhook-verify-first: webhook handlers that use the payload before (or without) verifying it.
import type { Mutation } from '../_utils/mutation-harness.js';

export const mutations: Mutation[] = [
  {
    name: 'the Clerk route only checks that the svix-id header is present, then parses the body',
    file: 'server/webhooks/index.ts',
    find: `    const verification = await verifyClerkRequest(c.req.raw, signingSecret);
    if (!verification.ok) {
      log.warn({ provider: 'clerk', reason: verification.reason }, 'clerk webhook rejected: signature not verified');
      return c.json({ error: 'unauthorized' }, 401);
    }
    const { event, deliveryId } = verification;`,
    replace: `    const deliveryId = c.req.header('svix-id');
    if (!deliveryId) {
      log.warn({ provider: 'clerk' }, 'clerk webhook rejected: missing svix-id header');
      return c.json({ error: 'unauthorized' }, 401);
    }
    const event = (await c.req.json()) as { type: string; data: unknown };`,
    expect: [{ ruleId: 'webhook-verify-first', at: 'c.req.json()) as { type' }],
  },
  {
    name: 'the Asaas token is compared with !== and the check is skipped when the token is unset',
    file: 'server/webhooks/index.ts',
    find: `    if (expectedToken === undefined) {
      log.error({ provider: 'asaas', degraded: true }, 'asaas webhook token not configured, delivery refused');
      return c.json({ error: 'not_configured' }, 503);
    }
    if (!verifyAsaasToken(c.req.header('asaas-access-token'), expectedToken)) {`,
    replace: `    if (expectedToken && c.req.header('asaas-access-token') !== expectedToken) {`,
    expect: [{ ruleId: 'webhook-verify-first', at: "c.req.header('asaas-access-token') !== expectedToken" }],
  },
  {
    name: 'the Asaas route logs the event type from the body before checking the token',
    file: 'server/webhooks/index.ts',
    find: `  routes.post('/asaas', async (c) => {
    const expectedToken = config.asaasWebhookToken;`,
    replace: `  routes.post('/asaas', async (c) => {
    const preview = (await c.req.json()) as { event?: string };
    log.info({ provider: 'asaas', eventType: preview.event }, 'asaas webhook received');
    const expectedToken = config.asaasWebhookToken;`,
    expect: [{ ruleId: 'webhook-verify-first', at: 'c.req.json()) as { event' }],
  },
  {
    name: 'the Asaas token helper compares with === instead of in constant time',
    file: 'server/webhooks/verify.ts',
    find: '  return headerValue !== undefined && headerValue.length > 0 && constantTimeEqual(headerValue, expectedToken);',
    replace: '  return headerValue !== undefined && headerValue === expectedToken;',
    expect: [{ ruleId: 'webhook-verify-first', file: 'server/webhooks/index.ts', at: 'c.req.json();' }],
  },
  {
    name: "the Clerk helper reads the request's JSON instead of calling verifyWebhook",
    file: 'server/webhooks/verify.ts',
    find: '    const event = await verifyWebhook(request, { signingSecret });',
    replace: '    const event = (await request.json()) as WebhookEvent;',
    edits: [{ find: "import { verifyWebhook } from '@clerk/backend/webhooks';\n", replace: '' }],
    // Reported twice: the exported helper reads a request body unverified, and the route hands it the request.
    expect: [
      { ruleId: 'webhook-verify-first', file: 'server/webhooks/index.ts', at: 'verifyClerkRequest(c.req.raw, signingSecret)' },
      { ruleId: 'webhook-verify-first', at: 'request.json()' },
    ],
  },
  {
    name: 'the Hono entry mounts a WhatsApp webhook route that never verifies the signature',
    file: 'server/_core/index.ts',
    find: "app.route('/api/webhooks', webhookRoutes);",
    replace: `app.route('/api/webhooks', webhookRoutes);
app.post('/api/webhooks/whatsapp', async (c) => {
  const update = (await c.req.json()) as { entry?: unknown[] };
  c.get('logger').info({ provider: 'whatsapp', entries: update.entry?.length ?? 0 }, 'whatsapp webhook received');
  return c.json({ received: true });
});`,
    expect: [{ ruleId: 'webhook-verify-first', at: 'c.req.json()) as { entry' }],
  },
];
