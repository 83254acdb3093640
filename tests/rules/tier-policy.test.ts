import rule from '../../rules/tier-policy.js';
import { ROOT, RuleTester, TYPED_ROOT, file, typedFile } from '../_utils/rule-tester.js';

const lines = (...text: string[]): string => text.join('\n');
const IMPORTS = "import { adminProcedure, mentoradoProcedure, protectedProcedure, publicProcedure, router } from '../_core/trpc';";
const withConfig = (config: Record<string, unknown>) => ({ 'backend-guard': { root: ROOT, config } });

new RuleTester().run('tier-policy', rule, {
  valid: [
    {
      name: 'the tRPC core: a protected mutation built beside the tiers it declares',
      filename: file('server/_core/trpc.ts'),
      code: lines(
        "import { initTRPC } from '@trpc/server';",
        'const t = initTRPC.create();',
        'export const router = t.router;',
        'export const publicProcedure = t.procedure;',
        'export const protectedProcedure = publicProcedure.use(({ next }) => next());',
        'export const healthRouter = router({ ping: protectedProcedure.mutation(() => true) });',
      ),
    },
    {
      name: 'a router in an admin/ folder built from adminProcedure',
      filename: file('server/routers/admin/users.ts'),
      code: lines("import { adminProcedure, protectedProcedure, router } from '../../_core/trpc';", 'export const usersRouter = router({ list: adminProcedure.query(() => []) });'),
    },
    {
      name: 'a folder whose name only contains "admin" later on is not an admin folder',
      filename: file('server/routers/siteadmin/faq.ts'),
      code: lines("import { adminProcedure, protectedProcedure, router } from '../../_core/trpc';", 'export const faqRouter = router({ list: protectedProcedure.query(() => []) });'),
    },
    {
      name: 'public queries and protected mutations in an ordinary router',
      filename: file('server/routers/leads.ts'),
      code: lines(
        IMPORTS,
        "import { z } from 'zod';",
        'export const leadsRouter = router({',
        '  list: publicProcedure.input(z.object({}).strict()).query(() => []),',
        '  create: protectedProcedure',
        '    .input(z.object({ name: z.string() }))',
        '    .mutation(() => true),',
        '  watch: mentoradoProcedure.subscription(() => null),',
        '});',
      ),
    },
    {
      name: 'an admin* router built from adminProcedure, renamed import',
      filename: file('server/routers/adminReports.ts'),
      code: lines(
        "import { adminProcedure as admin, router } from '../_core/trpc';",
        'export const adminReportsRouter = router({ totals: admin.query(() => 0), purge: admin.mutation(() => true) });',
      ),
    },
    {
      name: 'a public mutation on the public allow-list',
      filename: file('server/routers/leads.ts'),
      code: lines(IMPORTS, 'export const leadsRouter = router({ subscribeNewsletter: publicProcedure.mutation(() => true) });'),
      settings: withConfig({ tierPolicy: { publicAllowList: ['leads.subscribe*'] } }),
    },
    {
      name: 'a procedures entry replaces the router minimum (a public health check in an admin router)',
      filename: file('server/routers/adminStats.ts'),
      code: lines(IMPORTS, 'export const adminStatsRouter = router({ health: publicProcedure.query(() => "ok") });'),
      settings: withConfig({ tierPolicy: { procedures: { 'adminStats.health': 'publicProcedure' } } }),
    },
    {
      name: 'an exact procedures entry beats a matching glob',
      filename: file('server/routers/adminTools.ts'),
      code: lines(IMPORTS, 'export const adminToolsRouter = router({ ping: publicProcedure.query(() => "pong") });'),
      settings: withConfig({ tierPolicy: { procedures: { 'admin*.*': 'adminProcedure', 'adminTools.ping': 'publicProcedure' } } }),
    },
    {
      name: 'raw builders have no tier: procedure-tier reports them, not this rule',
      filename: file('server/routers/lgpd.ts'),
      code: lines(
        "import { initTRPC } from '@trpc/server';",
        'const t = initTRPC.create();',
        'export const lgpdRouter = t.router({ erase: t.procedure.mutation(() => true) });',
      ),
    },
    {
      name: 'mutation methods of non-tRPC objects in a users router',
      filename: file('server/routers/users.ts'),
      code: lines(
        "import { graphql } from '../lib/graphql';",
        'const store = { mutation: (name: string) => name };',
        "export const a = store.mutation('x');",
        "export const b = graphql.query('{ me { id } }');",
      ),
    },
    {
      name: 'outside routers only the kind minimum applies (a public query in a service file)',
      filename: file('server/services/lgpd.ts'),
      // Routers pinned by globs: by content, a file that builds procedures is a router wherever it is.
      settings: { 'backend-guard': { root: '/project', config: { roles: { server: ['server/**'], routers: ['server/routers/**'] } } } },
      code: lines(IMPORTS, 'export const exportProc = publicProcedure.query(() => null);'),
    },
    {
      name: 'the app router: a public top-level health query and mounted routers',
      filename: file('server/routers.ts'),
      code: lines(
        IMPORTS,
        "import { leadsRouter } from './routers/leads';",
        'export const appRouter = router({',
        '  health: publicProcedure.query(() => "ok"),',
        '  leads: leadsRouter,',
        '  admin: router({ stats: adminProcedure.query(() => 0) }),',
        '});',
        'export type AppRouter = typeof appRouter;',
      ),
    },
    {
      name: 'a nested router inside a financial router at the protected tier, with satisfies and as const',
      filename: file('server/routers/financial.ts'),
      code: lines(
        IMPORTS,
        'const kinds = ["pix", "boleto"] as const;',
        'export const financialRouter = router({',
        '  invoices: router({',
        '    list: protectedProcedure.query(() => kinds),',
        '    pay: mentoradoProcedure.mutation(() => true),',
        '  } satisfies Record<string, unknown>),',
        '});',
      ),
    },
    {
      name: 'outside server code nothing applies',
      filename: file('client/admin.ts'),
      code: lines(IMPORTS, 'export const r = router({ purge: publicProcedure.mutation(() => true) });'),
    },
    {
      name: 'a users router file named by its folder index, at the protected tier',
      filename: file('server/routers/users/index.ts'),
      code: lines(
        "import { protectedProcedure, router } from '../../_core/trpc';",
        'export const usersRouter = router({ me: protectedProcedure.query(() => null) });',
      ),
    },
    {
      name: 'a JS router with a protected mutation',
      filename: file('server/routers/tags.js'),
      code: lines(
        "import { protectedProcedure, router } from '../_core/trpc.js';",
        'export const tagsRouter = router({ add: protectedProcedure.mutation(() => true) });',
      ),
    },
    {
      name: 'a public mutation marked public on purpose, with a reason, in a router object',
      filename: file('server/routers/leads.ts'),
      code: lines(
        IMPORTS,
        'export const leadsRouter = router({',
        '  list: protectedProcedure.query(() => []),',
        '  // backend-guard-public: the landing page captures leads before anyone has an account',
        '  capture: publicProcedure.mutation(() => true),',
        '});',
      ),
    },
    {
      name: 'the marker as a block or JSDoc comment above an exported procedure, below other comments',
      filename: file('server/routers/checkout.ts'),
      code: lines(
        IMPORTS,
        '/** Anonymous checkout. */',
        '/* backend-guard-public -- guests pay without an account; the order is keyed by a signed cart id */',
        'export const startCheckout = publicProcedure.mutation(() => true);',
        '/**',
        ' * backend-guard-public: Stripe redirects guests back here with a signed session id',
        ' */',
        'const finishCheckout = publicProcedure.mutation(() => true);',
        'export const checkoutRouter = router({ startCheckout, finishCheckout });',
      ),
    },
    {
      name: 'the authentication flow every product has is public by default, by words of the name in any case',
      filename: file('server/routers/auth.ts'),
      code: lines(
        IMPORTS,
        'export const authRouter = router({',
        '  signIn: publicProcedure.mutation(() => true),',
        '  sign_up: publicProcedure.mutation(() => true),',
        '  LOGOUT: publicProcedure.mutation(() => true),',
        '  register: publicProcedure.mutation(() => true),',
        '  requestPasswordReset: publicProcedure.mutation(() => true),',
        '  forgotPassword: publicProcedure.mutation(() => true),',
        '  "verify-email": publicProcedure.mutation(() => true),',
        '  signInWithMagicLink: publicProcedure.mutation(() => true),',
        '});',
      ),
    },
    {
      name: 'a request carrying a token mailed to the user (a token input field, or the name says so)',
      filename: file('server/routers/subscribers.ts'),
      code: lines(
        IMPORTS,
        "import { z } from 'zod';",
        'const unsubscribeInput = z.object({ token: z.uuid(), reason: z.string().optional() }).strict();',
        'export const subscribersRouter = router({',
        '  unsubscribe: publicProcedure.input(unsubscribeInput).mutation(() => true),',
        '  confirm: publicProcedure.input(z.object({ confirmationToken: z.string() })).mutation(() => true),',
        '  rejectWithToken: publicProcedure.input(rejectInput).mutation(() => true),',
        '});',
      ),
    },
    {
      name: 'a procedure built by a configured factory has the factory\'s tier',
      filename: file('server/routers/adminInvoices.ts'),
      code: lines(
        "import { permissionProcedure, router } from '../_core/trpc';",
        "export const adminInvoicesRouter = router({ purge: permissionProcedure('invoices:purge').mutation(() => true) });",
      ),
      settings: withConfig({
        tiers: ['publicProcedure', 'protectedProcedure', 'mentoradoProcedure', 'adminProcedure', { factory: 'permissionProcedure', tier: 'adminProcedure' }],
      }),
    },
    {
      name: 'a resolver that authenticates by a token it reads from its input or the Authorization header',
      filename: file('server/routers/signing.ts'),
      code: lines(
        IMPORTS,
        "import { signInput, presignInput, multiInput } from '../lib/signing-inputs';",
        'export const signingRouter = router({',
        '  signField: publicProcedure.input(signInput).mutation(async ({ input }) => {',
        '    const { token, fieldId } = input;',
        '    return { token, fieldId };',
        '  }),',
        '  applyAll: publicProcedure.input(multiInput).mutation(({ input: { tokens } }) => tokens.length),',
        '  decline: publicProcedure.input(signInput).mutation((opts) => opts.input.recipientToken),',
        '  embed: publicProcedure.input(presignInput).mutation(({ ctx }) => ctx.req.headers.get("Authorization")),',
        '  // a password-protected status page unlocks with its password',
        '  verifyPassword: publicProcedure.input(presignInput).mutation(() => true),',
        '});',
      ),
    },
  ],
  invalid: [
    {
      name: 'the tRPC core: the suggestion names the tier the core declares beside the one used',
      filename: file('server/_core/trpc.ts'),
      code: lines(
        "import { initTRPC } from '@trpc/server';",
        'const t = initTRPC.create();',
        'export const router = t.router;',
        'export const publicProcedure = t.procedure;',
        'export const protectedProcedure = publicProcedure.use(({ next }) => next());',
        'export const healthRouter = router({ ping: publicProcedure.mutation(() => true) });',
      ),
      errors: [
        {
          messageId: 'belowMinimumTier', line: 6, column: 44, endLine: 6, endColumn: 59,
          suggestions: [
            {
              messageId: 'useMinimumTier',
              data: { minimum: 'protectedProcedure' },
              output: lines(
                "import { initTRPC } from '@trpc/server';",
                'const t = initTRPC.create();',
                'export const router = t.router;',
                'export const publicProcedure = t.procedure;',
                'export const protectedProcedure = publicProcedure.use(({ next }) => next());',
                'export const healthRouter = router({ ping: protectedProcedure.mutation(() => true) });',
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'a protected query in a router file inside the admin/ folder',
      filename: file('server/routers/admin/users.ts'),
      code: lines("import { adminProcedure, protectedProcedure, router } from '../../_core/trpc';", 'export const usersRouter = router({ list: protectedProcedure.query(() => []) });'),
      errors: [
        {
          messageId: 'belowMinimumTier', line: 2, column: 43, endLine: 2, endColumn: 61,
          suggestions: [{ messageId: 'useMinimumTier', data: { minimum: 'adminProcedure' }, output: lines(
              "import { adminProcedure, protectedProcedure, router } from '../../_core/trpc';",
              'export const usersRouter = router({ list: adminProcedure.query(() => []) });',
            ) }],
        },
      ],
    },
    {
      name: 'a public mutation is below the mutation minimum',
      filename: file('server/routers/leads.ts'),
      code: lines(IMPORTS, 'export const leadsRouter = router({', '  create: publicProcedure.mutation(() => true),', '});'),
      errors: [
        {
          messageId: 'belowMinimumTier',
          data: {
            path: 'leads.create',
            tier: 'publicProcedure',
            minimum: 'protectedProcedure',
            policy: 'mutations need',
            marker: 'backend-guard-public',
          },
          line: 3,
          column: 11,
          endLine: 3,
          endColumn: 26,
          suggestions: [{ messageId: 'useMinimumTier', data: { minimum: 'protectedProcedure' }, output: lines(IMPORTS, 'export const leadsRouter = router({', '  create: protectedProcedure.mutation(() => true),', '});') }],
        },
      ],
    },
    {
      name: 'a public subscription is below the subscription minimum',
      filename: file('server/routers/notifications.ts'),
      code: lines(IMPORTS, 'export const notificationsRouter = router({ onNew: publicProcedure.subscription(() => null) });'),
      errors: [
        {
          messageId: 'belowMinimumTier', line: 2, column: 52, endLine: 2, endColumn: 67,
          suggestions: [{ messageId: 'useMinimumTier', data: { minimum: 'protectedProcedure' }, output: lines(IMPORTS, 'export const notificationsRouter = router({ onNew: protectedProcedure.subscription(() => null) });') }],
        },
      ],
    },
    {
      name: 'an admin* router requires adminProcedure even for queries (renamed import)',
      filename: file('server/routers/adminUsers.ts'),
      code: lines(
        "import { mentoradoProcedure as staff, router } from '../_core/trpc';",
        'export const adminUsersRouter = router({',
        '  list: staff',
        '    .query(() => []),',
        '});',
      ),
      errors: [
        {
          messageId: 'belowMinimumTier',
          data: {
            path: 'adminUsers.list',
            tier: 'mentoradoProcedure',
            minimum: 'adminProcedure',
            policy: '`admin*` routers need',
            marker: 'backend-guard-public',
          },
          line: 3,
          column: 9,
          endLine: 3,
          endColumn: 14,
        },
      ],
    },
    {
      name: 'the lgpd router requires protected queries',
      filename: file('server/routers/lgpd.ts'),
      code: lines(IMPORTS, 'export const lgpdRouter = router({ exportMyData: publicProcedure.query(() => null) });'),
      errors: [
        {
          messageId: 'belowMinimumTier', line: 2, column: 50, endLine: 2, endColumn: 65,
          suggestions: [{ messageId: 'useMinimumTier', data: { minimum: 'protectedProcedure' }, output: lines(IMPORTS, 'export const lgpdRouter = router({ exportMyData: protectedProcedure.query(() => null) });') }],
        },
      ],
    },
    {
      name: 'a users router named by its folder (index.ts)',
      filename: file('server/routers/users/index.ts'),
      code: lines(
        "import * as trpc from '../../_core/trpc';",
        'export const usersRouter = trpc.router({ search: trpc.publicProcedure.query(() => []) });',
      ),
      errors: [{ messageId: 'belowMinimumTier', data: { path: 'users.search', tier: 'publicProcedure', minimum: 'protectedProcedure', policy: '`users` routers need', marker: 'backend-guard-public' }, line: 2, column: 50, endLine: 2, endColumn: 70 }],
    },
    {
      name: 'the app router: a key under admin is an admin* router',
      filename: file('server/routers.ts'),
      code: lines(
        IMPORTS,
        'export const appRouter = router({',
        '  admin: router({',
        '    stats: protectedProcedure.query(() => 0),',
        '  }),',
        '});',
      ),
      errors: [
        {
          messageId: 'belowMinimumTier', data: { path: 'admin.stats', tier: 'protectedProcedure', minimum: 'adminProcedure', policy: '`admin*` routers need', marker: 'backend-guard-public' }, line: 4, column: 12, endLine: 4, endColumn: 30,
          suggestions: [{ messageId: 'useMinimumTier', data: { minimum: 'adminProcedure' }, output: lines(IMPORTS, 'export const appRouter = router({', '  admin: router({', '    stats: adminProcedure.query(() => 0),', '  }),', '});') }],
        },
      ],
    },
    {
      name: 'a procedures entry raises one procedure above its router',
      filename: file('server/routers/leads.ts'),
      code: lines(IMPORTS, 'export const leadsRouter = router({ exportAll: protectedProcedure.query(() => []) });'),
      settings: withConfig({ tierPolicy: { procedures: { 'leads.export*': 'adminProcedure' } } }),
      errors: [
        {
          messageId: 'belowMinimumTier', data: { path: 'leads.exportAll', tier: 'protectedProcedure', minimum: 'adminProcedure', policy: '`tierPolicy.procedures["leads.export*"]` asks for', marker: 'backend-guard-public' }, line: 2, column: 48, endLine: 2, endColumn: 66,
          suggestions: [{ messageId: 'useMinimumTier', data: { minimum: 'adminProcedure' }, output: lines(IMPORTS, 'export const leadsRouter = router({ exportAll: adminProcedure.query(() => []) });') }],
        },
      ],
    },
    {
      name: 'a nested router inside the financial router keeps the router minimum',
      filename: file('server/routers/financial.ts'),
      code: lines(
        IMPORTS,
        'export const financialRouter = router({',
        '  invoices: router({',
        '    list: publicProcedure.query(() => []),',
        '  }),',
        '});',
      ),
      errors: [
        {
          messageId: 'belowMinimumTier', data: { path: 'financial.invoices.list', tier: 'publicProcedure', minimum: 'protectedProcedure', policy: '`financial` routers need', marker: 'backend-guard-public' }, line: 4, column: 11, endLine: 4, endColumn: 26,
          suggestions: [{ messageId: 'useMinimumTier', data: { minimum: 'protectedProcedure' }, output: lines(
              IMPORTS,
              'export const financialRouter = router({',
              '  invoices: router({',
              '    list: protectedProcedure.query(() => []),',
              '  }),',
              '});',
            ) }],
        },
      ],
    },
    {
      name: 'a configured query minimum applies to every query; an alias is reported where the chain starts',
      filename: file('server/routers/tags.ts'),
      code: lines(IMPORTS, 'const open = publicProcedure;', 'export const tagsRouter = router({ list: open.query(() => []) });'),
      settings: withConfig({ tierPolicy: { query: 'protectedProcedure' } }),
      errors: [{ messageId: 'belowMinimumTier', data: { path: 'tags.list', tier: 'publicProcedure', minimum: 'protectedProcedure', policy: 'queries need', marker: 'backend-guard-public' }, line: 3, column: 42, endLine: 3, endColumn: 46 }],
    },
    {
      name: 'the kind minimum wins over a lower router minimum',
      filename: file('server/routers/lgpd.ts'),
      code: lines(IMPORTS, 'export const lgpdRouter = router({ erase: protectedProcedure.mutation(() => true) });'),
      settings: withConfig({ tierPolicy: { mutation: 'mentoradoProcedure' } }),
      errors: [
        {
          messageId: 'belowMinimumTier', data: { path: 'lgpd.erase', tier: 'protectedProcedure', minimum: 'mentoradoProcedure', policy: 'mutations need', marker: 'backend-guard-public' }, line: 2, column: 43, endLine: 2, endColumn: 61,
          suggestions: [{ messageId: 'useMinimumTier', data: { minimum: 'mentoradoProcedure' }, output: lines(IMPORTS, 'export const lgpdRouter = router({ erase: mentoradoProcedure.mutation(() => true) });') }],
        },
      ],
    },
    {
      name: 'a public mutation in a JS router',
      filename: file('server/routers/tags.js'),
      code: lines(
        "import { publicProcedure, router } from '../_core/trpc.js';",
        'export const tagsRouter = router({ add: publicProcedure.mutation(() => true) });',
      ),
      errors: [{ messageId: 'belowMinimumTier', line: 2, column: 41, endLine: 2, endColumn: 56 }],
    },
    {
      name: 'a marker with no reason is reported, and does not exempt the procedure',
      filename: file('server/routers/leads.ts'),
      code: lines(IMPORTS, 'export const leadsRouter = router({', '  // backend-guard-public', '  capture: publicProcedure.mutation(() => true),', '});'),
      errors: [{ messageId: 'publicMarkerWithoutReason', data: { marker: 'backend-guard-public' }, line: 3, column: 3, endLine: 3, endColumn: 26 }],
    },
    {
      name: 'a marker covers the one procedure below it, not its neighbours or the router',
      filename: file('server/routers/leads.ts'),
      code: lines(
        IMPORTS,
        '// backend-guard-public: the whole router is public (not how the marker works)',
        'export const leadsRouter = router({',
        '  // backend-guard-public: lead capture on the landing page',
        '  capture: publicProcedure.mutation(() => true),',
        '  remove: publicProcedure.mutation(() => true),',
        '});',
      ),
      errors: [
        {
          messageId: 'belowMinimumTier', line: 6, column: 11, endLine: 6, endColumn: 26,
          suggestions: [{ messageId: 'useMinimumTier', data: { minimum: 'protectedProcedure' }, output: lines(
              IMPORTS,
              '// backend-guard-public: the whole router is public (not how the marker works)',
              'export const leadsRouter = router({',
              '  // backend-guard-public: lead capture on the landing page',
              '  capture: publicProcedure.mutation(() => true),',
              '  remove: protectedProcedure.mutation(() => true),',
              '});',
            ) }],
        },
      ],
    },
    {
      name: 'near misses of the authentication flow: registerDevice, assignInvoice, a token created, not given',
      filename: file('server/routers/devices.ts'),
      code: lines(
        IMPORTS,
        "import { z } from 'zod';",
        'export const devicesRouter = router({',
        '  registerDevice: publicProcedure.mutation(() => true),',
        '  assignInvoice: publicProcedure.mutation(() => true),',
        '  createApiToken: publicProcedure.input(z.object({ name: z.string() })).mutation(() => true),',
        '});',
      ),
      errors: [
        {
          messageId: 'belowMinimumTier', line: 4, column: 19, endLine: 4, endColumn: 34,
          suggestions: [{ messageId: 'useMinimumTier', data: { minimum: 'protectedProcedure' }, output: lines(
              IMPORTS,
              "import { z } from 'zod';",
              'export const devicesRouter = router({',
              '  registerDevice: protectedProcedure.mutation(() => true),',
              '  assignInvoice: publicProcedure.mutation(() => true),',
              '  createApiToken: publicProcedure.input(z.object({ name: z.string() })).mutation(() => true),',
              '});',
            ) }],
        },
        {
          messageId: 'belowMinimumTier', line: 5, column: 18, endLine: 5, endColumn: 33,
          suggestions: [{ messageId: 'useMinimumTier', data: { minimum: 'protectedProcedure' }, output: lines(
              IMPORTS,
              "import { z } from 'zod';",
              'export const devicesRouter = router({',
              '  registerDevice: publicProcedure.mutation(() => true),',
              '  assignInvoice: protectedProcedure.mutation(() => true),',
              '  createApiToken: publicProcedure.input(z.object({ name: z.string() })).mutation(() => true),',
              '});',
            ) }],
        },
        {
          messageId: 'belowMinimumTier', line: 6, column: 19, endLine: 6, endColumn: 34,
          suggestions: [{ messageId: 'useMinimumTier', data: { minimum: 'protectedProcedure' }, output: lines(
              IMPORTS,
              "import { z } from 'zod';",
              'export const devicesRouter = router({',
              '  registerDevice: publicProcedure.mutation(() => true),',
              '  assignInvoice: publicProcedure.mutation(() => true),',
              '  createApiToken: protectedProcedure.input(z.object({ name: z.string() })).mutation(() => true),',
              '});',
            ) }],
        },
      ],
    },
    {
      name: 'a public flow answers the mutation minimum only: resetPassword in the users router stays protected',
      filename: file('server/routers/users.ts'),
      code: lines(IMPORTS, 'export const usersRouter = router({ resetPassword: publicProcedure.mutation(() => true) });'),
      errors: [
        {
          messageId: 'belowMinimumTier', data: { path: 'users.resetPassword', tier: 'publicProcedure', minimum: 'protectedProcedure', policy: '`users` routers need', marker: 'backend-guard-public' }, line: 2, column: 52, endLine: 2, endColumn: 67,
          suggestions: [{ messageId: 'useMinimumTier', data: { minimum: 'protectedProcedure' }, output: lines(IMPORTS, 'export const usersRouter = router({ resetPassword: protectedProcedure.mutation(() => true) });') }],
        },
      ],
    },
    {
      name: 'publicFlows: false holds sign-in and token requests to the mutation minimum',
      filename: file('server/routers/auth.ts'),
      code: lines(IMPORTS, "import { z } from 'zod';", 'export const authRouter = router({', '  signIn: publicProcedure.mutation(() => true),', '  verify: publicProcedure.input(z.object({ token: z.string() })).mutation(() => true),', '});'),
      options: [{ publicFlows: false }],
      errors: [
        {
          messageId: 'belowMinimumTier', line: 4, column: 11, endLine: 4, endColumn: 26,
          suggestions: [{ messageId: 'useMinimumTier', data: { minimum: 'protectedProcedure' }, output: lines(
              IMPORTS,
              "import { z } from 'zod';",
              'export const authRouter = router({',
              '  signIn: protectedProcedure.mutation(() => true),',
              '  verify: publicProcedure.input(z.object({ token: z.string() })).mutation(() => true),',
              '});',
            ) }],
        },
        {
          messageId: 'belowMinimumTier', line: 5, column: 11, endLine: 5, endColumn: 26,
          suggestions: [{ messageId: 'useMinimumTier', data: { minimum: 'protectedProcedure' }, output: lines(
              IMPORTS,
              "import { z } from 'zod';",
              'export const authRouter = router({',
              '  signIn: publicProcedure.mutation(() => true),',
              '  verify: protectedProcedure.input(z.object({ token: z.string() })).mutation(() => true),',
              '});',
            ) }],
        },
      ],
    },
    {
      name: 'a configured factory below the router minimum is reported with the factory\'s tier',
      filename: file('server/routers/adminInvoices.ts'),
      code: lines(
        "import { permissionProcedure, router } from '../_core/trpc';",
        "export const adminInvoicesRouter = router({ list: permissionProcedure('invoices:read').query(() => []) });",
      ),
      settings: withConfig({
        tiers: ['publicProcedure', 'protectedProcedure', 'mentoradoProcedure', 'adminProcedure', { factory: 'permissionProcedure', tier: 'protectedProcedure' }],
      }),
      errors: [{ messageId: 'belowMinimumTier', data: { path: 'adminInvoices.list', tier: 'protectedProcedure', minimum: 'adminProcedure', policy: '`admin*` routers need', marker: 'backend-guard-public' }, line: 2, column: 51, endLine: 2, endColumn: 87 }],
    },
    {
      name: 'a resolver that reads other input fields, or a token of its context, is not token-authenticated',
      filename: file('server/routers/devices.ts'),
      code: lines(
        IMPORTS,
        "import { deviceInput } from '../lib/device-inputs';",
        'export const devicesRouter = router({',
        '  rename: publicProcedure.input(deviceInput).mutation(({ input, ctx }) => [input.name, ctx.csrfToken]),',
        '  remove: publicProcedure.input(deviceInput).mutation((opts) => opts.input.id),',
        '});',
      ),
      errors: [
        {
          messageId: 'belowMinimumTier', line: 4, column: 11, endLine: 4, endColumn: 26,
          suggestions: [{ messageId: 'useMinimumTier', data: { minimum: 'protectedProcedure' }, output: lines(
              IMPORTS,
              "import { deviceInput } from '../lib/device-inputs';",
              'export const devicesRouter = router({',
              '  rename: protectedProcedure.input(deviceInput).mutation(({ input, ctx }) => [input.name, ctx.csrfToken]),',
              '  remove: publicProcedure.input(deviceInput).mutation((opts) => opts.input.id),',
              '});',
            ) }],
        },
        {
          messageId: 'belowMinimumTier', line: 5, column: 11, endLine: 5, endColumn: 26,
          suggestions: [{ messageId: 'useMinimumTier', data: { minimum: 'protectedProcedure' }, output: lines(
              IMPORTS,
              "import { deviceInput } from '../lib/device-inputs';",
              'export const devicesRouter = router({',
              '  rename: publicProcedure.input(deviceInput).mutation(({ input, ctx }) => [input.name, ctx.csrfToken]),',
              '  remove: protectedProcedure.input(deviceInput).mutation((opts) => opts.input.id),',
              '});',
            ) }],
        },
      ],
    },
  ],
});

new RuleTester({ typed: true, filename: typedFile('server/routers/example.ts') }).run('tier-policy (typed)', rule, {
  valid: [
    {
      name: 'typed: an imported shared builder resolves to its protected tier (mutation allowed)',
      filename: typedFile('server/routers/leads.ts'),
      code: lines("import { withId } from '../lib/builders';", 'export const remove = withId.mutation(() => true);'),
    },
    {
      name: 'typed: a builder the config does not name has no tier to compare',
      filename: typedFile('server/routers/leads.ts'),
      code: lines("import { betaProcedure } from '../_core/trpc';", 'export const remove = betaProcedure.mutation(() => true);'),
    },
    {
      name: 'typed: a protected mutation through a namespace import of the core',
      filename: typedFile('server/routers/leads.ts'),
      code: lines("import * as trpc from '../_core/trpc';", 'export const leadsRouter = trpc.router({ remove: trpc.protectedProcedure.mutation(() => true) });'),
    },
    {
      name: 'typed: a public query beside the mutation minimum, imported from the core',
      filename: typedFile('server/routers/leads.ts'),
      code: lines("import { publicProcedure, router } from '../_core/trpc';", 'export const leadsRouter = router({ list: publicProcedure.query(() => []) });'),
    },
    {
      name: 'typed: a public mutation marked public with its reason',
      filename: typedFile('server/routers/leads.ts'),
      code: lines(
        "import { publicProcedure, router } from '../_core/trpc';",
        'export const leadsRouter = router({',
        '  // backend-guard-public: the landing page form, rate-limited at the edge',
        '  capture: publicProcedure.mutation(() => true),',
        '});',
      ),
    },
  ],
  invalid: [
    {
      name: 'typed: the suggestion imports the required tier from the module the current one comes from',
      filename: typedFile('server/routers/leads.ts'),
      code: lines("import { publicProcedure, router } from '../_core/trpc';", 'export const leadsRouter = router({ remove: publicProcedure.mutation(() => true) });'),
      errors: [
        {
          messageId: 'belowMinimumTier', line: 2, column: 45, endLine: 2, endColumn: 60,
          suggestions: [
            {
              messageId: 'useMinimumTier',
              data: { minimum: 'protectedProcedure' },
              output: lines(
                "import { publicProcedure, router, protectedProcedure } from '../_core/trpc';",
                'export const leadsRouter = router({ remove: protectedProcedure.mutation(() => true) });',
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'typed: through a namespace import, the suggestion names the required tier of the namespace',
      filename: typedFile('server/routers/leads.ts'),
      code: lines("import * as trpc from '../_core/trpc';", 'export const leadsRouter = trpc.router({ remove: trpc.publicProcedure.mutation(() => true) });'),
      errors: [
        {
          messageId: 'belowMinimumTier', line: 2, column: 50, endLine: 2, endColumn: 70,
          suggestions: [
            {
              messageId: 'useMinimumTier',
              data: { minimum: 'protectedProcedure' },
              output: lines("import * as trpc from '../_core/trpc';", 'export const leadsRouter = trpc.router({ remove: trpc.protectedProcedure.mutation(() => true) });'),
            },
          ],
        },
      ],
    },
    {
      name: 'typed: no suggestion when the required tier name is taken in the file (importing it would clash)',
      filename: typedFile('server/routers/leads.ts'),
      code: lines(
        "import { publicProcedure, router } from '../_core/trpc';",
        "const protectedProcedure = 'legacy';",
        'export const leadsRouter = router({ remove: publicProcedure.mutation(() => protectedProcedure) });',
      ),
      errors: [{ messageId: 'belowMinimumTier', line: 3, column: 45, endLine: 3, endColumn: 60, suggestions: [] }],
    },
    {
      name: 'typed: a shared protected builder is below the admin* router minimum',
      filename: typedFile('server/routers/admin-users.ts'),
      code: lines(
        "import { router } from '../_core/trpc';",
        "import { withId } from '../lib/builders';",
        'export const adminUsersRouter = router({ get: withId.query(({ input }) => input.id) });',
      ),
      errors: [{ messageId: 'belowMinimumTier', data: { path: 'admin-users.get', tier: 'protectedProcedure', minimum: 'adminProcedure', policy: '`admin*` routers need', marker: 'backend-guard-public' }, line: 3, column: 47, endLine: 3, endColumn: 53 }],
    },
    {
      name: 'typed: a local alias of a configured factory is followed to it, and its tier compared',
      filename: typedFile('server/routers/admin-users.ts'),
      code: lines(
        "import { z } from 'zod';",
        "import { permissionProcedure, router } from '../_core/trpc';",
        'const can = permissionProcedure;',
        "export const adminUsersRouter = router({ get: can('users:read').input(z.object({})).query(() => null) });",
      ),
      settings: { 'backend-guard': { root: TYPED_ROOT, config: { tiers: ['publicProcedure', 'protectedProcedure', { factory: 'permissionProcedure', tier: 'protectedProcedure' }, 'mentoradoProcedure', 'adminProcedure'] } } },
      errors: [{ messageId: 'belowMinimumTier', data: { path: 'admin-users.get', tier: 'protectedProcedure', minimum: 'adminProcedure', policy: '`admin*` routers need', marker: 'backend-guard-public' }, line: 4, column: 47, endLine: 4, endColumn: 64 }],
    },
  ],
});
