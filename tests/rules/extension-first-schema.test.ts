import rule from '../../rules/extension-first-schema.js';
import { RuleTester, file } from '../_utils/rule-tester.js';

const schema = file('drizzle/schema.ts');
const pg = "import { foreignKey, index, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';\nimport { users } from './users';\n";

new RuleTester().run('extension-first-schema', rule, {
  valid: [
    { name: 'columns added to the table itself', filename: schema, code: `${pg}export const accounts = pgTable('accounts', { id: uuid('id').primaryKey(), planName: text('plan_name') });` },
    { name: 'a 1:n child table (own primary key, indexed foreign key)', filename: schema, code: `${pg}export const leads = pgTable('leads', {\n  id: uuid('id').primaryKey().defaultRandom(),\n  ownerId: uuid('owner_id').references(() => users.id),\n}, (t) => [index().on(t.ownerId)]);` },
    { name: 'a join table: a composite key of two references', filename: schema, code: `${pg}export const members = pgTable('members', {\n  userId: uuid('user_id').references(() => users.id),\n  teamId: uuid('team_id').references(() => users.id),\n}, (t) => [primaryKey({ columns: [t.userId, t.teamId] })]);` },
    { name: 'a unique foreign key beside an own primary key', filename: schema, code: `${pg}export const sessions = pgTable('sessions', { token: text('token').primaryKey(), userId: uuid('user_id').unique().references(() => users.id) });` },
    { name: 'a self-referencing primary key (a tree root) is not an extension', filename: schema, code: "import { pgTable, uuid } from 'drizzle-orm/pg-core';\nexport const nodes = pgTable('nodes', { id: uuid('id').primaryKey().references(() => nodes.id) });" },
    { name: 'a foreignKey() from the primary key to the table itself (as introspection writes it)', filename: schema, code: `${pg}export const people = pgTable('people', { id: uuid('id').primaryKey() }, (table) => [\n  foreignKey({ columns: [table.id], foreignColumns: [table.id] }).onDelete('cascade'),\n]);` },
    { name: 'an extension table listed in allowTables by SQL name', filename: schema, options: [{ allowTables: ['user_secrets'] }], code: `${pg}export const userSecrets = pgTable('user_secrets', { userId: uuid('user_id').primaryKey().references(() => users.id), totpSeed: text('totp_seed') });` },
    { name: 'an extension table listed in allowTables by variable', filename: schema, options: [{ allowTables: ['userSecrets'] }], code: `${pg}export const userSecrets = pgTable('user_secrets', { userId: uuid('user_id').primaryKey().references(() => users.id) });` },
    { name: 'a primaryKey method of something that is not a Drizzle table', filename: schema, code: "import { model } from './orm';\nexport const profile = model('profiles', { userId: field().primaryKey().references(() => users.id) });" },
  ],
  invalid: [
    {
      name: 'a primary key that references another table',
      filename: schema,
      code: `${pg}export const userProfiles = pgTable('user_profiles', {\n  userId: uuid('user_id').primaryKey().references(() => users.id, { onDelete: 'cascade' }),\n  bio: text('bio'),\n});`,
      errors: [{ messageId: 'extensionTable', line: 4, column: 3, endLine: 4, endColumn: 9 }],
    },
    {
      name: 'a composite primaryKey of one referencing column (array form)',
      filename: schema,
      code: `${pg}export const userPrefs = pgTable('user_prefs', {\n  userId: uuid('user_id').notNull().references(() => users.id),\n  theme: text('theme'),\n}, (t) => [primaryKey({ columns: [t.userId] })]);`,
      errors: [{ messageId: 'extensionTable', line: 4, column: 3, endLine: 4, endColumn: 9 }],
    },
    {
      name: 'a primary key made a foreign key in the object-form extra config',
      filename: schema,
      code: `${pg}export const userPrefs = pgTable('user_prefs', { userId: uuid('user_id').primaryKey(), theme: text('theme') }, (t) => ({\n  fk: foreignKey({ columns: [t.userId], foreignColumns: [users.id] }),\n}));`,
      errors: [{ messageId: 'extensionTable', line: 4, column: 7, endLine: 4, endColumn: 70 }],
    },
    {
      name: 'another table listed in allowTables does not excuse this one',
      filename: schema,
      options: [{ allowTables: ['user_secrets'] }],
      code: "import * as p from 'drizzle-orm/pg-core';\nimport { users } from './users';\nexport const billing = p.pgTable('billing', (t) => ({ userId: t.uuid().primaryKey().references(() => users.id) }));",
      errors: [{ messageId: 'extensionTable', line: 3, column: 55, endLine: 3, endColumn: 61 }],
    },
  ],
});
