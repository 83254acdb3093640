import rule from '../../rules/cache-invalidation.js';
import { file, RuleTester } from '../_utils/rule-tester.js';

const service = file('server/services/users.ts');
const head = "import { eq } from 'drizzle-orm';\nimport { users, leads } from '../../drizzle/schema';\nimport { sessionCache } from './session-cache';\n";

new RuleTester({ filename: service }).run('cache-invalidation', rule, {
  valid: [
    {
      name: 'an update followed by the invalidation',
      code: `${head}export async function rename(db: Db, id: string, name: string) {\n  const [row] = await db.update(users).set({ name }).where(eq(users.id, id)).returning();\n  await sessionCache.invalidate(row.clerkId);\n}`,
    },
    {
      name: 'update and invalidation inside the same transaction callback',
      code: `${head}export async function setRole(db: Db, id: string) {\n  return db.transaction(async (tx) => {\n    const [row] = await tx.update(users).set({ role: 'admin' }).where(eq(users.id, id)).returning();\n    await sessionCache.invalidate(row.clerkId, { db: tx });\n    return row;\n  });\n}`,
    },
    {
      name: 'invalidation after the transaction commits, in the outer function',
      code: `${head}export async function setRole(db: Db, id: string) {\n  const row = await db.transaction(async (tx) => {\n    const [updated] = await tx.update(users).set({ role: 'admin' }).where(eq(users.id, id)).returning();\n    return updated;\n  });\n  await sessionCache.invalidate(row.clerkId);\n}`,
    },
    {
      name: 'a delete followed by cache.delete',
      code: `${head}export async function remove(db: Db, id: string, clerkId: string) {\n  await db.delete(users).where(eq(users.id, id));\n  await sessionCache.delete(clerkId);\n}`,
    },
    {
      name: 'invalidation through a same-file helper',
      code: `${head}async function dropSession(clerkId: string) {\n  await sessionCache.invalidate(clerkId);\n}\nexport async function ban(db: Db, clerkId: string) {\n  await db.update(users).set({ banned: true }).where(eq(users.clerkId, clerkId));\n  await dropSession(clerkId);\n}`,
    },
    {
      name: 'a private write helper whose every caller invalidates',
      code: `${head}async function writeRole(db: Db, id: string) {\n  return db.update(users).set({ role: 'user' }).where(eq(users.id, id)).returning();\n}\nexport async function demote(db: Db, id: string, clerkId: string) {\n  await writeRole(db, id);\n  await sessionCache.invalidate(clerkId);\n}`,
    },
    { name: 'updating an uncached table', code: `${head}export const touch = (db: Db, id: string) => db.update(leads).set({ touchedAt: new Date() }).where(eq(leads.id, id));` },
    { name: 'a plain insert creates rows no cache holds', code: `${head}export const create = (db: Db, email: string) => db.insert(users).values({ email });` },
    { name: 'a select of users', code: `${head}export const get = (db: Db, id: string) => db.select().from(users).where(eq(users.id, id));` },
    { name: 'Map#delete with a users key is not a write', code: "const users = new Map<string, number>();\nexport const drop = (id: string) => users.delete(id);" },
    { name: 'a users import from a non-schema module', code: "import { users } from './fixtures';\nexport const reset = (db: Db) => db.delete(users);" },
    {
      name: 'a cache of the same name that is not the configured one (local variable) still is not a write concern',
      code: `${head}export async function f(db: Db, id: string) {\n  await db.update(leads).set({ name: 'x' }).where(eq(leads.id, id));\n}`,
    },
    {
      name: 'a configured pair with another table, method and helper',
      options: [{ caches: [{ table: 'tenants', cache: 'tenantCache', methods: ['evict'], helpers: ['purgeTenant'] }] }],
      code: "import { tenants } from '../db/schema';\nimport { purgeTenant } from '../lib/tenant-cache';\nexport async function rename(db: Db, id: string) {\n  await db.update(tenants).set({ name: 'x' });\n  await purgeTenant(id);\n}",
    },
    {
      name: 'a configured eviction method',
      options: [{ caches: [{ table: 'tenants', cache: 'tenantCache', methods: ['evict'] }] }],
      code: "import { tenants } from '../db/schema';\nimport { tenantCache } from '../lib/tenant-cache';\nexport async function rename(db: Db, id: string) {\n  await db.update(tenants).set({ name: 'x' });\n  tenantCache.evict(id);\n}",
    },
    { name: 'the schema module itself is not checked', filename: file('drizzle/schema.ts'), code: "import { pgTable } from 'drizzle-orm/pg-core';\nexport const users = pgTable('users', {});" },
    { name: 'files outside server/ are not checked', filename: file('scripts/fix.ts'), code: `${head}export const f = (db: Db) => db.delete(users);` },
  ],
  invalid: [
    {
      name: 'an update of users with no invalidation',
      code: `${head}export async function rename(db: Db, id: string, name: string) {\n  await db.update(users).set({ name }).where(eq(users.id, id));\n}`,
      errors: [{ messageId: 'missingInvalidation', line: 5, column: 12, endLine: 5, endColumn: 25 }],
    },
    {
      name: 'a delete of users with no invalidation, through ctx.db',
      code: `${head}export async function remove(ctx: Ctx, id: string) {\n  await ctx.db.delete(users).where(eq(users.id, id));\n}`,
      errors: [{ messageId: 'missingInvalidation', line: 5, column: 16, endLine: 5, endColumn: 29 }],
    },
    {
      name: 'an upsert that updates existing users',
      code: `${head}export const sync = (db: Db, clerkId: string) =>\n  db.insert(users).values({ clerkId }).onConflictDoUpdate({ target: users.clerkId, set: { clerkId } });`,
      errors: [{ messageId: 'missingInvalidation', line: 5, column: 6, endLine: 5, endColumn: 19 }],
    },
    {
      name: 'a schema namespace import',
      code: "import * as schema from '../../drizzle/schema';\nexport const ban = (db: Db) => db.update(schema.users).set({ banned: true });",
      errors: [{ messageId: 'missingInvalidation', line: 2, column: 35, endLine: 2, endColumn: 55 }],
    },
    {
      name: 'an exported write helper is not covered by its local callers',
      code: `${head}export async function writeRole(db: Db, id: string) {\n  return db.update(users).set({ role: 'user' }).where(eq(users.id, id));\n}\nexport async function demote(db: Db, id: string, clerkId: string) {\n  await writeRole(db, id);\n  await sessionCache.invalidate(clerkId);\n}`,
      errors: [{ messageId: 'missingInvalidation', line: 5, column: 13, endLine: 5, endColumn: 26 }],
    },
    {
      name: 'invalidating another cache does not count',
      code: `${head}import { leadCache } from './lead-cache';\nexport async function rename(db: Db, id: string) {\n  await db.update(users).set({ name: 'x' }).where(eq(users.id, id));\n  await leadCache.invalidate(id);\n}`,
      errors: [{ messageId: 'missingInvalidation', line: 6, column: 12, endLine: 6, endColumn: 25 }],
    },
    {
      name: 'a configured table and cache',
      options: [{ caches: [{ table: 'tenants', cache: 'tenantCache' }] }],
      code: "import { tenants } from '../db/schema';\nexport const rename = (db: Db) => db.update(tenants).set({ name: 'x' });",
      errors: [{ messageId: 'missingInvalidation', line: 2, column: 38, endLine: 2, endColumn: 53 }],
    },
  ],
});
