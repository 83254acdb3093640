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
];
