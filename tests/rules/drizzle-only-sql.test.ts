import rule from '../../rules/drizzle-only-sql.js';
import { RuleTester, file, typedFile } from '../_utils/rule-tester.js';

const service = file('server/services/leads.ts');

new RuleTester().run('drizzle-only-sql', rule, {
  valid: [
    {
      name: 'the db module itself imports the driver',
      filename: file('server/db.ts'),
      code: "import { Pool, neonConfig } from '@neondatabase/serverless';\nimport { drizzle } from 'drizzle-orm/neon-serverless';\nexport const db = drizzle({ client: new Pool() });",
    },
    {
      name: 'a file under server/db/ is part of the db module',
      filename: file('server/db/client.ts'),
      code: "import { PGlite } from '@electric-sql/pglite';\nexport const client = new PGlite();",
    },
    {
      name: 'the db module may use db.$client',
      filename: file('server/db/index.ts'),
      code: "import { db } from './client';\nexport const close = () => db.$client.end();",
    },
    { name: 'import type of a driver opens no connection', filename: service, code: "import type { Pool } from 'pg';\nexport type P = Pool;" },
    { name: 'type-only specifiers only are elided', filename: service, code: "import { type Pool, type PoolClient } from 'pg';\nexport type P = Pool | PoolClient;" },
    { name: 'export type from a driver', filename: service, code: "export type { Pool } from 'pg';" },
    { name: 'a driver name in a string is not an import', filename: service, code: "const driver = 'pg';\nlogger.info({ driver }, 'using pg');" },
    { name: 'drizzle-orm subpaths are Drizzle, not drivers', filename: service, code: "import { eq, sql } from 'drizzle-orm';\nimport { pgTable } from 'drizzle-orm/pg-core';\nimport type { NeonHttpDatabase } from 'drizzle-orm/neon-http';" },
    { name: 'a module whose name only starts like a driver', filename: service, code: "import { parse } from 'pg-connection-string';\nimport { ok } from 'postgresql-utils';" },
    { name: 'test files seed through a driver', filename: file('server/services/leads.test.ts'), code: "import { Pool } from 'pg';" },
    { name: 'files under tests/ are not server code', filename: file('tests/setup.ts'), code: "import { PGlite } from '@electric-sql/pglite';" },
    { name: 'files outside server/ are not the backend', filename: file('scripts/seed.ts'), code: "import postgres from 'postgres';" },
    { name: 'a local function named require', filename: file('server/services/legacy.js'), code: "function require(name) { return name; }\nconst pg = require('pg');" },
    {
      name: 'a createRequire imported from another module is not a loader',
      filename: service,
      code: "import { createRequire } from './fake-module';\nconst load = createRequire(import.meta.url);\nconst pg = load('pg');",
    },
    { name: 'a dynamic import with a computed specifier is not resolved', filename: service, code: 'export const load = (name: string) => import(name);' },
    { name: '$client on a plain object', filename: service, code: 'const pool = { $client: 1 };\nexport const n = pool.$client;' },
    { name: '$client on an import from a non-db module', filename: service, code: "import { db } from '../lib/db-helpers';\nexport const c = db.$client;" },
    { name: '$client on an import from a package', filename: service, code: "import { db } from '@acme/db';\nexport const c = db.$client;" },
    { name: '$client on an unannotated parameter', filename: service, code: 'export function close(db) {\n  return db.$client.end();\n}' },
    { name: '$client on a schema module import', filename: service, code: "import { users } from '../db/schema';\nexport const c = users.$client;" },
    { name: 'a computed member that is not $client', filename: service, code: "import { db } from '../db';\nconst key = pick();\nexport const c = db[key];" },
    { name: 'the db imported from the db module, used through Drizzle', filename: service, code: "import { db } from '../db';\nexport const list = () => db.select().from(leads);" },
    { name: 'a Drizzle client type from a driver package subpath of drizzle-orm', filename: service, code: "import type { PgliteDatabase } from 'drizzle-orm/pglite';\nexport type D = PgliteDatabase;" },
    { name: 'a require of a driver in a spec file', filename: file('server/__tests__/db.ts'), code: "const { Pool } = require('pg');" },
    { name: '$client on a local variable shadowing an imported db', filename: service, code: "import { db } from '../db';\nexport function f() {\n  const db = makeFake();\n  return db.$client;\n}" },
    {
      name: 'a configured db module in another place may import the driver',
      filename: file('server/database/pool.ts'),
      code: "import { Pool } from 'pg';",
      settings: { 'backend-guard': { root: '/project', config: { roles: { db: ['server/database/**'] } } } },
    },
    {
      name: 'a module removed from sqlDrivers is allowed',
      filename: service,
      code: "import { PGlite } from '@electric-sql/pglite';",
      settings: { 'backend-guard': { root: '/project', config: { sqlDrivers: { replace: ['pg'] } } } },
    },
  ],
  invalid: [
    {
      name: 'a named driver import in a service',
      filename: service,
      code: "import { Pool } from 'pg';",
      errors: [{ messageId: 'driverOutsideDb', line: 1, column: 22, endLine: 1, endColumn: 26 }],
    },
    {
      name: 'a default driver import in a router',
      code: "import postgres from 'postgres';",
      errors: [{ messageId: 'driverOutsideDb', line: 1, column: 22, endLine: 1, endColumn: 32 }],
    },
    {
      name: 'a namespace import of the Neon driver',
      filename: service,
      code: "import * as neon from '@neondatabase/serverless';",
      errors: [{ messageId: 'driverOutsideDb', line: 1, column: 23, endLine: 1, endColumn: 49 }],
    },
    {
      name: 'a side-effect import of a driver',
      filename: service,
      code: "import 'pg';",
      errors: [{ messageId: 'driverOutsideDb', line: 1, column: 8, endLine: 1, endColumn: 12 }],
    },
    {
      name: 'a value specifier beside a type-only one',
      filename: service,
      code: "import { type Pool, Client } from 'pg';",
      errors: [{ messageId: 'driverOutsideDb', line: 1, column: 35, endLine: 1, endColumn: 39 }],
    },
    {
      name: 'a driver subpath matches its package',
      filename: service,
      code: "import Client from 'pg/lib/client';",
      errors: [{ messageId: 'driverOutsideDb', line: 1, column: 20, endLine: 1, endColumn: 35 }],
    },
    {
      name: 'a multi-line import of another query layer',
      filename: service,
      code: "import {\n  Kysely,\n  PostgresDialect,\n} from 'kysely';",
      errors: [{ messageId: 'driverOutsideDb', line: 4, column: 8, endLine: 4, endColumn: 16 }],
    },
    {
      name: 're-exporting a driver from a lib module',
      filename: file('server/lib/sql.ts'),
      code: "export { Pool } from 'pg';",
      errors: [{ messageId: 'driverOutsideDb', line: 1, column: 22, endLine: 1, endColumn: 26 }],
    },
    {
      name: 'export * from a query layer',
      filename: file('server/lib/sql.ts'),
      code: "export * from '@prisma/client';",
      errors: [{ messageId: 'driverOutsideDb', line: 1, column: 15, endLine: 1, endColumn: 31 }],
    },
    {
      name: 'require of a driver in a JS file',
      filename: file('server/services/legacy.js'),
      code: "const { Pool } = require('pg');",
      errors: [{ messageId: 'driverOutsideDb', line: 1, column: 26, endLine: 1, endColumn: 30 }],
    },
    {
      name: 'require of a driver through createRequire from node:module (Node ESM), under any name',
      filename: service,
      code: "import { createRequire } from 'node:module';\nconst load = createRequire(import.meta.url);\nconst pg = load('pg');",
      errors: [{ messageId: 'driverOutsideDb', line: 3, column: 17, endLine: 3, endColumn: 21 }],
    },
    {
      name: 'import = require of a driver',
      filename: service,
      code: "import mysql = require('mysql2');",
      errors: [{ messageId: 'driverOutsideDb', line: 1, column: 24, endLine: 1, endColumn: 32 }],
    },
    {
      name: 'a dynamic import of a driver',
      filename: service,
      code: "export async function open() {\n  const { default: knex } = await import('knex');\n  return knex;\n}",
      errors: [{ messageId: 'driverOutsideDb', line: 2, column: 42, endLine: 2, endColumn: 48 }],
    },
    {
      name: 'a dynamic import with a constant template specifier',
      filename: service,
      code: 'export const load = () => import(`better-sqlite3`);',
      errors: [{ messageId: 'driverOutsideDb', line: 1, column: 34, endLine: 1, endColumn: 50 }],
    },
    {
      name: 'a driver from the configured sqlDrivers list',
      filename: service,
      code: "import { connect } from 'acme-sql';",
      settings: { 'backend-guard': { root: '/project', config: { sqlDrivers: ['acme-*'] } } },
      errors: [{ messageId: 'driverOutsideDb', line: 1, column: 25, endLine: 1, endColumn: 35 }],
    },
    {
      name: 'server/db.ts is not the db module when roles.db says otherwise',
      filename: file('server/db.ts'),
      code: "import { Pool } from 'pg';",
      settings: { 'backend-guard': { root: '/project', config: { roles: { db: ['server/database/**'] } } } },
      errors: [{ messageId: 'driverOutsideDb', line: 1, column: 22, endLine: 1, endColumn: 26 }],
    },
    {
      name: 'db.$client on the db imported from the db module',
      filename: service,
      code: "import { db } from '../db';\nexport const rows = () => db.$client.query('select 1');",
      errors: [{ messageId: 'clientOutsideDb', line: 2, column: 27, endLine: 2, endColumn: 37 }],
    },
    {
      name: 'a renamed import with a .js specifier',
      filename: service,
      code: "import { db as database } from '../db.js';\nexport const client = database.$client;",
      errors: [{ messageId: 'clientOutsideDb', line: 2, column: 23, endLine: 2, endColumn: 39 }],
    },
    {
      name: 'a const alias of the db',
      filename: service,
      code: "import { db } from '../db';\nconst d = db;\nexport const client = d.$client;",
      errors: [{ messageId: 'clientOutsideDb', line: 3, column: 23, endLine: 3, endColumn: 32 }],
    },
    {
      name: 'the db through a namespace import of the db module',
      filename: service,
      code: "import * as dbModule from '../db';\nexport const client = dbModule.db.$client;",
      errors: [{ messageId: 'clientOutsideDb', line: 2, column: 23, endLine: 2, endColumn: 42 }],
    },
    {
      name: 'the db from server/db/index',
      code: "import db from '../db/index';\nexport const client = db['$client'];",
      errors: [{ messageId: 'clientOutsideDb', line: 2, column: 23, endLine: 2, endColumn: 36 }],
    },
    {
      name: 'a parameter typed with a Drizzle database type',
      filename: service,
      code: "import type { PgDatabase } from 'drizzle-orm/pg-core';\nexport function close(d: PgDatabase<never>) {\n  return d.$client;\n}",
      errors: [{ messageId: 'clientOutsideDb', line: 3, column: 10, endLine: 3, endColumn: 19 }],
    },
    {
      name: "a parameter typed with the db module's Db type",
      filename: service,
      code: "import type { Db } from '../db';\nexport const close = (d: Db) => d.$client;",
      errors: [{ messageId: 'clientOutsideDb', line: 2, column: 33, endLine: 2, endColumn: 42 }],
    },
    {
      name: 'db.$client in a seed script under drizzle/',
      filename: file('drizzle/seed.ts'),
      code: "import { db } from '../server/db';\nawait db.$client.end();",
      errors: [{ messageId: 'clientOutsideDb', line: 2, column: 7, endLine: 2, endColumn: 17 }],
    },
  ],
});

const sqlAccess = typedFile('server/services/sql-access.ts');

new RuleTester({ typed: true, filename: sqlAccess }).run('drizzle-only-sql (typed)', rule, {
  valid: [
    {
      name: 'with types, $client on a non-Drizzle object',
      filename: sqlAccess,
      code: 'declare const pool: { $client: string };\nexport const c = pool.$client;',
    },
    {
      name: 'with types, $client on a Map value',
      filename: sqlAccess,
      code: 'const clients = new Map<string, { $client: number }>();\nexport const c = clients.get("a")?.$client;',
    },
    {
      name: 'with types, an any-typed receiver that syntax cannot trace either',
      filename: sqlAccess,
      code: 'declare const ctx: any;\nexport const c = ctx.db.$client;',
    },
  ],
  invalid: [
    {
      name: 'with types, $client on a Drizzle database reached through ctx',
      filename: sqlAccess,
      code: "import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';\ninterface Ctx { db: PgDatabase<PgQueryResultHKT> }\nexport const raw = (ctx: Ctx) => (ctx.db as any).$client;\nexport const typed = (ctx: Ctx) => ctx.db.$client;",
      errors: [{ messageId: 'clientOutsideDb', line: 4, column: 36, endLine: 4, endColumn: 50 }],
    },
    {
      name: 'with types, $client declared by a driver-specific Drizzle client',
      filename: sqlAccess,
      code: "import type { drizzle } from 'drizzle-orm/pglite';\ndeclare const database: ReturnType<typeof drizzle>;\nexport const client = database.$client;",
      errors: [{ messageId: 'clientOutsideDb', line: 3, column: 23, endLine: 3, endColumn: 39 }],
    },
    {
      name: 'with types, an unresolved db import falls back to syntax',
      filename: sqlAccess,
      code: "import { db } from '../db';\nexport const client = db.$client;",
      errors: [{ messageId: 'clientOutsideDb', line: 2, column: 23, endLine: 2, endColumn: 33 }],
    },
  ],
});
