// cache-invalidation: changes to `users` rows that no longer drop the user's session-cache entry.
import type { Mutation } from '../_utils/mutation-harness.js';

export const mutations: Mutation[] = [
  {
    name: 'a profile update forgets the session cache',
    file: 'server/services/users.ts',
    find: '  await sessionCache.invalidate(profile.clerkId);\n',
    replace: '',
    expect: [{ ruleId: 'cache-invalidation', at: 'update(users)' }],
  },
  {
    name: 'a role change commits without invalidating inside its transaction',
    file: 'server/services/users.ts',
    find: `      metadata: { role: input.role },
    });
    // Same transaction: the cached session disappears exactly when the change commits.
    await sessionCache.invalidate(updated.clerkId, { db: tx });`,
    replace: `      metadata: { role: input.role },
    });`,
    expect: [{ ruleId: 'cache-invalidation', at: 'update(users)\n      .set({ role: input.role })' }],
  },
  {
    name: 'the Clerk upsert no longer drops the cached session',
    file: 'server/services/users.ts',
    find: '  await sessionCache.invalidate(data.clerkId, { db });\n',
    replace: '',
    expect: [{ ruleId: 'cache-invalidation', at: 'insert(users)' }],
  },
  {
    name: 'an LGPD erasure leaves the erased account signed in from the cache',
    file: 'server/services/lgpd.ts',
    find: `    // Same transaction: the erased account's cached session disappears when the erasure commits.
    await sessionCache.invalidate(erased.clerkId, { db: tx });
`,
    replace: '',
    expect: [{ ruleId: 'cache-invalidation', at: 'update(users)\n      .set({ email: null' }],
  },
  {
    name: 'retention anonymises users without invalidating their sessions',
    file: 'server/services/retention.ts',
    find: '    await sessionCache.invalidate(user.clerkId);\n',
    replace: '',
    expect: [{ ruleId: 'cache-invalidation', at: 'update(users)' }],
  },
  {
    name: 'a new notifications service function marks users as notified in their row',
    file: 'server/services/notifications.ts',
    find: "import { recordAudit } from './audit';",
    replace: `import { recordAudit } from './audit';

/** Stamps when the user last read their notifications (a column on users). */
export const markNotificationsSeen = (ctx: MentoradoCtx) =>
  ctx.db.update(users).set({ updatedAt: new Date() }).where(eq(users.id, ctx.user.id));`,
    expect: [{ ruleId: 'cache-invalidation', at: 'update(users).set({ updatedAt' }],
  },
];
