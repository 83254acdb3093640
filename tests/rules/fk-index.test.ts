import rule from '../../rules/fk-index.js';
import { RuleTester, file } from '../_utils/rule-tester.js';

const schema = file('drizzle/schema.ts');
const pg = "import { foreignKey, index, pgTable, primaryKey, text, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';\nimport { users } from './users';\n";

new RuleTester().run('fk-index', rule, {
  valid: [
    { name: 'a reference led by an index (array form)', filename: schema, code: `${pg}export const leads = pgTable('leads', {\n  id: uuid('id').primaryKey(),\n  ownerId: uuid('owner_id').references(() => users.id),\n}, (t) => [index('leads_owner_idx').on(t.ownerId)]);` },
    { name: 'a reference as the first column of a composite index, with a sort order', filename: schema, code: `${pg}export const leads = pgTable('leads', {\n  ownerId: uuid('owner_id').notNull().references(() => users.id),\n  createdAt: text('created_at'),\n}, (t) => [index().on(t.ownerId.asc(), t.createdAt)]);` },
    { name: 'a reference led by a unique index (object form)', filename: schema, code: `${pg}export const profiles = pgTable('profiles', {\n  id: uuid('id').primaryKey(),\n  userId: uuid('user_id').references(() => users.id),\n}, (table) => ({ userUnique: uniqueIndex('profiles_user_unique').on(table.userId) }));` },
    { name: 'a reference led by a unique constraint and a column-level unique', filename: schema, code: `${pg}export const a = pgTable('a', { userId: uuid('user_id').references(() => users.id) }, (t) => [unique().on(t.userId)]);\nexport const b = pgTable('b', { userId: uuid('user_id').unique().references(() => users.id) });` },
    { name: 'a reference that leads a composite primary key (join table)', filename: schema, code: `${pg}export const members = pgTable('members', {\n  userId: uuid('user_id').references(() => users.id),\n  teamId: uuid('team_id').references(() => users.id),\n}, (t) => [primaryKey({ columns: [t.userId, t.teamId] }), index().on(t.teamId)]);` },
    { name: 'a foreignKey() in the extra config led by an index using a method', filename: schema, code: `${pg}export const leads = pgTable('leads', { ownerId: uuid('owner_id') }, (t) => [\n  foreignKey({ columns: [t.ownerId], foreignColumns: [users.id] }),\n  index('leads_owner_idx').using('btree', t.ownerId),\n]);` },
    { name: 'a composite foreignKey() served by an index on the same columns in another order', filename: schema, code: `${pg}export const items = pgTable('items', { teamId: uuid('team_id'), slug: text('slug') }, (t) => [\n  foreignKey({ columns: [t.teamId, t.slug], foreignColumns: [users.id, users.id] }),\n  index().using('btree', t.slug.asc().nullsLast(), t.teamId),\n]);` },
    { name: 'a self-reference on the primary key column itself', filename: schema, code: `${pg}export const nodes = pgTable('nodes', { id: uuid('id').primaryKey().references(() => users.id) });` },
    { name: 'MySQL: InnoDB indexes foreign keys itself', filename: schema, code: "import { mysqlTable, varchar } from 'drizzle-orm/mysql-core';\nimport { users } from './users';\nexport const leads = mysqlTable('leads', { ownerId: varchar('owner_id', { length: 36 }).references(() => users.id) });" },
    { name: 'an extra config built by a helper may hold the index', filename: schema, code: `${pg}import { ownerIndexes } from './helpers';\nexport const leads = pgTable('leads', { ownerId: uuid('owner_id').references(() => users.id) }, (t) => [...ownerIndexes(t)]);` },
    { name: 'a references() method of something that is not a Drizzle table', filename: schema, code: "import { z } from 'zod';\nexport const table = (name: string, cols: object) => ({ name, cols });\nexport const leads = table('leads', { ownerId: z.string().references('users') });" },
    { name: 'a reference in pgTableCreator, indexed', filename: schema, code: "import { index, pgTableCreator, uuid } from 'drizzle-orm/pg-core';\nimport { users } from './users';\nconst createTable = pgTableCreator((name) => `app_${name}`);\nexport const posts = createTable('post', (d) => ({ authorId: d.uuid().references(() => users.id) }), (t) => [index().on(t.authorId)]);" },
  ],
  invalid: [
    {
      name: 'a reference with no extra config at all',
      filename: schema,
      code: `${pg}export const leads = pgTable('leads', {\n  id: uuid('id').primaryKey(),\n  ownerId: uuid('owner_id').notNull().references(() => users.id, { onDelete: 'cascade' }),\n});`,
      errors: [{ messageId: 'unindexedReference', line: 5, column: 3, endLine: 5, endColumn: 10 }],
    },
    {
      name: 'a reference that is only the second column of an index',
      filename: schema,
      code: `${pg}export const leads = pgTable('leads', {\n  status: text('status'),\n  ownerId: uuid('owner_id').references(() => users.id),\n}, (t) => [index('leads_status_owner_idx').on(t.status, t.ownerId)]);`,
      errors: [{ messageId: 'unindexedReference', line: 5, column: 3, endLine: 5, endColumn: 10 }],
    },
    {
      name: 'a reference in the object form of the extra config, another column indexed',
      filename: schema,
      code: `${pg}export const leads = pgTable('leads', {\n  email: text('email'),\n  ownerId: uuid('owner_id').references(() => users.id),\n}, (table) => ({ emailIdx: index('leads_email_idx').on(table.email) }));`,
      errors: [{ messageId: 'unindexedReference', line: 5, column: 3, endLine: 5, endColumn: 10 }],
    },
    {
      name: 'a foreignKey() in the extra config with no index',
      filename: schema,
      code: `${pg}export const leads = pgTable('leads', { ownerId: uuid('owner_id') }, (t) => [\n  foreignKey({ columns: [t.ownerId], foreignColumns: [users.id] }).onDelete('cascade'),\n]);`,
      errors: [{ messageId: 'unindexedForeignKey', line: 4, column: 3, endLine: 4, endColumn: 87 }],
    },
    {
      name: 'a composite foreignKey() whose columns lead no index, and a second key on the same column reported once',
      filename: schema,
      code: `${pg}export const items = pgTable('items', { teamId: uuid('team_id'), slug: text('slug') }, (t) => [\n  foreignKey({ columns: [t.teamId, t.slug], foreignColumns: [users.id, users.id] }),\n  foreignKey({ columns: [t.teamId, t.slug], foreignColumns: [users.id, users.id] }),\n  index().on(t.teamId),\n]);`,
      errors: [{ messageId: 'unindexedForeignKey', line: 4, column: 3, endLine: 4, endColumn: 84 }],
    },
    {
      name: 'the second column of a composite primary key',
      filename: schema,
      code: `${pg}export const members = pgTable('members', {\n  userId: uuid('user_id').references(() => users.id),\n  teamId: uuid('team_id').references(() => users.id),\n}, (t) => [primaryKey({ columns: [t.userId, t.teamId] })]);`,
      errors: [{ messageId: 'unindexedReference', line: 5, column: 3, endLine: 5, endColumn: 9 }],
    },
    {
      name: 'a column-callback table in a sqlite schema, through a namespace import',
      filename: schema,
      code: "import * as s from 'drizzle-orm/sqlite-core';\nimport { users } from './users';\nexport const posts = s.sqliteTable('posts', (t) => ({ authorId: t.text().references(() => users.id) }));",
      errors: [{ messageId: 'unindexedReference', line: 3, column: 55, endLine: 3, endColumn: 63 }],
    },
    {
      name: 'a policy beside the indexes does not hide a missing one',
      filename: schema,
      code: "import { index, pgPolicy, pgTable, uuid } from 'drizzle-orm/pg-core';\nimport { users } from './users';\nexport const notes = pgTable('notes', { id: uuid('id'), userId: uuid('user_id').references(() => users.id) }, (t) => [\n  index().on(t.id),\n  pgPolicy('own rows', { for: 'select' }),\n]);",
      errors: [{ messageId: 'unindexedReference', line: 3, column: 57, endLine: 3, endColumn: 63 }],
    },
    {
      name: 'a table of a pgSchema',
      filename: schema,
      code: "import { pgSchema, uuid } from 'drizzle-orm/pg-core';\nimport { users } from './users';\nconst crm = pgSchema('crm');\nexport const leads = crm.table('leads', { ownerId: uuid('owner_id').references(() => users.id) });",
      errors: [{ messageId: 'unindexedReference', line: 4, column: 43, endLine: 4, endColumn: 50 }],
    },
  ],
});
