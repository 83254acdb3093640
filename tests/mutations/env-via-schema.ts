// env-via-schema: the environment read outside the env module.
import type { Mutation } from '../_utils/mutation-harness.js';

export const mutations: Mutation[] = [
  {
    name: 'an adapter reads its API key from process.env',
    file: 'server/adapters/asaas.ts',
    find: '  apiKey: env.ASAAS_API_KEY,',
    replace: '  apiKey: process.env.ASAAS_API_KEY,',
    expect: [{ ruleId: 'env-via-schema', at: 'process.env.ASAAS_API_KEY' }],
  },
  {
    name: 'the session cache checks Bun.env for Redis',
    file: 'server/services/session-cache.ts',
    find: '  if (env.REDIS_URL !== undefined) {',
    replace: '  if (Bun.env.REDIS_URL !== undefined) {',
    expect: [{ ruleId: 'env-via-schema', at: 'Bun.env.REDIS_URL' }],
  },
  {
    name: 'the Hono entry reads SCHEDULER_ENABLED raw',
    file: 'server/_core/index.ts',
    find: '  const schedulerEnabled = options.scheduler ?? env.SCHEDULER_ENABLED;',
    replace: "  const schedulerEnabled = options.scheduler ?? process.env['SCHEDULER_ENABLED'] !== 'false';",
    expect: [{ ruleId: 'env-via-schema', at: "process.env['SCHEDULER_ENABLED']" }],
  },
  {
    name: 'the webhook routes destructure their secrets from process.env',
    file: 'server/webhooks/index.ts',
    find: `export const webhookRoutes: Hono = createWebhookRoutes({
  db: defaultDb,
  asaasWebhookToken: env.ASAAS_WEBHOOK_TOKEN,
  clerkSigningSecret: env.CLERK_WEBHOOK_SIGNING_SECRET,
});`,
    replace: `const { ASAAS_WEBHOOK_TOKEN, CLERK_WEBHOOK_SIGNING_SECRET } = process.env;

export const webhookRoutes: Hono = createWebhookRoutes({
  db: defaultDb,
  asaasWebhookToken: ASAAS_WEBHOOK_TOKEN ?? env.ASAAS_WEBHOOK_TOKEN,
  clerkSigningSecret: CLERK_WEBHOOK_SIGNING_SECRET,
});`,
    expect: [{ ruleId: 'env-via-schema', at: 'process.env;' }],
  },
  {
    name: 'a job takes env from node:process',
    file: 'server/jobs/definitions.ts',
    find: "import type { JobFn, JobWindowSpec } from './runner';",
    replace: "import type { JobFn, JobWindowSpec } from './runner';\nimport { env as processEnv } from 'node:process';\n\nconst retentionDisabled = processEnv.RETENTION_DISABLED === 'true';\nexport const retentionEnabled = () => !retentionDisabled;",
    expect: [{ ruleId: 'env-via-schema', at: 'env as processEnv' }],
  },
];
