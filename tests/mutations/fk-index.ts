// fk-index: a foreign-key column that no index leads.
import type { Mutation } from '../_utils/mutation-harness.js';

export const mutations: Mutation[] = [
  {
    name: "a student's lead reference loses its index",
    file: 'drizzle/schema/crm.ts',
    find: "    index('students_lead_idx').on(table.leadId),\n",
    replace: '',
    expect: [{ ruleId: 'fk-index', at: "leadId: uuid('lead_id')" }],
  },
  {
    name: 'the enrollment student index is widened with status first, so studentId no longer leads it',
    file: 'drizzle/schema/crm.ts',
    find: "index('enrollments_student_idx').on(table.studentId)",
    replace: "index('enrollments_status_student_idx').on(table.status, table.studentId)",
    expect: [{ ruleId: 'fk-index', at: "studentId: uuid('student_id')" }],
  },
  {
    name: 'the lead_tags primary key is reordered to (tag, lead) and the tag index dropped: lead_id is left unindexed',
    file: 'drizzle/schema/engagement.ts',
    find: "    primaryKey({ name: 'lead_tags_pk', columns: [t.leadId, t.tagId] }),\n    index('lead_tags_tag_idx').on(t.tagId),\n",
    replace: "    primaryKey({ name: 'lead_tags_pk', columns: [t.tagId, t.leadId] }),\n",
    expect: [{ ruleId: 'fk-index', at: "leadId: uuid('lead_id')\n      .notNull()\n      .references(() => leads.id" }],
  },
  {
    name: 'a campaign gains an approver reference with no index',
    file: 'drizzle/schema/engagement.ts',
    find: "    reviewedById: uuid('reviewed_by_id').references(() => users.id, { onDelete: 'set null' }),\n",
    replace:
      "    reviewedById: uuid('reviewed_by_id').references(() => users.id, { onDelete: 'set null' }),\n    approvedById: uuid('approved_by_id').references(() => users.id, { onDelete: 'set null' }),\n",
    expect: [{ ruleId: 'fk-index', at: 'approvedById' }],
  },
  {
    name: 'a foreignKey() in the job-run ledger extra config with no index on its column',
    file: 'drizzle/schema/ops.ts',
    find: "    lockedBy: varchar('locked_by', { length: 200 }),\n    startedAt",
    replace: "    lockedBy: varchar('locked_by', { length: 200 }),\n    chargeId: uuid('charge_id'),\n    startedAt",
    edits: [
      {
        find: "    uniqueIndex('job_runs_run_key_uq').on(t.runKey),\n",
        replace: "    uniqueIndex('job_runs_run_key_uq').on(t.runKey),\n    foreignKey({ columns: [t.chargeId], foreignColumns: [charges.id] }).onDelete('set null'),\n",
      },
      { find: '  index,\n  integer,', replace: '  foreignKey,\n  index,\n  integer,' },
    ],
    expect: [{ ruleId: 'fk-index', at: 'foreignKey({ columns: [t.chargeId]' }],
  },
  {
    name: 'the outbound message charge index is dropped',
    file: 'drizzle/schema/ops.ts',
    find: "    index('outbound_messages_charge_idx').on(t.chargeId),\n",
    replace: '',
    expect: [{ ruleId: 'fk-index', at: 'chargeId: uuid' }],
  },
];
