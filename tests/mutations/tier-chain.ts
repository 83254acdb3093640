// tier-chain: tier builders that do not form a chain from the lowest tier.
import type { Mutation } from '../_utils/mutation-harness.js';

export const mutations: Mutation[] = [
  {
    name: 'admin rebuilt from t.procedure with its own sign-in check (authentication defined twice)',
    file: 'server/_core/trpc.ts',
    find: 'export const adminProcedure = mentoradoProcedure.use(requireAdmin);',
    replace: 'export const adminProcedure = t.procedure.use(logging).use(requireUser).use(requireAdmin);',
    expect: [{ ruleId: 'tier-chain', at: 't.procedure.use(logging).use(requireUser)' }],
  },
  {
    name: 'protected built on t.procedure, so it loses the public tier’s logging',
    file: 'server/_core/trpc.ts',
    find: 'export const protectedProcedure = publicProcedure.use(requireUser);',
    replace: 'export const protectedProcedure = t.procedure.use(requireUser);',
    expect: [{ ruleId: 'tier-chain', at: 't.procedure.use(requireUser)' }],
  },
  {
    name: 'mentorado made an alias of protected (no role check of its own)',
    file: 'server/_core/trpc.ts',
    find: 'export const mentoradoProcedure = protectedProcedure.use(requireMentorado);',
    replace: 'export const mentoradoProcedure = protectedProcedure;',
    expect: [{ ruleId: 'tier-chain', at: 'mentoradoProcedure =' }],
  },
  {
    name: 'the config names a fifth tier the core never defines',
    file: 'backend-guard.config.json',
    create: JSON.stringify(
      { tiers: ['publicProcedure', 'protectedProcedure', 'mentoradoProcedure', 'adminProcedure', 'ownerProcedure'] },
      null,
      2,
    ),
    expect: [{ ruleId: 'tier-chain', file: 'server/_core/trpc.ts', at: 't = initTRPC' }],
  },
  {
    name: 'tiers moved to their own core module, admin derived from public there',
    file: 'server/_core/procedures.ts',
    create: `import { TRPCError } from '@trpc/server';
import { middleware, publicProcedure } from './trpc';

const requireAdminRole = middleware(({ ctx, next }) => {
  if (ctx.user?.role !== 'admin') throw new TRPCError({ code: 'FORBIDDEN', message: 'Admin access required' });
  return next({ ctx: { user: ctx.user } });
});

export const staffProcedure = publicProcedure.use(requireAdminRole);
`,
    edits: [
      {
        file: 'backend-guard.config.json',
        create: JSON.stringify(
          {
            tiers: ['publicProcedure', 'protectedProcedure', 'mentoradoProcedure', 'adminProcedure', 'staffProcedure'],
            roles: { trpcCore: ['server/_core/trpc.ts', 'server/_core/context.ts', 'server/_core/procedures.ts'] },
          },
          null,
          2,
        ),
      },
    ],
    expect: [{ ruleId: 'tier-chain', at: 'publicProcedure.use(requireAdminRole)' }],
  },
];
