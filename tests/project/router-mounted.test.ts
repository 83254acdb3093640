import { describe, expect, it } from 'vitest';
import { runCheck, type Expected, type ProjectCase } from '../_utils/project-tester.js';

const CORE = `import { initTRPC } from '@trpc/server';
const t = initTRPC.create();
export const router = t.router;
export const createTRPCRouter = t.router;
export const mergeRouters = t.mergeRouters;
export const publicProcedure = t.procedure;
`;
const leads = `import { publicProcedure, router } from '../_core/trpc';
export const leadsRouter = router({ list: publicProcedure.query(() => []) });
`;
const tags = `import { publicProcedure, router } from '../_core/trpc';
export const tagsRouter = router({ list: publicProcedure.query(() => []) });
`;
const app = (body: string, imports = '') => `import { router } from './_core/trpc';
import { leadsRouter } from './routers/leads';
import { tagsRouter } from './routers/tags';
${imports}
export const appRouter = router({
${body}
});
export type AppRouter = typeof appRouter;
`;
const base = { 'server/_core/trpc.ts': CORE, 'server/routers/leads.ts': leads, 'server/routers/tags.ts': tags };

const valid: { name: string; project: ProjectCase }[] = [
  { name: 'every router mounted once', project: { files: { ...base, 'server/routers.ts': app('  leads: leadsRouter,\n  tags: tagsRouter,') } } },
  {
    name: 'a nested router mounted inside a mounted router counts',
    project: {
      files: {
        ...base,
        'server/routers/admin/users.ts': `import { createTRPCRouter, publicProcedure } from '../../_core/trpc';
export const adminUsersRouter = createTRPCRouter({ list: publicProcedure.query(() => []) });
`,
        'server/routers/admin/index.ts': `import { router } from '../../_core/trpc';
import { adminUsersRouter } from './users';
export const adminRouter = router({ users: adminUsersRouter });
`,
        'server/routers.ts': app('  leads: leadsRouter,\n  tags: tagsRouter,\n  admin: adminRouter,', "import { adminRouter } from './routers/admin';"),
      },
    },
  },
  {
    name: 'shorthand keys, a namespace import and an inline sub-router',
    project: {
      files: {
        ...base,
        'server/routers.ts': `import { router, publicProcedure } from './_core/trpc';
import * as leadsModule from './routers/leads';
import { tagsRouter } from './routers/tags';
export const appRouter = router({
  leads: leadsModule.leadsRouter,
  tagsRouter,
  health: router({ ping: publicProcedure.query(() => 'pong') }),
});
`,
      },
    },
  },
  {
    name: 'routers merged into the app router with mergeRouters (distinct keys)',
    project: {
      files: {
        ...base,
        'server/routers/tags.ts': tags.replace('list:', 'tags:'),
        'server/routers.ts': `import { mergeRouters } from './_core/trpc';
import { leadsRouter } from './routers/leads';
import { tagsRouter } from './routers/tags';
export const appRouter = mergeRouters(leadsRouter, tagsRouter);
`,
      },
    },
  },
  {
    name: 'a helper module in the routers folder that exports no router',
    project: {
      files: {
        ...base,
        'server/routers/_shared.ts': 'export const pageSize = 20;\nexport const router = (x: number) => x;\n',
        'server/routers.ts': app('  leads: leadsRouter,\n  tags: tagsRouter,'),
      },
    },
  },
  {
    name: 'a non-tRPC router (Hono’s) in the routers folder is not a tRPC router',
    project: {
      files: {
        ...base,
        'server/routers/webhooks.ts': "import { Hono } from 'hono';\nexport const webhooksRouter = new Hono();\n",
        'server/routers.ts': app('  leads: leadsRouter,\n  tags: tagsRouter,'),
      },
    },
  },
  {
    name: 'an import through a tsconfig path alias resolves',
    project: {
      files: {
        ...base,
        'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '~/*': ['server/*'] } } }),
        'server/routers.ts': `import { router } from '~/_core/trpc';
import { leadsRouter } from '~/routers/leads';
import { tagsRouter } from '~/routers/tags';
export const appRouter = router({ leads: leadsRouter, tags: tagsRouter });
`,
      },
    },
  },
  {
    name: 'a router imported through an alias the run cannot resolve is matched by its exported name',
    project: {
      files: {
        ...base,
        'server/routers.ts': `import { router } from './_core/trpc';
import { leadsRouter } from '#routers/leads';
import { tagsRouter } from './routers/tags';
export const appRouter = router({ leads: leadsRouter, tags: tagsRouter });
`,
      },
    },
  },
  {
    name: 'a router mounted through a module-scope alias and through a helper call',
    project: {
      files: {
        ...base,
        'server/routers.ts': `import { router } from './_core/trpc';
import { leadsRouter } from './routers/leads';
import { tagsRouter } from './routers/tags';
const withDocs = <T>(r: T) => r;
const leads = leadsRouter;
export const appRouter = router({ leads, tags: withDocs(tagsRouter) });
`,
      },
    },
  },
  { name: 'no app router in the project: mounting cannot be judged', project: { files: { ...base } } },
];

const invalid: { name: string; project: ProjectCase; errors: Expected[] }[] = [
  {
    name: 'a router made with a tRPC instance imported from the core (`t.router`), nothing mounts it',
    project: {
      files: {
        'server/_core/trpc.ts': `import { initTRPC } from '@trpc/server';
export const t = initTRPC.create();
export const publicProcedure = t.procedure;
`,
        'server/routers/leads.ts': `import { publicProcedure, t } from '../_core/trpc';
export const leadsRouter = t.router({ list: publicProcedure.query(() => []) });
`,
        'server/routers/tags.ts': `import { publicProcedure, t } from '../_core/trpc';
export const tagsRouter = t.router({ list: publicProcedure.query(() => []) });
`,
        'server/routers.ts': `import { t } from './_core/trpc';
import { leadsRouter } from './routers/leads';
export const appRouter = t.router({ leads: leadsRouter });
`,
      },
    },
    errors: [{ messageId: 'notMounted', file: 'server/routers/tags.ts', at: 'tagsRouter =' }],
  },
  {
    name: 'a router module nothing mounts',
    project: { files: { ...base, 'server/routers.ts': app('  leads: leadsRouter,') } },
    errors: [{ messageId: 'notMounted', file: 'server/routers/tags.ts', at: 'tagsRouter =' }],
  },
  {
    name: 'a router mounted twice in the app router',
    project: { files: { ...base, 'server/routers.ts': app('  leads: leadsRouter,\n  tags: tagsRouter,\n  labels: tagsRouter,') } },
    errors: [{ messageId: 'mountedTwice', file: 'server/routers.ts', at: 'labels: tagsRouter' }],
  },
  {
    name: 'a duplicate key in the app router',
    project: { files: { ...base, 'server/routers.ts': app("  leads: leadsRouter,\n  tags: tagsRouter,\n  'leads': leadsRouter,") } },
    errors: [
      { messageId: 'duplicateKey', file: 'server/routers.ts', at: "'leads': leadsRouter" },
      { messageId: 'mountedTwice', file: 'server/routers.ts', at: "'leads': leadsRouter" },
    ],
  },
  {
    name: 'a router mounted at the top and again inside a nested router',
    project: {
      files: {
        ...base,
        'server/routers/admin.ts': `import { router } from '../_core/trpc';
import { tagsRouter } from './tags';
export const adminRouter = router({ tags: tagsRouter });
`,
        'server/routers.ts': app('  leads: leadsRouter,\n  tags: tagsRouter,\n  admin: adminRouter,', "import { adminRouter } from './routers/admin';"),
      },
    },
    errors: [{ messageId: 'mountedTwice', file: 'server/routers/admin.ts', at: 'tags: tagsRouter' }],
  },
  {
    name: 'a router found by content outside the routers folder, never mounted',
    project: {
      files: {
        ...base,
        'server/services/reports-router.ts': `import { createTRPCRouter, publicProcedure } from '../_core/trpc';
export const reportsRouter = createTRPCRouter({ monthly: publicProcedure.query(() => []) });
`,
        'server/routers.ts': app('  leads: leadsRouter,\n  tags: tagsRouter,'),
      },
    },
    errors: [{ messageId: 'notMounted', file: 'server/services/reports-router.ts', at: 'reportsRouter =' }],
  },
  {
    name: 'only the top-most unmounted router is reported (its child is its finding)',
    project: {
      files: {
        ...base,
        'server/routers/admin.ts': `import { router } from '../_core/trpc';
import { tagsRouter } from './tags';
export const adminRouter = router({ tags: tagsRouter });
`,
        'server/routers.ts': app('  leads: leadsRouter,'),
      },
    },
    errors: [{ messageId: 'notMounted', file: 'server/routers/admin.ts', at: 'adminRouter =' }],
  },
  {
    name: 'merged routers that define the same key',
    project: {
      files: {
        ...base,
        'server/routers/labels.ts': `import { publicProcedure, router } from '../_core/trpc';
export const labelsRouter = router({ list: publicProcedure.query(() => []) });
`,
        'server/routers.ts': `import { mergeRouters, router } from './_core/trpc';
import { leadsRouter } from './routers/leads';
import { tagsRouter } from './routers/tags';
import { labelsRouter } from './routers/labels';
const domain = router({ leads: leadsRouter, tags: tagsRouter });
const more = router({ tags: labelsRouter });
export const appRouter = mergeRouters(domain, more);
`,
      },
    },
    errors: [{ messageId: 'mergeKeyClash', file: 'server/routers.ts', at: 'more);' }],
  },
];

describe('router-mounted', () => {
  it.each(valid)('valid: $name', async ({ project }) => {
    const { actual } = await runCheck('router-mounted', project);
    expect(actual).toEqual([]);
  });
  it.each(invalid)('invalid: $name', async ({ project, errors }) => {
    const { actual, expected } = await runCheck('router-mounted', project, errors);
    expect(actual).toEqual(expected);
  });
  it('says where the router is already mounted', async () => {
    const { messages } = await runCheck('router-mounted', invalid[2]!.project);
    expect(messages).toEqual(['tagsRouter is already mounted at appRouter.tags; mount each router once']);
  });
});
