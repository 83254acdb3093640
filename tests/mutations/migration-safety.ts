// migration-safety: Drizzle migrations without a rollback script, out of step with the journal, or
// with statements that lose data or lock tables. Each new migration is added the way drizzle-kit
// adds one: the .sql file, its journal entry (and, where the convention is kept, its rollback).
import type { Edit, Mutation } from '../_utils/mutation-harness.js';

const JOURNAL = 'drizzle/meta/_journal.json';
const LAST_ENTRY = `      "tag": "0001_famous_cerise",
      "breakpoints": true
    }`;

/** The journal edit and the rollback file (false: none) that come with a new migration `tag`. */
function added(tag: string, rollback: string | false = `-- Rollback of ${tag}.sql\nSELECT 1;\n`): Edit[] {
  const edits: Edit[] = [
    {
      file: JOURNAL,
      find: LAST_ENTRY,
      replace: `${LAST_ENTRY},
    {
      "idx": 2,
      "version": "7",
      "when": 1795700000000,
      "tag": "${tag}",
      "breakpoints": true
    }`,
    },
  ];
  if (rollback !== false) edits.push({ file: `drizzle/rollback/${tag}.down.sql`, create: rollback });
  return edits;
}

export const mutations: Mutation[] = [
  {
    name: 'a migration drops the leads’ notes column',
    file: 'drizzle/0002_drop_lead_notes.sql',
    create: 'ALTER TABLE "leads" DROP COLUMN "notes";',
    edits: added('0002_drop_lead_notes', '-- Rollback of 0002_drop_lead_notes.sql (the data is gone)\nALTER TABLE "leads" ADD COLUMN "notes" text;\n'),
    expect: [{ ruleId: 'migration-safety', at: 'ALTER' }],
  },
  {
    name: 'a migration indexes an existing table without CONCURRENTLY, and a NOT NULL column with no default',
    file: 'drizzle/0002_lead_source.sql',
    create: `CREATE INDEX "leads_source_idx" ON "leads" USING btree ("source");--> statement-breakpoint
ALTER TABLE "leads" ADD COLUMN "owner_id" uuid NOT NULL;`,
    edits: added('0002_lead_source'),
    expect: [
      { ruleId: 'migration-safety', at: 'CREATE INDEX' },
      { ruleId: 'migration-safety', at: 'ALTER TABLE' },
    ],
  },
  {
    name: 'a safe migration (nullable column) merged without its rollback script',
    file: 'drizzle/0002_lead_company.sql',
    create: 'ALTER TABLE "leads" ADD COLUMN "company" varchar(120);',
    edits: added('0002_lead_company', false),
    expect: [{ ruleId: 'migration-safety', at: 'ALTER' }],
  },
  {
    name: 'the journal lists a migration whose file was lost in a merge',
    file: JOURNAL,
    find: LAST_ENTRY,
    replace: `${LAST_ENTRY},
    {
      "idx": 2,
      "version": "7",
      "when": 1795700000000,
      "tag": "0002_lost_in_merge",
      "breakpoints": true
    }`,
    expect: [{ ruleId: 'migration-safety', at: '"0002_lost_in_merge"' }],
  },
  {
    name: 'a hand-written migration with no journal entry (the migrator never runs it)',
    file: 'drizzle/0002_manual_backfill.sql',
    create: "UPDATE \"leads\" SET \"source\" = 'unknown' WHERE \"source\" IS NULL;",
    edits: [{ file: 'drizzle/rollback/0002_manual_backfill.down.sql', create: 'SELECT 1;\n' }],
    expect: [{ ruleId: 'migration-safety', at: 'UPDATE' }],
  },
  {
    name: 'a rollback script that PostgreSQL cannot parse',
    file: 'drizzle/rollback/0001_famous_cerise.down.sql',
    find: 'DROP TABLE IF EXISTS "goals";',
    replace: 'DROP TABLE IF EXISTS "goals"\nDROP TABLE IF EXISTS "goal_events";',
    expect: [{ ruleId: 'migration-safety', at: 'DROP TABLE IF EXISTS "goal_events"' }],
  },
];
