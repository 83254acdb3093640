// require-where: a Drizzle delete or update whose where clause went missing.
import type { Mutation } from '../_utils/mutation-harness.js';

export const mutations: Mutation[] = [
  {
    name: 'the retention purge of processed webhook events loses its where (db: Db parameter)',
    file: 'server/services/retention.ts',
    find: "    .delete(webhookEvents)\n    .where(and(eq(webhookEvents.status, 'processed'), lt(webhookEvents.processedAt, webhookCutoff)))\n",
    replace: '    .delete(webhookEvents)\n',
    expect: [{ ruleId: 'require-where', at: 'delete(webhookEvents)' }],
  },
  {
    name: 'renewing a job lease updates every lease (the where was dropped)',
    file: 'server/jobs/runner.ts',
    find: '    .set({ lockedUntil: until })\n    .where(and(eq(jobLeases.name, name), eq(jobLeases.lockedBy, owner)))\n',
    replace: '    .set({ lockedUntil: until })\n',
    expect: [{ ruleId: 'require-where', at: 'update(jobLeases)\n    .set({ lockedUntil: until })' }],
  },
  {
    name: 'a task delete whose ownership where was removed (ctx.db in a service, by type)',
    file: 'server/services/tasks.ts',
    find: '    .delete(tasks)\n    .where(and(eq(tasks.id, id), ownedBy(ctx, tasks.mentoradoId)))\n',
    replace: '    .delete(tasks)\n',
    types: true,
    expect: [{ ruleId: 'require-where', at: 'delete(tasks)' }],
  },
  {
    name: 'LGPD erasure blanks every message (tx typed by a local alias, by type)',
    file: 'server/services/lgpd.ts',
    find: '      .set({ body: ANONYMISED_MESSAGE })\n      .where(inArray(messages.conversationId, threads.map((thread) => thread.id)));',
    replace: '      .set({ body: ANONYMISED_MESSAGE });',
    types: true,
    expect: [{ ruleId: 'require-where', at: 'update(messages)' }],
  },
  {
    name: 'a router resolver that clears the tasks table through ctx.db',
    file: 'server/routers/tasks.ts',
    find: "import * as tasksService from '../services/tasks';",
    replace: "import * as tasksService from '../services/tasks';\nimport { tasks } from '../../drizzle/schema';",
    edits: [
      {
        find: '  list: mentoradoProcedure\n',
        replace: '  clearAll: mentoradoProcedure.input(idInput).mutation(({ ctx }) => ctx.db.delete(tasks)),\n  list: mentoradoProcedure\n',
      },
    ],
    expect: [{ ruleId: 'require-where', at: 'delete(tasks)' }],
  },
  {
    name: 'a profile update without its where rewrites every user (by type)',
    file: 'server/services/users.ts',
    find: '    .set(input)\n    .where(and(eq(users.id, ctx.user.id), isNull(users.deletedAt)))\n',
    replace: '    .set(input)\n',
    types: true,
    expect: [{ ruleId: 'require-where', at: 'update(users)\n    .set(input)' }],
  },
];
