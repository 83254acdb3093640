// tier-policy: procedures below the minimum tier for their router or kind.
import type { Mutation } from '../_utils/mutation-harness.js';

export const mutations: Mutation[] = [
  {
    name: 'a mutation moved down to publicProcedure',
    file: 'server/routers/leads.ts',
    find: "import { mentoradoProcedure, router } from '../_core/trpc';",
    replace: "import { mentoradoProcedure, publicProcedure, router } from '../_core/trpc';",
    edits: [{ find: 'create: mentoradoProcedure.input(leadCreateInput)', replace: 'create: publicProcedure.input(leadCreateInput)' }],
    expect: [{ ruleId: 'tier-policy', at: 'publicProcedure.input(leadCreateInput)' }],
  },
  {
    name: 'a query of the users router at publicProcedure',
    file: 'server/routers/users.ts',
    find: "import { adminProcedure, protectedProcedure, router } from '../_core/trpc';",
    replace: "import { adminProcedure, protectedProcedure, publicProcedure, router } from '../_core/trpc';",
    edits: [{ find: 'me: protectedProcedure.input(emptyInput)', replace: 'me: publicProcedure.input(emptyInput)' }],
    expect: [{ ruleId: 'tier-policy', at: 'publicProcedure.input(emptyInput)' }],
  },
  {
    name: 'a financial query at publicProcedure imported under another name',
    file: 'server/routers/financial.ts',
    find: "import { mentoradoProcedure, router } from '../_core/trpc';",
    replace: "import { mentoradoProcedure, publicProcedure as base, router } from '../_core/trpc';",
    edits: [{ find: 'getCharge: mentoradoProcedure.input(idInput)', replace: 'getCharge: base.input(idInput)' }],
    expect: [{ ruleId: 'tier-policy', at: 'base.input(idInput)' }],
  },
  {
    name: 'an LGPD export mutation at publicProcedure (below both the router and the kind minimum)',
    file: 'server/routers/lgpd.ts',
    find: "import { adminProcedure, mentoradoProcedure, protectedProcedure, router } from '../_core/trpc';",
    replace: "import { adminProcedure, mentoradoProcedure, protectedProcedure, publicProcedure, router } from '../_core/trpc';",
    edits: [{ find: 'exportMyData: protectedProcedure.input(emptyInput)', replace: 'exportMyData: publicProcedure.input(emptyInput)' }],
    expect: [{ ruleId: 'tier-policy', at: 'publicProcedure.input(emptyInput)' }],
  },
  {
    name: 'a router file in an admin/ folder with a query at mentoradoProcedure, mounted in the app router',
    file: 'server/routers/admin/platform.ts',
    create: `import { mentoradoProcedure, router } from '../../_core/trpc';
import { dashboardInput } from '../../lib/crm-inputs';
import * as metricsService from '../../services/metrics';

export const platformRouter = router({
  overview: mentoradoProcedure
    .input(dashboardInput)
    .query(({ ctx, input }) => metricsService.getPlatformOverview(ctx, input)),
});
`,
    edits: [
      { file: 'server/routers.ts', find: "import { activitiesRouter } from './routers/activities';", replace: "import { activitiesRouter } from './routers/activities';\nimport { platformRouter } from './routers/admin/platform';" },
      { file: 'server/routers.ts', find: '  activities: activitiesRouter,', replace: '  activities: activitiesRouter,\n  platform: platformRouter,' },
    ],
    expect: [{ ruleId: 'tier-policy', at: 'mentoradoProcedure\n    .input(dashboardInput)' }],
  },
  {
    name: 'a new admin router whose report query is at protectedProcedure, mounted in the app router',
    file: 'server/routers/adminReports.ts',
    create: `import { adminProcedure, protectedProcedure, router } from '../_core/trpc';
import { dashboardInput } from '../lib/crm-inputs';
import * as metricsService from '../services/metrics';

/** Platform reports for the back office. */
export const adminReportsRouter = router({
  platform: adminProcedure
    .input(dashboardInput)
    .query(({ ctx, input }) => metricsService.getPlatformOverview(ctx, input)),
  monthly: protectedProcedure
    .input(dashboardInput)
    .query(({ ctx, input }) => metricsService.getPlatformOverview(ctx, input)),
});
`,
    edits: [
      { file: 'server/routers.ts', find: "import { activitiesRouter } from './routers/activities';", replace: "import { activitiesRouter } from './routers/activities';\nimport { adminReportsRouter } from './routers/adminReports';" },
      { file: 'server/routers.ts', find: '  goals: goalsRouter,', replace: '  goals: goalsRouter,\n  adminReports: adminReportsRouter,' },
    ],
    expect: [{ ruleId: 'tier-policy', at: 'protectedProcedure\n    .input(dashboardInput)' }],
  },
  {
    name: 'an admin* key in the app router with a mentorado-tier mutation',
    file: 'server/routers.ts',
    find: "import { router } from './_core/trpc';",
    replace: "import { z } from 'zod';\nimport { mentoradoProcedure, router } from './_core/trpc';",
    edits: [
      {
        find: '  goals: goalsRouter,',
        replace: `  goals: goalsRouter,
  adminTools: router({
    flushCaches: mentoradoProcedure.input(z.void()).mutation(({ ctx }) => ctx.logger.info({}, 'caches flushed')),
  }),`,
      },
    ],
    expect: [{ ruleId: 'tier-policy', at: 'mentoradoProcedure.input(z.void())' }],
  },
  {
    name: 'a mutation through a local alias of publicProcedure',
    file: 'server/routers/tasks.ts',
    find: "import { mentoradoProcedure, router } from '../_core/trpc';",
    replace: "import { mentoradoProcedure, publicProcedure, router } from '../_core/trpc';\n\nconst open = publicProcedure;",
    edits: [{ find: `  complete: mentoradoProcedure
    .input(idInput)`, replace: `  complete: open
    .input(idInput)` }],
    expect: [{ ruleId: 'tier-policy', at: 'open\n    .input(idInput)' }],
  },
  {
    name: 'a mutation through a namespace import of the core (trpc.publicProcedure)',
    file: 'server/routers/settings.ts',
    find: "import * as settingsService from '../services/settings';",
    replace: "import * as settingsService from '../services/settings';\nimport * as trpc from '../_core/trpc';",
    edits: [{ find: 'set: mentoradoProcedure.input(settingSetInput)', replace: 'set: trpc.publicProcedure.input(settingSetInput)' }],
    expect: [{ ruleId: 'tier-policy', at: 'trpc.publicProcedure.input' }],
  },
  {
    name: 'a nested router in the financial router with a public query (financial.reports.revenue)',
    file: 'server/routers/financial.ts',
    find: "import { mentoradoProcedure, router } from '../_core/trpc';",
    replace: "import { mentoradoProcedure, publicProcedure, router } from '../_core/trpc';",
    edits: [
      {
        find: '  markOverdue: mentoradoProcedure',
        replace: `  reports: router({
    revenue: publicProcedure
      .input(chargeListInput)
      .query(({ ctx, input }) => financialService.listCharges({ ...ctx, mentoradoId: '', user: { id: '', role: 'admin' } }, input)),
  }),
  markOverdue: mentoradoProcedure`,
      },
    ],
    expect: [{ ruleId: 'tier-policy', at: 'publicProcedure\n' }],
  },
  {
    name: 'a public-on-purpose marker with no reason above a public mutation',
    file: 'server/routers/leads.ts',
    find: "import { mentoradoProcedure, router } from '../_core/trpc';",
    replace: "import { mentoradoProcedure, publicProcedure, router } from '../_core/trpc';",
    edits: [
      {
        find: '  create: mentoradoProcedure.input(leadCreateInput)',
        replace: '  // backend-guard-public\n  create: publicProcedure.input(leadCreateInput)',
      },
    ],
    expect: [{ ruleId: 'tier-policy', at: '// backend-guard-public' }],
  },
  {
    name: "a marker covers the procedure below it only: its public neighbour is still reported",
    file: 'server/routers/tags.ts',
    find: "import { mentoradoProcedure, router } from '../_core/trpc';",
    replace: "import { mentoradoProcedure, publicProcedure, router } from '../_core/trpc';",
    edits: [
      {
        find: '  attachToLead: mentoradoProcedure\n',
        replace: '  // backend-guard-public: the lead form on the landing page tags leads before sign-up\n  attachToLead: publicProcedure\n',
      },
      { find: '  detach: mentoradoProcedure\n', replace: '  detach: publicProcedure\n' },
    ],
    expect: [{ ruleId: 'tier-policy', at: 'publicProcedure\n    .input(tagLeadInput)\n    .mutation(({ ctx, input }) => tagsService.detachTagFromLead' }],
  },
  {
    name: 'a marker above the whole router is not a blanket for its procedures',
    file: 'server/routers/users.ts',
    find: "import { adminProcedure, protectedProcedure, router } from '../_core/trpc';",
    replace: "import { adminProcedure, protectedProcedure, publicProcedure, router } from '../_core/trpc';",
    edits: [
      { find: 'export const usersRouter = router({', replace: '// backend-guard-public: profiles are public pages\nexport const usersRouter = router({' },
      { find: 'me: protectedProcedure.input(emptyInput)', replace: 'me: publicProcedure.input(emptyInput)' },
    ],
    expect: [{ ruleId: 'tier-policy', at: 'publicProcedure.input(emptyInput)' }],
  },
  {
    name: 'resetPassword is an authentication-flow name, but the users router still needs protectedProcedure',
    file: 'server/routers/users.ts',
    find: "import { adminProcedure, protectedProcedure, router } from '../_core/trpc';",
    replace: "import { adminProcedure, protectedProcedure, publicProcedure, router } from '../_core/trpc';",
    edits: [
      {
        find: '  updateMe: protectedProcedure\n',
        replace: '  resetPassword: publicProcedure.input(idInput).mutation(({ ctx, input }) => usersService.getUser(ctx, input.id)),\n  updateMe: protectedProcedure\n',
      },
    ],
    expect: [{ ruleId: 'tier-policy', at: 'publicProcedure.input(idInput)' }],
  },
  {
    name: 'a configured builder factory has its tier: protected is below the admin* router minimum',
    file: 'server/routers/adminAudit.ts',
    create: `import { permissionProcedure, router } from '../_core/trpc';
import { dashboardInput } from '../lib/crm-inputs';
import * as metricsService from '../services/metrics';

export const adminAuditRouter = router({
  overview: permissionProcedure('audit:read')
    .input(dashboardInput)
    .query(({ ctx, input }) => metricsService.getPlatformOverview(ctx, input)),
});
`,
    edits: [
      {
        file: 'server/_core/trpc.ts',
        find: 'export const adminProcedure = mentoradoProcedure.use(requireAdmin);',
        replace:
          'export const adminProcedure = mentoradoProcedure.use(requireAdmin);\n/** Procedures that need one named permission (checked by the middleware). */\nexport const permissionProcedure = (permission: string) =>\n  protectedProcedure.use(({ ctx, next }) => next({ ctx: { ...ctx, permission } }));',
      },
      {
        file: 'backend-guard.config.json',
        create: JSON.stringify({
          tiers: ['publicProcedure', 'protectedProcedure', { factory: 'permissionProcedure', tier: 'protectedProcedure' }, 'mentoradoProcedure', 'adminProcedure'],
        }),
      },
      { file: 'server/routers.ts', find: "import { activitiesRouter } from './routers/activities';", replace: "import { activitiesRouter } from './routers/activities';\nimport { adminAuditRouter } from './routers/adminAudit';" },
      { file: 'server/routers.ts', find: '  activities: activitiesRouter,', replace: '  activities: activitiesRouter,\n  adminAudit: adminAuditRouter,' },
    ],
    expect: [{ ruleId: 'tier-policy', at: "permissionProcedure('audit:read')" }],
  },
];
