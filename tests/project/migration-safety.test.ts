import { describe, expect, it } from 'vitest';
import { runCheck, type Expected, type ProjectCase } from '../_utils/project-tester.js';

const journal = (tags: string[], dialect = 'postgresql') =>
  JSON.stringify(
    { version: '7', dialect, entries: tags.map((tag, idx) => ({ idx, version: '7', when: 1700000000000 + idx, tag, breakpoints: true })) },
    null,
    2,
  );
const INIT = `CREATE TABLE "leads" (
\t"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
\t"name" text NOT NULL,
\t"notes" text
);
--> statement-breakpoint
CREATE INDEX "leads_name_idx" ON "leads" USING btree ("name");`;
const DOWN = 'DROP TABLE IF EXISTS "leads";\n';

/** A project whose second migration is `sql` (both with rollbacks unless said otherwise). */
const second = (sql: string, extra: Record<string, string> = {}): ProjectCase => ({
  files: {
    'server/db.ts': 'export const db = {};\n',
    'drizzle/meta/_journal.json': journal(['0000_init', '0001_change']),
    'drizzle/0000_init.sql': INIT,
    'drizzle/0001_change.sql': sql,
    'drizzle/rollback/0000_init.down.sql': DOWN,
    'drizzle/rollback/0001_change.down.sql': 'SELECT 1;\n',
    ...extra,
  },
});
const at = (marker: string, messageId: string, file = 'drizzle/0001_change.sql'): Expected => ({ messageId, file, at: marker });

const valid: { name: string; project: ProjectCase }[] = [
  { name: 'a new table with its index and foreign key in the same migration', project: second(`CREATE TABLE "tags" ("id" uuid PRIMARY KEY, "lead_id" uuid NOT NULL);
--> statement-breakpoint
ALTER TABLE "tags" ADD CONSTRAINT "tags_lead_fk" FOREIGN KEY ("lead_id") REFERENCES "public"."leads"("id");--> statement-breakpoint
CREATE UNIQUE INDEX "tags_lead_uq" ON "tags" USING btree ("lead_id");--> statement-breakpoint
ALTER TABLE "tags" ALTER COLUMN "lead_id" SET NOT NULL;`) },
  { name: 'a nullable column, and NOT NULL columns with a default or a serial type', project: second(`ALTER TABLE "leads" ADD COLUMN "phone" varchar(20);--> statement-breakpoint
ALTER TABLE "leads" ADD COLUMN "score" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "leads" ADD COLUMN "seq" bigserial NOT NULL;`) },
  { name: 'a foreign key and a check added NOT VALID, then validated', project: second(`ALTER TABLE "leads" ADD COLUMN "owner_id" uuid;--> statement-breakpoint
ALTER TABLE "leads" ADD CONSTRAINT "leads_owner_fk" FOREIGN KEY ("owner_id") REFERENCES "users"("id") NOT VALID;--> statement-breakpoint
ALTER TABLE "leads" VALIDATE CONSTRAINT "leads_owner_fk";`) },
  { name: 'SET NOT NULL after a validated CHECK (col IS NOT NULL) (the expand-then-contract form)', project: second(`ALTER TABLE "leads" ADD CONSTRAINT "leads_notes_nn" CHECK ("notes" IS NOT NULL) NOT VALID;--> statement-breakpoint
ALTER TABLE "leads" VALIDATE CONSTRAINT "leads_notes_nn";--> statement-breakpoint
ALTER TABLE "leads" ALTER COLUMN "notes" SET NOT NULL;`) },
  { name: 'a reviewed exception marked with a comment before the statement', project: second(`-- backend-guard-ignore migration-safety: built CONCURRENTLY by scripts/leads-phone-index.sql before deploy
CREATE INDEX IF NOT EXISTS "leads_notes_idx" ON "leads" USING btree ("notes");`) },
  { name: 'a unique constraint on an index built beforehand (USING INDEX)', project: second('ALTER TABLE "leads" ADD CONSTRAINT "leads_name_uq" UNIQUE USING INDEX "leads_name_idx";') },
  { name: 'CONCURRENTLY allowed when the migrations do not run in a transaction', project: {
    ...second('CREATE INDEX CONCURRENTLY "leads_notes_idx" ON "leads" ("notes");'),
    options: { transaction: false },
  } },
  { name: 'a rollback script at a configured path', project: {
    files: {
      'drizzle/meta/_journal.json': journal(['0000_init']),
      'drizzle/0000_init.sql': INIT,
      'drizzle/down/0000_init.sql': DOWN,
    },
    options: { rollback: 'down/{tag}.sql' },
  } },
  { name: 'a SQLite journal: statements are not judged with PostgreSQL’s rules', project: {
    files: {
      'drizzle/meta/_journal.json': journal(['0000_init'], 'sqlite'),
      'drizzle/0000_init.sql': 'ALTER TABLE `leads` DROP COLUMN `notes`;',
      'drizzle/rollback/0000_init.down.sql': 'SELECT 1;',
    },
  } },
  { name: 'no migrations in the project', project: { files: { 'server/db.ts': 'export const db = {};\n' } } },
  { name: 'SQL files outside the migrations folder are not migrations', project: { files: { 'server/db.ts': 'export {};\n', 'scripts/cleanup.sql': 'DROP TABLE "old";' } } },
];

const invalid: { name: string; project: ProjectCase; errors: Expected[] }[] = [
  { name: 'DROP COLUMN and DROP TABLE lose data', project: second('ALTER TABLE "leads" DROP COLUMN "notes";--> statement-breakpoint\nDROP TABLE "audit";'), errors: [at('ALTER', 'dropColumn'), at('DROP TABLE', 'dropTable')] },
  { name: 'a column type change', project: second('ALTER TABLE "leads" ALTER COLUMN "name" SET DATA TYPE varchar(80);'), errors: [at('ALTER', 'changeColumnType')] },
  { name: 'renaming a column and a table', project: second('ALTER TABLE "leads" RENAME COLUMN "notes" TO "remarks";--> statement-breakpoint\nALTER TABLE "leads" RENAME TO "prospects";'), errors: [at('ALTER', 'rename'), at('ALTER TABLE "leads" RENAME TO', 'rename')] },
  { name: 'ADD COLUMN NOT NULL without a DEFAULT on an existing table', project: second('ALTER TABLE "leads" ADD COLUMN "owner_id" uuid NOT NULL;'), errors: [at('ALTER', 'addNotNullColumn')] },
  { name: 'CREATE INDEX without CONCURRENTLY on an existing table (after a comment line)', project: second('-- speeds up the inbox\nCREATE INDEX "leads_notes_idx" ON "leads" USING btree ("notes");'), errors: [at('CREATE INDEX', 'createIndexBlocking')] },
  { name: 'CREATE INDEX CONCURRENTLY inside the migrator’s transaction', project: second('CREATE INDEX CONCURRENTLY "leads_notes_idx" ON "leads" ("notes");'), errors: [at('CREATE', 'concurrentlyInTransaction')] },
  { name: 'a foreign key without NOT VALID, a unique constraint building its index', project: second(`ALTER TABLE "leads" ADD CONSTRAINT "leads_owner_fk" FOREIGN KEY ("owner_id") REFERENCES "users"("id");--> statement-breakpoint
ALTER TABLE "leads" ADD CONSTRAINT "leads_name_uq" UNIQUE("name");`), errors: [at('ALTER', 'constraintNotValid'), at('ALTER TABLE "leads" ADD CONSTRAINT "leads_name_uq"', 'constraintBuildsIndex')] },
  { name: 'SET NOT NULL with no validated CHECK', project: second('ALTER TABLE "leads" ALTER COLUMN "notes" SET NOT NULL;'), errors: [at('ALTER', 'setNotNull')] },
  { name: 'a migration with no rollback script', project: { files: { ...second('SELECT 1;').files, 'drizzle/rollback/0001_change.down.sql': undefined as never } }, errors: [at('SELECT', 'missingRollback')] },
  { name: 'a .sql file the journal does not list, and an entry with no file', project: {
    files: {
      'drizzle/meta/_journal.json': journal(['0000_init', '0001_gone']),
      'drizzle/0000_init.sql': INIT,
      'drizzle/0002_manual.sql': 'SELECT 1;',
      'drizzle/rollback/0000_init.down.sql': DOWN,
      'drizzle/rollback/0002_manual.down.sql': 'SELECT 1;',
    },
  }, errors: [at('"0001_gone"', 'missingMigrationFile', 'drizzle/meta/_journal.json'), at('SELECT', 'notInJournal', 'drizzle/0002_manual.sql')] },
  { name: 'CONCURRENTLY in a file outside the journal (not run in the migrator’s transaction; reported as not in the journal only)', project: {
    files: {
      'drizzle/meta/_journal.json': journal(['0000_init']),
      'drizzle/0000_init.sql': INIT,
      'drizzle/rollback/0000_init.down.sql': DOWN,
      'drizzle/0001_manual_index.sql': 'CREATE INDEX CONCURRENTLY IF NOT EXISTS "leads_notes_idx" ON "leads" ("notes");',
      'drizzle/rollback/0001_manual_index.down.sql': 'DROP INDEX CONCURRENTLY IF EXISTS "leads_notes_idx";',
    },
  }, errors: [at('CREATE', 'notInJournal', 'drizzle/0001_manual_index.sql')] },
  { name: 'a statement PostgreSQL cannot parse (positions after non-ASCII comments stay exact)', project: second('-- migração manual\nALTER TABLE "leads" ADD COLUMNN "x" int;'), errors: [at('int;', 'parseError')] },
  { name: 'the folder from drizzle.config’s out, statements after a multi-statement chunk', project: {
    files: {
      'packages/db/drizzle.config.ts': "import { defineConfig } from 'drizzle-kit';\nexport default defineConfig({ dialect: 'postgresql', out: './migrations' });\n",
      'packages/db/migrations/meta/_journal.json': journal(['0000_init']),
      'packages/db/migrations/0000_init.sql': 'SELECT 1;\n\nALTER TABLE "users" DROP COLUMN "legacy";',
      'packages/db/migrations/rollback/0000_init.down.sql': 'SELECT 1;',
    },
  }, errors: [at('ALTER', 'dropColumn', 'packages/db/migrations/0000_init.sql')] },
];

/** Files set to undefined are left out (a case that removes one file of a base project). */
const withoutUndefined = (project: ProjectCase): ProjectCase => ({
  ...project,
  files: Object.fromEntries(Object.entries(project.files).filter(([, text]) => text !== undefined)),
});

describe('migration-safety', () => {
  it.each(valid)('valid: $name', async ({ project }) => {
    const { actual } = await runCheck('migration-safety', withoutUndefined(project));
    expect(actual).toEqual([]);
  });
  it.each(invalid)('invalid: $name', async ({ project, errors }) => {
    const { actual, expected } = await runCheck('migration-safety', withoutUndefined(project), errors);
    expect(actual).toEqual(expected);
  });
  it('messages carry the table, column and the fix', async () => {
    const { messages } = await runCheck('migration-safety', withoutUndefined(invalid[0]!.project));
    expect(messages).toEqual([
      'DROP COLUMN leads.notes loses its data; stop reading it first, drop it in a later release',
      'DROP TABLE audit loses its data; stop using it in one release, drop it in a later one',
    ]);
  });
});
