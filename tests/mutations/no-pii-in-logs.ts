// no-pii-in-logs: personal data (LGPD) in log fields, whole inputs, users and request bodies.
import type { Mutation } from '../_utils/mutation-harness.js';

export const mutations: Mutation[] = [
  {
    name: 'a service adds the email to its audit line (typed: ctx.logger of a service parameter)',
    file: 'server/services/users.ts',
    find: "  ctx.logger.info({ targetUserId: profile.id }, 'profile updated');",
    replace: "  ctx.logger.info({ targetUserId: profile.id, email: profile.email }, 'profile updated');",
    types: true,
    expect: [{ ruleId: 'no-pii-in-logs', at: 'email: profile.email' }],
  },
  {
    name: 'a router resolver spreads the whole input into its log fields',
    file: 'server/routers/leads.ts',
    find: "  create: mentoradoProcedure.input(leadCreateInput).mutation(({ ctx, input }) => leadsService.createLead(ctx, input)),",
    replace: `  create: mentoradoProcedure.input(leadCreateInput).mutation(({ ctx, input }) => {
    ctx.logger.info({ ...input }, 'creating lead');
    return leadsService.createLead(ctx, input);
  }),`,
    expect: [{ ruleId: 'no-pii-in-logs', at: '...input }' }],
  },
  {
    name: 'the session cache logs the user\'s email when a write fails',
    file: 'server/services/session-cache.ts',
    find: "log.warn({ err: error, store: this.store.name, clerkId }, 'session store write failed; in-memory fallback only');",
    replace: "log.warn({ err: error, store: this.store.name, clerkId, userEmail: user.email }, 'session store write failed; in-memory fallback only');",
    expect: [{ ruleId: 'no-pii-in-logs', at: 'userEmail: user.email' }],
  },
  {
    name: 'a webhook logs the raw request body',
    file: 'server/webhooks/index.ts',
    find: `  routes.post('/asaas', async (c) => {
    const expectedToken = config.asaasWebhookToken;`,
    replace: `  routes.post('/asaas', async (c) => {
    log.debug({ provider: 'asaas', payload: await c.req.json() }, 'asaas webhook received');
    const expectedToken = config.asaasWebhookToken;`,
    // Reading the payload before the token check is also webhook-verify-first's finding.
    expect: [
      { ruleId: 'no-pii-in-logs', at: 'await c.req.json() }' },
      { ruleId: 'webhook-verify-first', at: 'c.req.json() }, ' },
    ],
  },
  {
    name: 'the context binds the user\'s email to the request logger (typed: options.logger)',
    file: 'server/_core/context.ts',
    find: 'const logger = options.logger.child({ userId: user?.id ?? null, role: user?.role ?? null });',
    replace: 'const logger = options.logger.child({ userId: user?.id ?? null, role: user?.role ?? null, email: user?.email ?? null });',
    types: true,
    expect: [{ ruleId: 'no-pii-in-logs', at: 'email: user?.email' }],
  },
  {
    name: 'the LGPD service logs its whole input (typed: ctx.logger of a service parameter)',
    file: 'server/services/lgpd.ts',
    find: "  ctx.logger.info({ entity: input.entity, entityId }, 'lgpd contact anonymised');",
    replace: "  ctx.logger.info({ input, entityId }, 'lgpd contact anonymised');",
    types: true,
    expect: [{ ruleId: 'no-pii-in-logs', at: 'input, entityId }' }],
  },
];
