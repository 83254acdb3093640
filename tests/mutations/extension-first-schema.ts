// extension-first-schema: a new 1:1 side table whose primary key is a foreign key to another table.
import type { Mutation } from '../_utils/mutation-harness.js';

export const mutations: Mutation[] = [
  {
    name: "the mentorado plan moves to a side table keyed by the user's id",
    file: 'drizzle/schema/crm.ts',
    find: "export const leadStatus = pgEnum('lead_status',",
    replace: `export const userPlans = pgTable('user_plans', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  planName: text('plan_name'),
  planStatus: planStatus('plan_status'),
});

export const leadStatus = pgEnum('lead_status',`,
    expect: [{ ruleId: 'extension-first-schema', at: "userId: uuid('user_id')\n    .primaryKey()" }],
  },
  {
    name: 'a student profile table whose composite primary key is its one student reference',
    file: 'drizzle/schema/crm.ts',
    find: "export const enrollmentStatus = pgEnum('enrollment_status',",
    replace: `export const studentProfiles = pgTable(
  'student_profiles',
  {
    studentId: uuid('student_id')
      .notNull()
      .references(() => students.id, { onDelete: 'cascade' }),
    bio: text('bio'),
  },
  (table) => [primaryKey({ columns: [table.studentId] })],
);

export const enrollmentStatus = pgEnum('enrollment_status',`,
    edits: [{ find: '  pgTable,\n  text,', replace: '  pgTable,\n  primaryKey,\n  text,' }],
    expect: [{ ruleId: 'extension-first-schema', at: "studentId: uuid('student_id')\n      .notNull()\n      .references(() => students.id, { onDelete: 'cascade' }),\n    bio" }],
  },
  {
    name: 'lead scores kept in a 1:1 table keyed by the lead',
    file: 'drizzle/schema/engagement.ts',
    find: "import { leads, students, users } from './crm';",
    replace: `import { leads, students, users } from './crm';

export const leadScores = pgTable('lead_scores', {
  leadId: uuid('lead_id').primaryKey().references(() => leads.id, { onDelete: 'cascade' }),
  score: integer('score').notNull().default(0),
});`,
    expect: [{ ruleId: 'extension-first-schema', at: "leadId: uuid('lead_id').primaryKey()" }],
  },
  {
    name: 'charge reminder state in a side table keyed by the charge',
    file: 'drizzle/schema/ops.ts',
    find: "import { charges } from './crm';",
    replace: `import { charges } from './crm';

export const chargeReminderState = pgTable('charge_reminder_state', {
  chargeId: uuid('charge_id').primaryKey().references(() => charges.id, { onDelete: 'cascade' }),
  lastSentAt: timestamp('last_sent_at', { withTimezone: true }),
});`,
    expect: [{ ruleId: 'extension-first-schema', at: "chargeId: uuid('charge_id').primaryKey()" }],
  },
  {
    name: 'a new schema module with a user settings side table (object-form foreignKey)',
    file: 'drizzle/schema/preferences.ts',
    create: `import { foreignKey, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { users } from './crm';

export const userPreferences = pgTable(
  'user_preferences',
  { userId: uuid('user_id').primaryKey(), locale: text('locale') },
  (table) => ({
    userFk: foreignKey({ columns: [table.userId], foreignColumns: [users.id] }),
  }),
);
`,
    expect: [{ ruleId: 'extension-first-schema', at: 'foreignKey({ columns: [table.userId]' }],
  },
];
