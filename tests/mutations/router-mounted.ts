// router-mounted: a router module not mounted in the app router, mounted twice, or a duplicate key.
import type { Mutation } from '../_utils/mutation-harness.js';

export const mutations: Mutation[] = [
  {
    name: 'the goals router dropped from the app router (its module stays)',
    file: 'server/routers.ts',
    find: "import { goalsRouter } from './routers/goals';\n",
    replace: '',
    edits: [{ find: '  goals: goalsRouter,\n', replace: '' }],
    expect: [{ ruleId: 'router-mounted', file: 'server/routers/goals.ts', at: 'goalsRouter =' }],
  },
  {
    name: 'the metrics router mounted a second time under another key',
    file: 'server/routers.ts',
    find: '  metrics: metricsRouter,\n',
    replace: '  metrics: metricsRouter,\n  stats: metricsRouter,\n',
    expect: [{ ruleId: 'router-mounted', at: 'stats: metricsRouter' }],
  },
  {
    name: 'two routers under the same key (the first silently replaced)',
    file: 'server/routers.ts',
    find: '  customFields: customFieldsRouter,\n',
    replace: '  tags: customFieldsRouter,\n',
    expect: [{ ruleId: 'router-mounted', at: 'tags: customFieldsRouter' }],
  },
  {
    name: 'a new reports router that nobody mounts',
    file: 'server/routers/reports.ts',
    create: `import { mentoradoProcedure, router } from '../_core/trpc';
import { dashboardInput } from '../lib/crm-inputs';
import * as metricsService from '../services/metrics';

export const reportsRouter = router({
  overview: mentoradoProcedure.input(dashboardInput).query(({ ctx, input }) => metricsService.getDashboard(ctx, input)),
});
`,
    expect: [{ ruleId: 'router-mounted', at: 'reportsRouter =' }],
  },
  {
    name: 'the tags router also nested inside the marketing router',
    file: 'server/routers/marketing.ts',
    find: "import * as marketingService from '../services/marketing';",
    replace: "import * as marketingService from '../services/marketing';\nimport { tagsRouter } from './tags';",
    edits: [{ find: 'export const marketingRouter = router({\n', replace: 'export const marketingRouter = router({\n  tags: tagsRouter,\n' }],
    // A router importing another is also a layers finding (only the app router mounts routers).
    expect: [
      { ruleId: 'layers', at: "'./tags'" },
      { ruleId: 'router-mounted', at: 'tags: tagsRouter' },
    ],
  },
];
