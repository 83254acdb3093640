// procedure-tier: procedures that do not start at a configured tier builder.
import type { Mutation } from '../_utils/mutation-harness.js';

export const mutations: Mutation[] = [
  {
    name: 'a router makes its own tRPC instance and builds a procedure from t.procedure',
    file: 'server/routers/leads.ts',
    find: "import * as leadsService from '../services/leads';",
    replace: "import * as leadsService from '../services/leads';\nimport { initTRPC } from '@trpc/server';\n\nconst t = initTRPC.create();",
    edits: [
      {
        find: '  convertToStudent: mentoradoProcedure',
        replace: '  count: t.procedure.input(idInput).query(({ input }) => input.id.length),\n  convertToStudent: mentoradoProcedure',
      },
    ],
    expect: [{ ruleId: 'procedure-tier', at: 't.procedure.input(idInput)' }],
  },
  {
    name: 'a bare `procedure` destructured from initTRPC.create() (renamed import)',
    file: 'server/routers/students.ts',
    find: "import * as studentsService from '../services/students';",
    replace: "import * as studentsService from '../services/students';\nimport { initTRPC as trpcInit } from '@trpc/server';\n\nconst { procedure } = trpcInit.create();",
    edits: [
      {
        find: '  get: mentoradoProcedure.input(idInput).query(',
        replace: '  get: procedure.input(idInput).query(',
      },
    ],
    expect: [{ ruleId: 'procedure-tier', at: 'procedure.input(idInput).query(' }],
  },
  {
    name: 'an ad-hoc builder with its own middleware declared in a router and used by a procedure',
    file: 'server/routers/goals.ts',
    find: '/** Goals a mentorado tracks. */',
    replace: `const withAudit = mentoradoProcedure.use(async ({ ctx, path, next }) => {
  ctx.logger.info({ procedure: path }, 'goal access');
  return next();
});

/** Goals a mentorado tracks. */`,
    edits: [{ find: `  list: mentoradoProcedure
    .input(goalListInput)`, replace: `  list: withAudit
    .input(goalListInput)` }],
    expect: [{ ruleId: 'procedure-tier', at: 'withAudit = ' }],
  },
  {
    name: 'an ad-hoc rate-limited builder from the core middleware factory, multi-line',
    file: 'server/routers/whatsapp.ts',
    find: "import { mentoradoProcedure, router } from '../_core/trpc';",
    replace: `import { mentoradoProcedure, middleware, router } from '../_core/trpc';

const sendLimit = middleware(({ next }) => next());
const rateLimited = mentoradoProcedure
  .use(sendLimit);`,
    edits: [{ find: `  sendMessage: mentoradoProcedure
    .input(whatsappSendMessageInput)`, replace: `  sendMessage: rateLimited
    .input(whatsappSendMessageInput)` }],
    expect: [{ ruleId: 'procedure-tier', at: 'rateLimited = ' }],
  },
  {
    name: 'the app router gets a health check from its own initTRPC instance',
    file: 'server/routers.ts',
    find: "import { router } from './_core/trpc';",
    replace: "import { initTRPC } from '@trpc/server';\nimport { z } from 'zod';\nimport { router } from './_core/trpc';\n\nconst trpc = initTRPC.create();",
    edits: [{ find: '  leads: leadsRouter,', replace: "  health: trpc.procedure.input(z.void()).query(() => 'ok' as const),\n  leads: leadsRouter," }],
    expect: [{ ruleId: 'procedure-tier', at: 'trpc.procedure.input' }],
  },
  {
    name: 'a procedure written in the tRPC core from the raw t.procedure, multi-line',
    file: 'server/_core/trpc.ts',
    find: "import { ZodError } from 'zod';",
    replace: "import { z, ZodError } from 'zod';",
    edits: [
      {
        find: 'export const adminProcedure = mentoradoProcedure.use(requireAdmin);',
        replace: `export const adminProcedure = mentoradoProcedure.use(requireAdmin);

/** Liveness probe mounted by the app router. */
export const pingProcedure = t.procedure
  .input(z.void())
  .query(() => 'pong' as const);`,
      },
    ],
    expect: [{ ruleId: 'procedure-tier', at: 't.procedure\n  .input(z.void())' }],
  },
  {
    name: 'an ad-hoc builder made with .concat of a shared plugin in a router',
    file: 'server/routers/conversations.ts',
    find: "import { mentoradoProcedure, router } from '../_core/trpc';",
    replace: `import { mentoradoProcedure, router } from '../_core/trpc';
import { auditPlugin } from '../lib/audit-plugin';

const audited = mentoradoProcedure.concat(auditPlugin);`,
    edits: [
      { find: `  archive: mentoradoProcedure`, replace: `  archive: audited` },
      {
        file: 'server/lib/audit-plugin.ts',
        create: `import { initTRPC } from '@trpc/server';

/** A reusable tRPC plugin that tags the context for auditing. */
export const auditPlugin = initTRPC.create().procedure.use(({ next }) => next({ ctx: { audited: true } }));
`,
      },
    ],
    expect: [{ ruleId: 'procedure-tier', at: 'audited = ' }],
  },
  {
    name: 'an unlisted builder factory in the core, used by two procedures: one finding, at the factory',
    file: 'server/_core/trpc.ts',
    find: 'export const adminProcedure = mentoradoProcedure.use(requireAdmin);',
    replace: `export const adminProcedure = mentoradoProcedure.use(requireAdmin);
/** Procedures that need one named permission. */
export const permissionProcedure = (permission: string) =>
  mentoradoProcedure.use(({ ctx, next }) => next({ ctx: { ...ctx, permission } }));`,
    edits: [
      { file: 'server/routers/tasks.ts', find: "import { mentoradoProcedure, router } from '../_core/trpc';", replace: "import { mentoradoProcedure, permissionProcedure, router } from '../_core/trpc';" },
      { file: 'server/routers/tasks.ts', find: '  list: mentoradoProcedure\n', replace: "  list: permissionProcedure('tasks:read')\n" },
      { file: 'server/routers/tasks.ts', find: '  get: mentoradoProcedure\n', replace: "  get: permissionProcedure('tasks:read')\n" },
    ],
    expect: [{ ruleId: 'procedure-tier', at: 'permissionProcedure = ' }],
  },
  {
    name: 'a builder factory declared as a function over the raw t.procedure, with a guard clause',
    file: 'server/_core/trpc.ts',
    find: 'export const publicProcedure = t.procedure.use(logging);',
    replace: `export const publicProcedure = t.procedure.use(logging);
export function featureProcedure(flag: string) {
  if (flag === '') throw new Error('a feature flag is required');
  return t.procedure.use(({ ctx, next }) => next({ ctx: { ...ctx, flag } }));
}`,
    expect: [{ ruleId: 'procedure-tier', at: 'featureProcedure(flag' }],
  },
  {
    name: 'a local builder factory in a router, used by two procedures: one finding, at the factory',
    file: 'server/routers/goals.ts',
    find: '/** Goals a mentorado tracks. */',
    replace: `const withScope = (scope: string) =>
  mentoradoProcedure.use(async ({ ctx, next }) => {
    ctx.logger.info({ scope }, 'goal access');
    return next();
  });

/** Goals a mentorado tracks. */`,
    edits: [
      { find: '  list: mentoradoProcedure\n', replace: "  list: withScope('goals')\n" },
      { find: '  get: mentoradoProcedure\n', replace: "  get: withScope('goals')\n" },
    ],
    expect: [{ ruleId: 'procedure-tier', at: 'withScope = ' }],
  },
  {
    name: 'a configured factory is a tier; a second, unlisted one beside it is reported',
    file: 'server/_core/trpc.ts',
    find: 'export const adminProcedure = mentoradoProcedure.use(requireAdmin);',
    replace: `export const adminProcedure = mentoradoProcedure.use(requireAdmin);
export const permissionProcedure = (permission: string) =>
  mentoradoProcedure.use(({ ctx, next }) => next({ ctx: { ...ctx, permission } }));
export const teamProcedure = (team: string) =>
  mentoradoProcedure.use(({ ctx, next }) => next({ ctx: { ...ctx, team } }));`,
    edits: [
      {
        file: 'backend-guard.config.json',
        create: JSON.stringify({
          tiers: ['publicProcedure', 'protectedProcedure', 'mentoradoProcedure', { factory: 'permissionProcedure', tier: 'mentoradoProcedure' }, 'adminProcedure'],
        }),
      },
      { file: 'server/routers/tasks.ts', find: "import { mentoradoProcedure, router } from '../_core/trpc';", replace: "import { mentoradoProcedure, permissionProcedure, router } from '../_core/trpc';" },
      { file: 'server/routers/tasks.ts', find: '  list: mentoradoProcedure\n', replace: "  list: permissionProcedure('tasks:read')\n" },
    ],
    expect: [{ ruleId: 'procedure-tier', at: 'teamProcedure = ' }],
  },
  {
    name: 'with types, procedures from an unlisted factory imported under another name are not reported one by one',
    file: 'server/lib/permissions.ts',
    create: `import { mentoradoProcedure } from '../_core/trpc';

/** Procedures that need one named permission. */
export function can(permission: string) {
  return mentoradoProcedure.use(({ ctx, next }) => next({ ctx: { ...ctx, permission } }));
}
`,
    edits: [
      { file: 'server/routers/tasks.ts', find: "import { mentoradoProcedure, router } from '../_core/trpc';", replace: "import { mentoradoProcedure, router } from '../_core/trpc';\nimport { can as allowed } from '../lib/permissions';" },
      { file: 'server/routers/tasks.ts', find: '  list: mentoradoProcedure\n', replace: "  list: allowed('tasks:read')\n" },
      { file: 'server/routers/tasks.ts', find: '  get: mentoradoProcedure\n', replace: "  get: allowed('tasks:read')\n" },
    ],
    types: true,
    expect: [{ ruleId: 'procedure-tier', at: 'can(permission' }],
  },
];
