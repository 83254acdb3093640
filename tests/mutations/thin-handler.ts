// thin-handler: a tRPC resolver or Hono route handler that does the service layer's work.
import type { Mutation } from '../_utils/mutation-harness.js';

export const mutations: Mutation[] = [
  {
    name: 'a bulk-complete resolver that awaits the service once per task in a loop',
    file: 'server/routers/tasks.ts',
    find: "import { idInput } from '../lib/validators';",
    replace: "import { idInput } from '../lib/validators';\nimport { z } from 'zod';",
    edits: [
      {
        find: '  list: mentoradoProcedure\n',
        replace: `  completeMany: mentoradoProcedure
    .input(z.object({ ids: z.array(z.uuid()).max(50) }))
    .mutation(async ({ ctx, input }) => {
      for (const id of input.ids) {
        await tasksService.completeTask(ctx, id);
      }
      return { completed: input.ids.length };
    }),
  list: mentoradoProcedure
`,
      },
    ],
    expect: [{ ruleId: 'thin-handler', at: 'await tasksService.completeTask(ctx, id)' }],
  },
  {
    name: 'a lead resolver that opens a transaction on ctx.db itself',
    file: 'server/routers/leads.ts',
    find: "import * as leadsService from '../services/leads';",
    replace: "import * as leadsService from '../services/leads';\nimport { eq } from 'drizzle-orm';\nimport { leads } from '../../drizzle/schema';",
    edits: [
      {
        find: '  list: mentoradoProcedure',
        replace: `  snapshot: mentoradoProcedure.input(idInput).query(({ ctx, input }) =>
    ctx.db.transaction(async (tx) => {
      const [lead] = await tx.select({ id: leads.id, status: leads.status }).from(leads).where(eq(leads.id, input.id));
      return lead ?? null;
    }),
  ),
  list: mentoradoProcedure`,
      },
    ],
    expect: [{ ruleId: 'thin-handler', at: 'transaction(async (tx) => {' }],
  },
  {
    name: 'a goal summary resolver that makes three database calls',
    file: 'server/routers/goals.ts',
    find: "import * as goalsService from '../services/goals';",
    replace: "import * as goalsService from '../services/goals';\nimport { and, eq } from 'drizzle-orm';\nimport { goals } from '../../drizzle/schema';",
    edits: [
      {
        find: '  list: mentoradoProcedure\n',
        replace: `  summary: mentoradoProcedure.input(idInput).query(async ({ ctx, input }) => {
    const [goal] = await ctx.db.select({ id: goals.id, title: goals.title }).from(goals).where(eq(goals.id, input.id));
    const total = await ctx.db.$count(goals, eq(goals.mentoradoId, ctx.mentoradoId));
    const open = await ctx.db.$count(goals, and(eq(goals.mentoradoId, ctx.mentoradoId), eq(goals.status, 'active')));
    return { goal: goal ?? null, total, open };
  }),
  list: mentoradoProcedure
`,
      },
    ],
    expect: [{ ruleId: 'thin-handler', at: 'query(async ({ ctx, input }) => {\n    const [goal]' }],
  },
  {
    name: 'a notification digest assembled statement by statement in the resolver',
    file: 'server/routers/notifications.ts',
    find: '  unreadCount: mentoradoProcedure\n',
    replace: `  digest: mentoradoProcedure
    .input(emptyInput)
    .query(async ({ ctx }) => {
      const { unread } = await notificationsService.countUnreadNotifications(ctx);
      const now = new Date();
      const hour = now.getUTCHours();
      const greeting = hour < 12 ? 'Bom dia' : hour < 18 ? 'Boa tarde' : 'Boa noite';
      const plural = unread === 1 ? '' : 's';
      const headline = \`\${greeting}! Você tem \${unread} notificação\${plural} não lida\${plural}.\`;
      const urgency = unread > 20 ? 'high' : unread > 5 ? 'medium' : 'low';
      const badge = unread > 99 ? '99+' : String(unread);
      const showBanner = urgency !== 'low';
      const bannerColor = urgency === 'high' ? 'red' : 'amber';
      const generatedAt = now.toISOString();
      const weekday = now.getUTCDay();
      const isWeekend = weekday === 0 || weekday === 6;
      const footer = isWeekend ? 'Bom fim de semana!' : 'Boa semana!';
      const cta = unread > 0 ? 'Ver notificações' : null;
      const ctaUrl = cta === null ? null : '/notificacoes';
      const locale = 'pt-BR';
      const timeZone = 'America/Sao_Paulo';
      const month = now.toLocaleString(locale, { month: 'long', timeZone });
      const subtitle = \`Resumo de \${month}\`;
      return { headline, subtitle, urgency, badge, showBanner, bannerColor, generatedAt, footer, cta, ctaUrl };
    }),
  unreadCount: mentoradoProcedure
`,
    expect: [{ ruleId: 'thin-handler', at: "query(async ({ ctx }) => {\n      const { unread }" }],
  },
  {
    name: 'a readiness route in the Hono entry that awaits each check in a loop',
    file: 'server/_core/index.ts',
    find: '// Clerk session verification once per request, then tRPC with a context built from it.',
    replace: `app.get('/ready', async (c) => {
  const checks: Record<string, boolean> = {};
  for (const [name, check] of [['db', pingDb], ['migrations', migrate]] as const) {
    checks[name] = await check().then(
      () => true,
      () => false,
    );
  }
  return c.json(checks, Object.values(checks).every(Boolean) ? 200 : 503);
});

// Clerk session verification once per request, then tRPC with a context built from it.`,
    expect: [{ ruleId: 'thin-handler', at: 'await check()' }],
  },
];
