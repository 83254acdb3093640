import path from 'node:path';
import rule from '../../rules/layers.js';
import { RuleTester, file } from '../_utils/rule-tester.js';

const router = file('server/routers/leads.ts');
const service = file('server/services/leads.ts');
const adapter = file('server/adapters/asaas.ts');
const webhook = file('server/webhooks/asaas.ts');

// A project on disk whose tsconfig maps `@/*` to server/* and `#adapters` to one adapter.
const ALIASES = path.resolve(import.meta.dirname, '../fixtures/aliases');
const aliased = { 'backend-guard': { root: ALIASES } };
// The same through a tsconfig whose `paths` come from the config it extends.
const EXTENDED = path.resolve(import.meta.dirname, '../fixtures/aliases-extended');
// A tsconfig with no `paths` and no `extends`: no specifier is an alias.
const PLAIN = path.resolve(import.meta.dirname, '../fixtures/no-aliases');

new RuleTester().run('layers', rule, {
  valid: [
    { name: 'a router imports a service', filename: router, code: "import { listLeads } from '../services/leads';" },
    { name: 'a router imports lib, core, db and schema', filename: router, code: "import { page } from '../lib/pagination';\nimport { router as r } from '../_core/trpc';\nimport { db } from '../db';\nimport { leads } from '../../drizzle/schema';" },
    { name: 'a router imports a type from an adapter (type-only imports are erased)', filename: router, code: "import type { AsaasPayment } from '../adapters/asaas';\nexport type P = AsaasPayment;" },
    { name: 'a router imports a type specifier only from an adapter', filename: router, code: "import { type AsaasPayment } from '../adapters/asaas';\nexport type P = AsaasPayment;" },
    { name: 'a service imports an adapter', filename: service, code: "import { asaas } from '../adapters/asaas';" },
    { name: 'a service imports another service', filename: service, code: "import { audit } from './audit';" },
    { name: 'an adapter imports its shared resilience module, lib, env and logger', filename: adapter, code: "import { createHttpIntegration } from './_resilience';\nimport { money } from '../lib/money';\nimport { env } from '../_core/env';\nimport { logger } from '../_core/logger';" },
    { name: 'a webhook hands over to a service', filename: webhook, code: "import { applyPaymentEvent } from '../services/financial';\nimport { db } from '../db';" },
    { name: 'the app router imports routers', filename: file('server/routers.ts'), code: "import { leadsRouter } from './routers/leads';" },
    { name: 'the Hono entry imports the app router and webhooks', filename: file('server/_core/index.ts'), code: "import { appRouter } from '../routers';\nimport { webhookRoutes } from '../webhooks';" },
    { name: 'a router imports npm packages', filename: router, code: "import { z } from 'zod';\nimport { TRPCError } from '@trpc/server';" },
    { name: 'a router imports a server folder that is no layer', filename: router, code: "import { flags } from '../config/flags';" },
    { name: 'test files import whatever they drive', filename: file('server/routers/leads.test.ts'), code: "import { asaas } from '../adapters/asaas';\nimport { leadsRouter } from './leads';" },
    { name: 'files outside server are not checked', filename: file('scripts/seed.ts'), code: "import { leadsRouter } from '../server/routers/leads';" },
    { name: 'a router imports a test helper (tests are not a layer)', filename: router, code: "import { fakeCtx } from '../../tests/helpers';" },
    { name: 'an alias of a package name is not resolved as a file', filename: router, code: "import adapters from 'adapters';" },
    { name: 'a dynamic import with a computed specifier', filename: router, code: 'export const load = (name: string) => import(name);' },
    { name: 'a router imports a service through a tsconfig path alias', filename: path.join(ALIASES, 'server/routers/leads.ts'), settings: aliased, code: "import { listLeads } from '@/services/leads';" },
    {
      name: 'a tsconfig without paths: an alias-looking specifier stays a package',
      filename: path.join(PLAIN, 'server/routers/leads.ts'),
      settings: { 'backend-guard': { root: PLAIN } },
      code: "import { getPayment } from '~/adapters/asaas';",
    },
    { name: 'a tsconfig path alias that resolves nowhere', filename: path.join(ALIASES, 'server/routers/leads.ts'), settings: aliased, code: "import { x } from '@/adapters/missing';" },
    { name: 'a folder router mounts its own sub-router', filename: file('server/routers/admin/index.ts'), code: "import { auditRouter } from './audit/index';\nimport { usersRouter } from './users';" },
    { name: 'a part of a folder router imports a schema from its parent folder', filename: file('server/routers/admin/users/get.ts'), code: "import { userInput } from '../schema';" },
    { name: 'a domain router imports a helper from a folder in the routers layer (a part, not a router)', filename: router, code: "import { toCsv } from './export/csv';" },
    { name: 'a middleware imports the barrel of a folder below the routers root (a part: paths do not tell which define routers)', filename: file('server/middleware/scope.ts'), code: "import { scopes } from '../routers/rpc/interceptors/index';" },
    { name: 'a middleware imports a helper that lives in a router folder (not a router module)', filename: file('server/middleware/file-auth.ts'), code: "import { signPath } from '../routers/files/utils';" },
    { name: 'a package index re-exports the app router that sits in the routers folder', filename: file('server/index.ts'), settings: { 'backend-guard': { root: '/project', config: { roles: { appRouter: ['server/routers/index.ts'] } } } }, code: "export { appRouter } from './routers/index';" },
    { name: 'a scheduler job imports a service', filename: file('server/jobs/reminders.ts'), code: "import { sendReminders } from '../services/charge-reminders';" },
    {
      name: 'configured roles: adapters in another folder may be imported by a service',
      filename: service,
      settings: { 'backend-guard': { root: '/project', config: { roles: { adapters: ['server/integrations/**'] } } } },
      code: "import { asaas } from '../integrations/asaas';",
    },
  ],
  invalid: [
    {
      name: 'a router imports an adapter',
      filename: router,
      code: "import { asaas } from '../adapters/asaas';",
      errors: [{ messageId: 'forbiddenLayer', data: { from: 'routers', to: 'adapters', source: '../adapters/asaas', instead: 'call a service instead' }, line: 1, column: 23, endLine: 1, endColumn: 42 }],
    },
    {
      name: 'a router re-exports from an adapter',
      filename: router,
      code: "export { getPayment } from '../adapters/asaas.js';",
      errors: [{ messageId: 'forbiddenLayer', line: 1, column: 28, endLine: 1, endColumn: 50 }],
    },
    {
      name: 'a router loads an adapter with a dynamic import',
      filename: router,
      code: "export const pay = async (id: string) => (await import('../adapters/asaas')).getPayment(id);",
      errors: [{ messageId: 'forbiddenLayer', line: 1, column: 56, endLine: 1, endColumn: 75 }],
    },
    {
      name: 'a router requires a webhook module',
      filename: file('server/routers/legacy.cjs'),
      code: "const { store } = require('../webhooks/store');",
      errors: [{ messageId: 'forbiddenLayer', data: { from: 'routers', to: 'webhooks', source: '../webhooks/store', instead: 'call a service instead' }, line: 1, column: 27, endLine: 1, endColumn: 46 }],
    },
    {
      name: 'a router imports another router',
      filename: router,
      code: "import { tagsRouter } from './tags';",
      errors: [{ messageId: 'forbiddenLayer', data: { from: 'routers', to: 'routers', source: './tags', instead: 'call a service instead' }, line: 1, column: 28, endLine: 1, endColumn: 36 }],
    },
    {
      name: 'a folder router imports another domain router',
      filename: file('server/routers/admin/index.ts'),
      code: "import { billingRouter } from '../billing';",
      errors: [{ messageId: 'forbiddenLayer', data: { from: 'routers', to: 'routers', source: '../billing', instead: 'call a service instead' }, line: 1, column: 31, endLine: 1, endColumn: 43 }],
    },
    {
      name: 'a middleware imports a domain router',
      filename: file('server/middleware/file-auth.ts'),
      code: "import { filesRouter } from '../routers/files';",
      errors: [{ messageId: 'routerImport', line: 1, column: 29, endLine: 1, endColumn: 47 }],
    },
    {
      name: 'a service imports a router',
      filename: service,
      code: "import { leadsRouter } from '../routers/leads';",
      errors: [{ messageId: 'forbiddenLayer', data: { from: 'services', to: 'routers', source: '../routers/leads', instead: 'let the caller pass in what the service needs' }, line: 1, column: 29, endLine: 1, endColumn: 47 }],
    },
    {
      name: 'a service imports a webhook module',
      filename: service,
      code: "import { markProcessed } from '../webhooks/store';",
      errors: [{ messageId: 'forbiddenLayer', line: 1, column: 31, endLine: 1, endColumn: 50 }],
    },
    {
      name: 'an adapter imports the db module',
      filename: adapter,
      code: "import { db } from '../db';",
      errors: [{ messageId: 'forbiddenLayer', data: { from: 'adapters', to: 'db', source: '../db', instead: 'pass what the adapter needs as arguments' }, line: 1, column: 20, endLine: 1, endColumn: 27 }],
    },
    {
      name: 'an adapter imports a service',
      filename: adapter,
      code: "import { audit } from '../services/audit';",
      errors: [{ messageId: 'forbiddenLayer', line: 1, column: 23, endLine: 1, endColumn: 42 }],
    },
    {
      name: 'an adapter imports the tRPC core (core other than env and logger)',
      filename: adapter,
      code: "import { TRPCError } from '../_core/trpc';",
      errors: [{ messageId: 'forbiddenLayer', data: { from: 'adapters', to: 'trpcCore', source: '../_core/trpc', instead: 'pass what the adapter needs as arguments' }, line: 1, column: 27, endLine: 1, endColumn: 42 }],
    },
    {
      name: 'a webhook imports an adapter',
      filename: webhook,
      code: "import { IntegrationError } from '../adapters/_resilience';",
      errors: [{ messageId: 'forbiddenLayer', data: { from: 'webhooks', to: 'adapters', source: '../adapters/_resilience', instead: 'hand the event to a service instead' }, line: 1, column: 34, endLine: 1, endColumn: 59 }],
    },
    {
      name: 'a job imports a router',
      filename: file('server/jobs/reminders.ts'),
      code: "import { financialRouter } from '../routers/financial';",
      errors: [{ messageId: 'routerImport', data: { source: '../routers/financial', instead: 'mount it in the app router, or share the code through a service' }, line: 1, column: 33, endLine: 1, endColumn: 55 }],
    },
    {
      name: 'a router imports an adapter through a tsconfig path alias',
      filename: path.join(ALIASES, 'server/routers/leads.ts'),
      settings: aliased,
      code: "import { getPayment } from '@/adapters/asaas';",
      errors: [{ messageId: 'forbiddenLayer', line: 1, column: 28, endLine: 1, endColumn: 46 }],
    },
    {
      name: 'a router imports an adapter through a path alias of the tsconfig its tsconfig extends',
      filename: path.join(EXTENDED, 'server/routers/leads.ts'),
      settings: { 'backend-guard': { root: EXTENDED } },
      code: "import { getPayment } from '~/adapters/asaas';",
      errors: [{ messageId: 'forbiddenLayer', line: 1, column: 28, endLine: 1, endColumn: 46 }],
    },
    {
      name: 'a router imports an adapter through an exact tsconfig path alias',
      filename: path.join(ALIASES, 'server/routers/leads.ts'),
      settings: aliased,
      code: "import { getPayment } from '#adapters';",
      errors: [{ messageId: 'forbiddenLayer', line: 1, column: 28, endLine: 1, endColumn: 39 }],
    },
  ],
});
