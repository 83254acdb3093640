// no-hardcoded-secrets: live-credential shapes in string literals. The fakes are assembled here so
// this file holds no credential-shaped literal itself.
import type { Mutation } from '../_utils/mutation-harness.js';

const clerkKey = ['sk', 'live', 'Q2xlcmtGYWtlS2V5Rm9yTXV0YXRpb25z'].join('_');
const asaasKey = `${'$'}aact_${'YTU5YTE0M2M2N2I4MTliNzk0YTI5N2U5MzdjNWZmNDQ6OjAwMDAwMDAwMDAwMDAwNzI3NjE6OiRhYWNoXzY0'}`;
const svixSecret = ['whsec', 'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'].join('_');
const neonUrl = ['postgresql://crm_owner', 'npg_Xk29vLq7PzA4@ep-cool-darkness-a1b2c3.sa-east-1.aws.neon.tech/crm?sslmode=require'].join(':');
const devToken = ['eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9', 'eyJzdWIiOiJ1c2VyXzJhYmMiLCJzaWQiOiJzZXNzXzEifQ', 'c2lnbmF0dXJlLW9mLXRoZS1kZXYtdG9rZW4'].join('.');

export const mutations: Mutation[] = [
  {
    name: 'the Clerk adapter falls back to a pasted live secret key',
    file: 'server/adapters/clerk.ts',
    find: '  secretKey: env.CLERK_SECRET_KEY,',
    replace: `  secretKey: env.CLERK_SECRET_KEY ?? '${clerkKey}',`,
    expect: [{ ruleId: 'no-hardcoded-secrets', at: `'${clerkKey}'` }],
  },
  {
    name: 'the Asaas adapter hard-codes its API key',
    file: 'server/adapters/asaas.ts',
    find: '  apiKey: env.ASAAS_API_KEY,',
    replace: `  apiKey: '${asaasKey}',`,
    expect: [{ ruleId: 'no-hardcoded-secrets', at: `'${asaasKey}'` }],
  },
  {
    name: 'the webhook routes default the svix signing secret',
    file: 'server/webhooks/index.ts',
    find: '  clerkSigningSecret: env.CLERK_WEBHOOK_SIGNING_SECRET,',
    replace: `  clerkSigningSecret: env.CLERK_WEBHOOK_SIGNING_SECRET ?? "${svixSecret}",`,
    expect: [{ ruleId: 'no-hardcoded-secrets', at: `"${svixSecret}"` }],
  },
  {
    name: 'the env schema defaults DATABASE_URL to the production Neon URL',
    file: 'server/_core/env.ts',
    find: '  DATABASE_URL: z.preprocess(emptyAsUndefined, z.url().optional()),',
    replace: `  DATABASE_URL: z.preprocess(emptyAsUndefined, z.url().default('${neonUrl}')),`,
    expect: [{ ruleId: 'no-hardcoded-secrets', at: `'${neonUrl}'` }],
  },
  {
    name: 'the auth middleware keeps a developer session token (a template literal)',
    file: 'server/_core/auth.ts',
    find: 'export async function authenticate(',
    replace: `/** Session token of the seeded developer account, for local curl calls. */
export const DEV_SESSION_TOKEN = \`${devToken}\`;

export async function authenticate(`,
    expect: [{ ruleId: 'no-hardcoded-secrets', at: `\`${devToken}\`` }],
  },
];
