// require-zod-input: procedures with no input contract, or one that validates nothing.
import type { Mutation } from '../_utils/mutation-harness.js';

export const mutations: Mutation[] = [
  {
    name: 'drop the input of a one-line query',
    file: 'server/routers/users.ts',
    find: 'me: protectedProcedure.input(emptyInput).query(',
    replace: 'me: protectedProcedure.query(',
    expect: [{ ruleId: 'require-zod-input', at: 'query(({ ctx }) => usersService.getMyProfile' }],
  },
  {
    name: 'drop the input line of a multi-line mutation chain',
    file: 'server/routers/notifications.ts',
    find: `markAllRead: mentoradoProcedure
    .input(emptyInput)
    .mutation(`,
    replace: `markAllRead: mentoradoProcedure
    .mutation(`,
    expect: [{ ruleId: 'require-zod-input', at: 'mutation(({ ctx }) => notificationsService.markAllNotificationsRead' }],
  },
  {
    name: 'replace an input with z.any()',
    file: 'server/routers/lgpd.ts',
    find: '.input(erasureRequestInput)',
    replace: '.input(z.any())',
    edits: [{ find: "import { emptyInput } from '../lib/validators';", replace: "import { z } from 'zod';\nimport { emptyInput } from '../lib/validators';" }],
    expect: [{ ruleId: 'require-zod-input', at: 'z.any()' }],
  },
  {
    name: 'replace an input with z.unknown().optional() from a namespace import of zod',
    file: 'server/routers/settings.ts',
    find: 'get: mentoradoProcedure.input(settingKeyInput)',
    replace: 'get: mentoradoProcedure.input(z.unknown().optional())',
    edits: [{ find: "import * as settingsService from '../services/settings';", replace: "import * as settingsService from '../services/settings';\nimport * as z from 'zod';" }],
    expect: [{ ruleId: 'require-zod-input', at: 'z.unknown().optional()' }],
  },
  {
    name: 'replace an input with a function validator (a cast)',
    file: 'server/routers/customFields.ts',
    find: `.input(customFieldSetValueInput)`,
    replace: `.input((raw) => raw as { fieldId: string; entityId: string; value: string })`,
    expect: [{ ruleId: 'require-zod-input', at: '(raw) => raw as' }],
  },
  {
    name: 'a local const holding z.any() with a renamed zod import',
    file: 'server/routers/marketing.ts',
    find: `  reject: adminProcedure
    .input(campaignRejectInput)`,
    replace: `  reject: adminProcedure
    .input(rejectPayload)`,
    edits: [
      {
        find: "import * as marketingService from '../services/marketing';",
        replace: "import * as marketingService from '../services/marketing';\nimport { z as schema } from 'zod';\n\n// Validated in the service for now.\nconst rejectPayload = schema.any();",
      },
    ],
    expect: [{ ruleId: 'require-zod-input', at: 'rejectPayload)' }],
  },
  {
    name: 'a procedure built from a local alias of the tier, with no input',
    file: 'server/routers/tags.ts',
    find: `  forLead: mentoradoProcedure
    .input(leadIdInput)
    .query(({ ctx, input }) => tagsService.listTagsForLead(ctx, input)),`,
    replace: `  forLead: tagProcedure.query(({ ctx }) => tagsService.listTagsForLead(ctx, { leadId: '' })),`,
    edits: [{ find: "/** A mentorado's tags", replace: "const tagProcedure = mentoradoProcedure;\n\n/** A mentorado's tags" }],
    expect: [{ ruleId: 'require-zod-input', at: "query(({ ctx }) => tagsService.listTagsForLead" }],
  },
  {
    name: 'a shared input schema in lib turned into z.any() (reported at the router with types)',
    file: 'server/lib/engagement-inputs.ts',
    find: `export const taskListInput = ownedListInput.extend({
  status: z.enum(['open', 'done']).optional(),
});`,
    replace: `export const taskListInput = z.any();`,
    types: true,
    expect: [{ ruleId: 'require-zod-input', file: 'server/routers/tasks.ts', at: 'taskListInput)' }],
  },
  {
    name: 'a hand-written parser object from lib instead of a Zod schema (types)',
    file: 'server/routers/goals.ts',
    find: `  get: mentoradoProcedure
    .input(idInput)`,
    replace: `  get: mentoradoProcedure
    .input(goalIdParser)`,
    edits: [
      { find: "import { idInput } from '../lib/validators';", replace: "import { idInput } from '../lib/validators';\nimport { goalIdParser } from '../lib/goal-id';" },
      {
        file: 'server/lib/goal-id.ts',
        create: `// Goal ids arrive as { id }; parsed by hand to skip a schema.
export const goalIdParser = {
  parse(value: unknown): { id: string } {
    if (typeof value === 'object' && value !== null && 'id' in value && typeof value.id === 'string') return { id: value.id };
    throw new Error('Invalid goal id');
  },
};
`,
      },
    ],
    types: true,
    expect: [{ ruleId: 'require-zod-input', at: 'goalIdParser)' }],
  },
  {
    name: 'z.optional(z.unknown()) described as the payload of a mutation',
    file: 'server/routers/enrollments.ts',
    find: `    .input(enrollmentCancelInput)`,
    replace: `    .input(z.optional(z.unknown()).describe('cancellation payload'))`,
    edits: [{ find: "import * as enrollmentsService from '../services/enrollments';", replace: "import * as enrollmentsService from '../services/enrollments';\nimport { z } from 'zod';" }],
    expect: [{ ruleId: 'require-zod-input', at: "z.optional(z.unknown())" }],
  },
];
