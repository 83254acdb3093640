import rule from '../../rules/env-via-schema.js';
import { file, RuleTester } from '../_utils/rule-tester.js';

const service = file('server/services/billing.ts');

new RuleTester().run('env-via-schema', rule, {
  valid: [
    {
      name: 'the env module parses process.env with its schema',
      filename: file('server/_core/env.ts'),
      code: "import { z } from 'zod';\nexport const env = z.object({ PORT: z.coerce.number() }).parse(process.env);",
    },
    { name: 'a service imports the validated env', filename: service, code: "import { env } from '../_core/env';\nexport const key = env.ASAAS_API_KEY;" },
    { name: 'a local object named process is not the global', filename: service, code: "const process = { env: { A: '1' } };\nexport const a = process.env.A;" },
    { name: 'a parameter named Bun is not the global', filename: service, code: 'export const read = (Bun: { env: Record<string, string> }) => Bun.env.X;' },
    { name: 'process.cwd() and process.pid are not the environment', filename: service, code: 'export const where = process.cwd();\nexport const pid = process.pid;' },
    { name: 'an env property of another object', filename: service, code: "import { config } from '../lib/config';\nexport const mode = config.env.mode;" },
    { name: 'import.meta.url is not the environment', filename: service, code: 'export const here = import.meta.url;' },
    { name: 'test files set up the environment', filename: file('server/services/billing.test.ts'), code: "process.env.CLERK_SECRET_KEY = 'x';" },
    { name: 'files outside the server role', filename: file('scripts/seed.ts'), code: 'const url = process.env.DATABASE_URL;' },
    { name: 'a tool config file under server/ (default allowIn)', filename: file('server/vitest.config.ts'), code: 'export default { env: process.env };' },
    { name: 'a command-line script under server/db/scripts (default allowIn)', filename: file('server/db/scripts/seed.ts'), code: 'const url = process.env.DATABASE_URL;' },
    {
      name: 'a file listed in allowIn',
      filename: file('server/start.ts'),
      code: 'const port = process.env.PORT;',
      options: [{ allowIn: ['server/start.ts'] }],
    },
    { name: 'an allowed variable name', filename: service, code: "export const dev = process.env.NODE_ENV === 'development';", options: [{ allowNames: ['NODE_ENV'] }] },
    { name: 'an env export of another module', filename: service, code: "import { env } from './settings';\nexport const a = env.A;" },
    { name: 'a configured env module elsewhere', filename: file('server/config/env.ts'), code: 'export const raw = process.env;', settings: { 'backend-guard': { root: '/project', config: { roles: { env: ['server/config/env.ts'] } } } } },
    { name: 'destructuring something else out of process', filename: service, code: 'const { pid, platform } = process;\nexport { pid, platform };' },
  ],
  invalid: [
    {
      name: 'process.env.X in a service, the env module named by the config',
      filename: service,
      code: 'const key = process.env.ASAAS_API_KEY;',
      settings: { 'backend-guard': { root: '/project', config: { roles: { server: ['server/**'], env: ['server/config/env.ts'] } } } },
      errors: [{ messageId: 'envOutsideEnvModule', line: 1, column: 13, endLine: 1, endColumn: 24, data: { what: 'process.env.ASAAS_API_KEY', envGlobs: 'server/config/env.ts' } }],
    },
    {
      name: "process.env['X'] in a router",
      code: "export const secret = process.env['CLERK_SECRET_KEY']!;",
      errors: [{ messageId: 'envOutsideEnvModule', line: 1, column: 23, endLine: 1, endColumn: 34 }],
    },
    {
      name: 'destructuring process.env',
      filename: service,
      code: 'const { DATABASE_URL, REDIS_URL } = process.env;',
      errors: [{ messageId: 'envOutsideEnvModule', line: 1, column: 37, endLine: 1, endColumn: 48, data: { what: 'process.env', envGlobs: 'the env module' } }],
    },
    {
      name: 'Bun.env in a webhook',
      filename: file('server/webhooks/asaas.ts'),
      code: 'export const token = Bun.env.ASAAS_WEBHOOK_TOKEN;',
      errors: [{ messageId: 'envOutsideEnvModule', line: 1, column: 22, endLine: 1, endColumn: 29 }],
    },
    {
      name: 'import.meta.env in an adapter',
      filename: file('server/adapters/whatsapp.ts'),
      code: 'export const token = import.meta.env.WHATSAPP_TOKEN;',
      errors: [{ messageId: 'envOutsideEnvModule', line: 1, column: 22, endLine: 1, endColumn: 37 }],
    },
    {
      name: "Deno.env.get('X')",
      filename: service,
      code: "export const url = Deno.env.get('DATABASE_URL');",
      errors: [{ messageId: 'envOutsideEnvModule', line: 1, column: 20, endLine: 1, endColumn: 28, data: { what: 'Deno.env.DATABASE_URL', envGlobs: 'the env module' } }],
    },
    {
      name: "process imported from node:process",
      filename: service,
      code: "import process from 'node:process';\nexport const port = process.env.PORT;",
      errors: [{ messageId: 'envOutsideEnvModule', line: 2, column: 21, endLine: 2, endColumn: 32 }],
    },
    {
      name: "env imported from node:process",
      filename: service,
      code: "import { env } from 'node:process';\nexport const port = env.PORT;",
      errors: [{ messageId: 'envOutsideEnvModule', line: 1, column: 10, endLine: 1, endColumn: 13 }],
    },
    {
      name: 'env destructured from process',
      filename: service,
      code: 'const { env } = process;\nexport const port = env.PORT;',
      errors: [{ messageId: 'envOutsideEnvModule', line: 1, column: 9, endLine: 1, endColumn: 12 }],
    },
    {
      name: 'a write to process.env outside the env module',
      filename: file('server/start.ts'),
      code: "process.env.TZ = 'UTC';",
      errors: [{ messageId: 'envOutsideEnvModule', line: 1, column: 1, endLine: 1, endColumn: 12 }],
    },
    {
      name: 'allowNames does not cover other names',
      filename: service,
      code: 'export const url = process.env.DATABASE_URL;',
      options: [{ allowNames: ['NODE_ENV'] }],
      errors: [{ messageId: 'envOutsideEnvModule', line: 1, column: 20, endLine: 1, endColumn: 31 }],
    },
  ],
});
