import rule from '../../rules/no-hardcoded-secrets.js';
import { file, RuleTester } from '../_utils/rule-tester.js';

// Shape-valid fakes, assembled so the literals of this file are not themselves credentials.
const clerkKey = ['sk', 'live', 'Q2xlcmtGYWtlS2V5Rm9yVGVzdHMx'].join('_');
const clerkTestKey = ['sk', 'test', 'Zm9yVGVzdHNPbmx5Tm90QVJlYWxLZXk'].join('_');
const stripeRestricted = ['rk', 'live', '51HfakeRestrictedKey0000000000'].join('_');
const svix = `whsec_${'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'}`;
const asaas = `$aact_${'YTU5YTE0M2M2N2I4MTliNzk0YTI5N2U5MzdjNWZmNDQ6OjAwMDAwMDAwMDAwMDAwNzI3NjE6OiRhYWNoXzY0'}`;
const jwt = ['eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9', 'eyJzdWIiOiJ1c2VyXzJhYmMiLCJpYXQiOjE3MDAwMDAwMDB9', 'dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk'].join('.');
const pemBody = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj';
const pem = `-----BEGIN ${'PRIVATE'} KEY-----\\n${pemBody}\\n-----END PRIVATE KEY-----`;
const service = file('server/services/billing.ts');

new RuleTester().run('no-hardcoded-secrets', rule, {
  valid: [
    { name: 'a key read from the validated env', filename: service, code: "import { env } from '../_core/env';\nexport const key = env.CLERK_SECRET_KEY;" },
    { name: 'a prefix check is not a key', filename: service, code: "export const isLive = (key: string) => key.startsWith('sk_live_');" },
    { name: 'a schema requiring the whsec_ prefix', filename: file('server/_core/env.ts'), code: "import { z } from 'zod';\nexport const secret = z.string().startsWith('whsec_');" },
    { name: 'a Clerk publishable key is public', filename: service, code: "export const pk = 'pk_live_Y2xlcmsuZXhhbXBsZS5jb20k';" },
    { name: 'a database URL without a password', filename: service, code: "export const url = 'postgres://app@db.internal:5432/crm';" },
    { name: 'a database URL whose password is an expression', filename: service, code: 'export const url = (pw: string) => `postgres://app:${pw}@db.internal:5432/crm`;' },
    { name: 'a database URL with a placeholder password', filename: service, code: "export const example = 'postgresql://user:password@host:5432/db';" },
    { name: 'a database URL with a bracketed placeholder', filename: service, code: "export const example = 'postgres://user:<password>@host/db';" },
    { name: 'a local development database', filename: service, code: "export const local = 'postgres://postgres:postgres@localhost:5432/crm';" },
    { name: 'a PEM header used as a check, without a body', filename: service, code: "export const isPem = (k: string) => k.includes('-----BEGIN PRIVATE KEY-----');" },
    { name: 'a public key block', filename: service, code: "export const pub = '-----BEGIN PUBLIC KEY-----\\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo\\n-----END PUBLIC KEY-----';" },
    { name: 'three base64url segments that are not a JWT header', filename: service, code: "export const id = 'eyJmb28iOjF9abcdefgh.eyJmb28iOjF9abcdefgh.abcdefghijklmnopqrstu';" },
    { name: 'a test file may hold test keys', filename: file('server/services/billing.test.ts'), code: `export const key = '${clerkTestKey}';` },
    { name: 'a test fixture file', filename: file('tests/fixtures/tokens.ts'), code: `export const token = '${jwt}';` },
    { name: 'a fixtures folder outside tests (default ignore)', filename: file('server/fixtures/keys.ts'), code: `export const key = '${clerkKey}';` },
    { name: 'an ignored glob from options', filename: file('server/dev/seed.ts'), code: `export const key = '${clerkKey}';`, options: [{ ignore: ['server/dev/**'] }] },
    { name: 'an sk_live_ prefix too short to be a key', filename: service, code: "export const label = 'sk_live_key';" },
  ],
  invalid: [
    {
      name: 'a Clerk secret key in a service',
      filename: service,
      code: `const clerk = { secretKey: '${clerkKey}' };`,
      errors: [{ messageId: 'hardcodedSecret', line: 1, column: 28, endLine: 1, endColumn: 28 + clerkKey.length + 2, data: { kind: 'Clerk or Stripe secret key' } }],
    },
    {
      name: 'a Clerk test key outside tests',
      filename: file('server/_core/auth.ts'),
      code: `export const key = "${clerkTestKey}";`,
      errors: [{ messageId: 'hardcodedSecret', line: 1, column: 20, endLine: 1, endColumn: 20 + clerkTestKey.length + 2 }],
    },
    {
      name: 'a Stripe restricted key',
      filename: file('server/adapters/stripe.ts'),
      code: `export const key = '${stripeRestricted}';`,
      errors: [{ messageId: 'hardcodedSecret', line: 1, column: 20, endLine: 1, endColumn: 20 + stripeRestricted.length + 2 }],
    },
    {
      name: 'an svix signing secret in a webhook',
      filename: file('server/webhooks/clerk.ts'),
      code: `export const secret = '${svix}';`,
      errors: [{ messageId: 'hardcodedSecret', line: 1, column: 23, endLine: 1, endColumn: 23 + svix.length + 2, data: { kind: 'svix webhook signing secret' } }],
    },
    {
      name: 'an Asaas API key in an adapter',
      filename: file('server/adapters/asaas.ts'),
      code: `export const apiKey = '${asaas}';`,
      errors: [{ messageId: 'hardcodedSecret', line: 1, column: 23, endLine: 1, endColumn: 23 + asaas.length + 2, data: { kind: 'Asaas API key' } }],
    },
    {
      name: 'a database URL with a real password',
      filename: file('server/db.ts'),
      code: "export const url = 'postgres://crm:Xk29vLq7Pz@ep-cool-darkness.sa-east-1.aws.neon.tech/crm?sslmode=require';",
      errors: [{ messageId: 'hardcodedSecret', line: 1, column: 20, endLine: 1, endColumn: 108, data: { kind: 'database URL with a password' } }],
    },
    {
      name: 'a password in the literal part of a template',
      filename: file('drizzle.config.ts'),
      code: 'export default { url: `postgresql://crm:Xk29vLq7Pz@db.example.com/${name}` };',
      errors: [{ messageId: 'hardcodedSecret', line: 1, column: 23, endLine: 1, endColumn: 69 }],
    },
    {
      name: 'a PEM private key',
      filename: file('server/_core/auth.ts'),
      code: `export const key = '${pem}';`,
      errors: [{ messageId: 'hardcodedSecret', line: 1, column: 20, endLine: 1, endColumn: 20 + pem.length + 2, data: { kind: 'private key' } }],
    },
    {
      name: 'a JWT in a script outside the server',
      filename: file('scripts/call-api.ts'),
      code: `const headers = { Authorization: 'Bearer ${jwt}' };`,
      errors: [{ messageId: 'hardcodedSecret', line: 1, column: 34, endLine: 1, endColumn: 34 + jwt.length + 9, data: { kind: 'JSON Web Token' } }],
    },
    {
      name: 'checkTests reports keys in test files too',
      filename: file('server/services/billing.test.ts'),
      code: `export const key = '${clerkKey}';`,
      options: [{ checkTests: true }],
      errors: [{ messageId: 'hardcodedSecret', line: 1, column: 20, endLine: 1, endColumn: 20 + clerkKey.length + 2 }],
    },
  ],
});
