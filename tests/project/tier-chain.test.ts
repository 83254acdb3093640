import { describe, expect, it } from 'vitest';
import { runCheck, type Expected, type ProjectCase } from '../_utils/project-tester.js';

const CORE = 'server/_core/trpc.ts';

/** A tRPC core with the given tier lines after the instance and the middleware. */
const core = (tiers: string, extra = '') => `import { initTRPC, TRPCError } from '@trpc/server';
${extra}
const t = initTRPC.create();
export const router = t.router;

const logging = t.middleware(({ next }) => next());
const requireUser = t.middleware(({ next }) => next());
const requireMentorado = t.middleware(({ next }) => next());
const requireAdmin = t.middleware(({ next }) => {
  if (Math.random() > 2) throw new TRPCError({ code: 'FORBIDDEN' });
  return next();
});

${tiers}
`;

const valid: { name: string; project: ProjectCase }[] = [
  {
    name: 'the document’s chain: each tier derived from the one below with its own middleware',
    project: {
      files: {
        [CORE]: core(`export const publicProcedure = t.procedure.use(logging);
export const protectedProcedure = publicProcedure.use(requireUser);
export const mentoradoProcedure = protectedProcedure.use(requireMentorado);
export const adminProcedure = mentoradoProcedure.use(requireAdmin);`),
      },
    },
  },
  {
    name: 'admin and mentorado both derived from protected (authentication still defined once)',
    project: {
      files: {
        [CORE]: core(`export const publicProcedure = t.procedure;
export const protectedProcedure = publicProcedure.use(requireUser);
export const mentoradoProcedure = protectedProcedure.use(requireMentorado);
export const adminProcedure = protectedProcedure.use(requireAdmin);`),
      },
    },
  },
  {
    name: 'protected built on t.procedure when the lowest tier is exactly t.procedure',
    project: {
      files: {
        [CORE]: core(`export const publicProcedure = t.procedure;
export const protectedProcedure = t.procedure.use(requireUser);
export const mentoradoProcedure = protectedProcedure.use(requireMentorado);
export const adminProcedure = protectedProcedure.meta({ audit: true }).use(requireAdmin);`),
      },
    },
  },
  {
    name: 'protected repeats the lowest tier’s whole chain before its own check (the create-t3-app template)',
    project: {
      files: {
        [CORE]: core(`export const publicProcedure = t.procedure.use(logging);
export const protectedProcedure = t.procedure.use(logging).use(requireUser);
export const mentoradoProcedure = protectedProcedure.use(requireMentorado);
export const adminProcedure = mentoradoProcedure.use(requireAdmin);`),
      },
    },
  },
  {
    name: 'a local alias between tiers is followed (its middleware counts)',
    project: {
      files: {
        [CORE]: core(`export const publicProcedure = t.procedure.use(logging);
const authed = publicProcedure.use(requireUser);
export const protectedProcedure = authed;
export const mentoradoProcedure = protectedProcedure.use(requireMentorado);
export const adminProcedure = mentoradoProcedure.use(requireAdmin);`),
      },
    },
  },
  {
    name: 'renamed tiers from the config, chained',
    project: {
      config: { tiers: ['openProcedure', 'authedProcedure', 'staffProcedure'] },
      files: {
        [CORE]: core(`export const openProcedure = t.procedure.use(logging);
export const authedProcedure = openProcedure.use(requireUser);
export const staffProcedure = authedProcedure.use(requireAdmin);`),
      },
    },
  },
  {
    name: 'tiers split over the core files (procedures.ts re-exported by trpc.ts)',
    project: {
      config: { roles: { trpcCore: ['server/_core/trpc.ts', 'server/_core/procedures.ts'] } },
      files: {
        [CORE]: `import { initTRPC } from '@trpc/server';
export const t = initTRPC.create();
export { publicProcedure, protectedProcedure, mentoradoProcedure, adminProcedure } from './procedures';
`,
        'server/_core/procedures.ts': `import { t } from './trpc';
const requireUser = t.middleware(({ next }) => next());
export const publicProcedure = t.procedure.use(({ next }) => next());
export const protectedProcedure = publicProcedure.use(requireUser);
export const mentoradoProcedure = protectedProcedure.use(({ next }) => next());
export const adminProcedure = mentoradoProcedure.use(({ next }) => next());
`,
      },
    },
  },
  {
    name: 'a builder the check cannot trace (from a package) is not judged',
    project: {
      files: {
        [CORE]: core(`export const publicProcedure = t.procedure;
export const protectedProcedure = publicProcedure.use(requireUser);
export const mentoradoProcedure = protectedProcedure.use(requireMentorado);
export const adminProcedure = sharedTiers.admin;`, "import { sharedTiers } from '@acme/trpc-tiers';"),
      },
    },
  },
  {
    name: 'an ad-hoc builder in a router is procedure-tier’s concern, not the core’s chain',
    project: {
      files: {
        [CORE]: core(`export const publicProcedure = t.procedure;
export const protectedProcedure = publicProcedure.use(requireUser);
export const mentoradoProcedure = protectedProcedure.use(requireMentorado);
export const adminProcedure = mentoradoProcedure.use(requireAdmin);`),
        'server/routers/admin.ts': `import { initTRPC } from '@trpc/server';
const t = initTRPC.create();
export const adminProcedure = t.procedure.use(({ next }) => next());
`,
      },
    },
  },
  {
    name: 'no tRPC core in the project: nothing to check',
    project: { files: { 'server/services/leads.ts': 'export const listLeads = () => [];\n' } },
  },
];

const invalid: { name: string; project: ProjectCase; errors: Expected[] }[] = [
  {
    name: 'admin re-implements authentication from t.procedure (the issue’s real-codebase case)',
    project: {
      files: {
        [CORE]: core(`export const publicProcedure = t.procedure.use(logging);
export const protectedProcedure = publicProcedure.use(requireUser);
export const mentoradoProcedure = protectedProcedure.use(requireMentorado);
export const adminProcedure = t.procedure.use(requireUser).use(requireAdmin);`),
      },
    },
    errors: [{ messageId: 'authReimplemented', file: CORE, at: 't.procedure.use(requireUser)' }],
  },
  {
    name: 'admin derived from public skips protected',
    project: {
      files: {
        [CORE]: core(`export const publicProcedure = t.procedure.use(logging);
export const protectedProcedure = publicProcedure.use(requireUser);
export const mentoradoProcedure = protectedProcedure.use(requireMentorado);
export const adminProcedure = publicProcedure.use(requireUser).use(requireAdmin);`),
      },
    },
    errors: [{ messageId: 'authReimplemented', file: CORE, at: 'publicProcedure.use(requireUser).use(requireAdmin)' }],
  },
  {
    name: 'protected starts from t.procedure although public adds logging',
    project: {
      files: {
        [CORE]: core(`export const publicProcedure = t.procedure.use(logging);
export const protectedProcedure = t.procedure.use(requireUser);
export const mentoradoProcedure = protectedProcedure.use(requireMentorado);
export const adminProcedure = mentoradoProcedure.use(requireAdmin);`),
      },
    },
    errors: [{ messageId: 'notFromLowerTier', file: CORE, at: 't.procedure.use(requireUser)' }],
  },
  {
    name: 'protected repeats the lowest tier’s middleware in another order (not the same chain)',
    project: {
      files: {
        [CORE]: core(`export const publicProcedure = t.procedure.use(logging).use(requireMentorado);
export const protectedProcedure = t.procedure.use(requireMentorado).use(logging).use(requireUser);
export const mentoradoProcedure = protectedProcedure.use(requireMentorado);
export const adminProcedure = mentoradoProcedure.use(requireAdmin);`),
      },
    },
    errors: [{ messageId: 'notFromLowerTier', file: CORE, at: 't.procedure.use(requireMentorado)' }],
  },
  {
    name: 'protected repeats the lowest tier’s chain and adds nothing',
    project: {
      files: {
        [CORE]: core(`export const publicProcedure = t.procedure.use(logging);
export const protectedProcedure = t.procedure.use(logging);
export const mentoradoProcedure = protectedProcedure.use(requireMentorado);
export const adminProcedure = mentoradoProcedure.use(requireAdmin);`),
      },
    },
    errors: [{ messageId: 'noOwnMiddleware', file: CORE, at: 'protectedProcedure = t' }],
  },
  {
    name: 'admin repeats the protected chain instead of deriving from it (authentication written twice)',
    project: {
      files: {
        [CORE]: core(`export const publicProcedure = t.procedure;
export const protectedProcedure = t.procedure.use(requireUser);
export const mentoradoProcedure = protectedProcedure.use(requireMentorado);
export const adminProcedure = t.procedure.use(requireUser).use(requireAdmin);`),
      },
    },
    errors: [{ messageId: 'authReimplemented', file: CORE, at: 't.procedure.use(requireUser).use(requireAdmin)' }],
  },
  {
    name: 'mentorado derived from admin, a higher tier',
    project: {
      files: {
        [CORE]: core(`export const publicProcedure = t.procedure.use(logging);
export const protectedProcedure = publicProcedure.use(requireUser);
export const adminProcedure = protectedProcedure.use(requireAdmin);
export const mentoradoProcedure = adminProcedure.use(requireMentorado);`),
      },
    },
    errors: [{ messageId: 'derivedFromHigher', file: CORE, at: 'adminProcedure.use(requireMentorado)' }],
  },
  {
    name: 'admin is only an alias of mentorado (no check of its own)',
    project: {
      files: {
        [CORE]: core(`export const publicProcedure = t.procedure.use(logging);
export const protectedProcedure = publicProcedure.use(requireUser);
export const mentoradoProcedure = protectedProcedure.use(requireMentorado);
export const adminProcedure = mentoradoProcedure.meta({ role: 'admin' });`),
      },
    },
    errors: [{ messageId: 'noOwnMiddleware', file: CORE, at: 'adminProcedure =' }],
  },
  {
    name: 'a configured tier missing from the core is reported at the tRPC instance',
    project: {
      files: {
        [CORE]: core(`export const publicProcedure = t.procedure.use(logging);
export const protectedProcedure = publicProcedure.use(requireUser);
export const adminProcedure = protectedProcedure.use(requireAdmin);`),
      },
    },
    errors: [{ messageId: 'missingTier', file: CORE, at: 't = initTRPC' }],
  },
  {
    name: 'renamed tiers: staff derived from the lowest tier bypasses authedProcedure',
    project: {
      config: { tiers: ['openProcedure', 'authedProcedure', 'staffProcedure'] },
      files: {
        [CORE]: core(`export const openProcedure = t.procedure.use(logging);
export const authedProcedure = openProcedure.use(requireUser);
export const staffProcedure = openProcedure.use(requireUser).use(requireAdmin);`),
      },
    },
    errors: [{ messageId: 'authReimplemented', file: CORE, at: 'openProcedure.use(requireUser).use(requireAdmin)' }],
  },
  {
    name: 'the lowest tier built on a higher one',
    project: {
      files: {
        [CORE]: core(`const base = t.procedure.use(logging);
export const protectedProcedure = base.use(requireUser);
export const publicProcedure = protectedProcedure.use(logging);
export const mentoradoProcedure = protectedProcedure.use(requireMentorado);
export const adminProcedure = mentoradoProcedure.use(requireAdmin);`),
      },
    },
    errors: [
      { messageId: 'notFromLowerTier', file: CORE, at: 't.procedure.use(logging)' },
      { messageId: 'derivedFromHigher', file: CORE, at: 'protectedProcedure.use(logging)' },
    ],
  },
];

describe('tier-chain', () => {
  it.each(valid)('valid: $name', async ({ project }) => {
    const { actual } = await runCheck('tier-chain', project);
    expect(actual).toEqual([]);
  });
  it.each(invalid)('invalid: $name', async ({ project, errors }) => {
    const { actual, expected } = await runCheck('tier-chain', project, errors);
    expect(actual).toEqual(expected);
  });
  it('messages name the configured tiers', async () => {
    const { messages } = await runCheck('tier-chain', invalid[0]!.project);
    expect(messages).toEqual(['adminProcedure bypasses protectedProcedure; derive it from protectedProcedure so authentication is defined once']);
  });
});
