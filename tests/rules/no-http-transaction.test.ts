import path from 'node:path';
import rule from '../../rules/no-http-transaction.js';
import { RuleTester, TYPED_ROOT, typedFile } from '../_utils/rule-tester.js';

// The db modules these cases import live in tests/fixtures/typed/server/db (the rule reads them).
const service = typedFile('server/services/data-access.ts');
const settings = { 'backend-guard': { root: TYPED_ROOT } };
const move = '  await tx.insert(leads).values({ id: "1" });\n';
const schema = "import { pgTable, text } from 'drizzle-orm/pg-core';\nconst leads = pgTable('leads', { id: text('id').primaryKey() });\n";

new RuleTester().run('no-http-transaction', rule, {
  valid: [
    { name: 'a transaction on a neon-serverless db of the same file', filename: service, settings, code: `${schema}import { Pool } from '@neondatabase/serverless';\nimport { drizzle } from 'drizzle-orm/neon-serverless';\nconst db = drizzle({ client: new Pool() });\nexport const run = () => db.transaction(async (tx) => {\n${move}});` },
    { name: 'a transaction on an imported neon-serverless db module', filename: service, settings, code: `${schema}import { db } from '../db/pool';\nexport const run = () => db.transaction(async (tx) => {\n${move}});` },
    { name: 'a transaction on node-postgres', filename: service, settings, code: "import { drizzle } from 'drizzle-orm/node-postgres';\nconst db = drizzle(process.env.DATABASE_URL!);\nexport const run = () => db.transaction(async () => {});" },
    { name: 'a transaction on postgres-js and on pglite', filename: service, settings, code: "import { drizzle } from 'drizzle-orm/postgres-js';\nimport { drizzle as local } from 'drizzle-orm/pglite';\nconst a = drizzle('postgres://x');\nconst b = local();\nexport const run = () => Promise.all([a.transaction(async () => {}), b.transaction(async () => {})]);" },
    { name: 'batch on a neon-http db', filename: service, settings, code: `${schema}import { db } from '../db/http';\nexport const run = () => db.batch([db.insert(leads).values({ id: '1' }), db.delete(leads)]);` },
    { name: "the HTTP driver's own transaction([queries]) on the neon() function", filename: service, settings, code: "import { neon } from '@neondatabase/serverless';\nconst sql = neon('postgres://x');\nexport const run = () => sql.transaction([sql`select 1`, sql`select 2`]);" },
    { name: 'a transaction method of another library', filename: service, settings, code: "import { openDB } from 'idb';\nexport const run = async () => (await openDB('x')).transaction('store', 'readwrite');\nexport const knexLike = (k: { transaction(f: () => void): void }) => k.transaction(() => {});" },
    { name: 'a parameter annotated with the neon-serverless database type', filename: service, settings, code: "import type { NeonDatabase } from 'drizzle-orm/neon-serverless';\nexport const run = (db: NeonDatabase) => db.transaction(async () => {});" },
    { name: 'a db whose driver cannot be traced is not reported', filename: service, settings, code: "import { db } from '@acme/db';\nexport const run = () => db.transaction(async () => {});" },
  ],
  invalid: [
    {
      name: 'a transaction on a neon-http db of the same file',
      filename: service,
      settings,
      code: `${schema}import { neon } from '@neondatabase/serverless';\nimport { drizzle } from 'drizzle-orm/neon-http';\nconst db = drizzle(neon(process.env.DATABASE_URL!));\nexport const run = () => db.transaction(async (tx) => {\n${move}});`,
      errors: [{ messageId: 'httpTransaction', line: 6, column: 29, endLine: 6, endColumn: 40 }],
    },
    {
      name: 'a transaction on an imported neon-http db module',
      filename: service,
      settings,
      code: `${schema}import { db } from '../db/http';\nexport async function run() {\n  await db.transaction(async (tx) => {\n${move}  });\n}`,
      errors: [{ messageId: 'httpTransaction', line: 5, column: 12, endLine: 5, endColumn: 23 }],
    },
    {
      name: 'a db module whose export is built by a helper on its only driver, renamed on import',
      filename: service,
      settings,
      code: "import { db as database } from '../db/indirect';\nexport const run = () => database.transaction(async () => {});",
      errors: [{ messageId: 'httpTransaction', line: 2, column: 35, endLine: 2, endColumn: 46 }],
    },
    {
      name: 'a nested transaction on the tx of a neon-http db, through a renamed drizzle import',
      filename: service,
      settings,
      code: "import { drizzle as http } from 'drizzle-orm/neon-http';\nconst db = http('postgres://x');\nexport const run = () => db.transaction(async (tx) => tx.transaction(async () => {}));",
      errors: [
        { messageId: 'httpTransaction', line: 3, column: 29, endLine: 3, endColumn: 40 },
        { messageId: 'httpTransaction', line: 3, column: 58, endLine: 3, endColumn: 69 },
      ],
    },
    {
      name: 'a parameter annotated with NeonHttpDatabase',
      filename: service,
      settings,
      code: "import type { NeonHttpDatabase } from 'drizzle-orm/neon-http';\nexport const run = (db: NeonHttpDatabase) => db.transaction(async () => {});",
      errors: [{ messageId: 'httpTransaction', line: 2, column: 49, endLine: 2, endColumn: 60 }],
    },
  ],
});

const WORKSPACE = path.resolve(import.meta.dirname, '../fixtures/workspace');
const api = path.join(WORKSPACE, 'packages/api/src/leads.ts');
const workspaceSettings = { 'backend-guard': { root: WORKSPACE, config: { roles: { server: ['packages/**'], db: ['packages/db/src/**'] } } } };

new RuleTester().run('no-http-transaction (workspace packages)', rule, {
  valid: [
    { name: 'batch on the workspace neon-http db', filename: api, settings: workspaceSettings, code: "import { db } from '@acme/db/client';\nexport const run = () => db.batch([]);" },
    { name: 'an alias that matches no file is not followed', filename: api, settings: workspaceSettings, code: "import { db } from '~db/missing';\nexport const run = () => db.transaction(async () => {});" },
  ],
  invalid: [
    {
      name: 'a transaction on a db imported from the workspace db package',
      filename: api,
      settings: workspaceSettings,
      code: "import { db } from '@acme/db/client';\nexport const run = () => db.transaction(async () => {});",
      errors: [{ messageId: 'httpTransaction', line: 2, column: 29, endLine: 2, endColumn: 40 }],
    },
    {
      name: "a transaction on a db imported through the tsconfig's paths alias",
      filename: api,
      settings: workspaceSettings,
      code: "import { db } from '~db/client';\nexport const run = () => db.transaction(async () => {});",
      errors: [{ messageId: 'httpTransaction', line: 2, column: 29, endLine: 2, endColumn: 40 }],
    },
  ],
});

new RuleTester({ typed: true, filename: service }).run('no-http-transaction (typed)', rule, {
  valid: [
    { name: 'with types, a ctx.db typed as a neon-serverless db', filename: service, code: "import type { NeonDatabase } from 'drizzle-orm/neon-serverless';\nexport const run = (ctx: { db: NeonDatabase }) => ctx.db.transaction(async () => {});" },
    { name: 'with types, a db of unresolved type', filename: service, code: "// @ts-expect-error the module does not exist\nimport { db } from '@acme/missing';\nexport const run = () => db.transaction(async () => {});" },
  ],
  invalid: [
    {
      name: 'with types, a ctx.db typed as a neon-http db',
      filename: service,
      code: "import type { NeonHttpDatabase } from 'drizzle-orm/neon-http';\nexport const run = (ctx: { db: NeonHttpDatabase }) => ctx.db.transaction(async () => {});",
      errors: [{ messageId: 'httpTransaction', line: 2, column: 62, endLine: 2, endColumn: 73 }],
    },
    {
      name: 'with types, a neon-http db reached through an object property',
      filename: service,
      code: "import { db as http } from '../db/http';\nconst holder = { db: http };\nexport const run = () => holder.db.transaction(async () => {});",
      errors: [{ messageId: 'httpTransaction', line: 3, column: 36, endLine: 3, endColumn: 47 }],
    },
  ],
});
