// request-logger: console in server code, a module logger inside a procedure, interpolated messages.
import type { Mutation } from '../_utils/mutation-harness.js';

export const mutations: Mutation[] = [
  {
    name: 'a router resolver logs through the module logger instead of ctx.logger (typed: ctx\'s type has a logger)',
    file: 'server/routers/users.ts',
    find: `import * as usersService from '../services/users';
`,
    replace: `import * as usersService from '../services/users';
import { logger } from '../_core/logger';
`,
    edits: [
      {
        find: "  me: protectedProcedure.input(emptyInput).query(({ ctx }) => usersService.getMyProfile(ctx)),",
        replace: `  me: protectedProcedure.input(emptyInput).query(({ ctx }) => {
    logger.info({ userId: ctx.user.id }, 'profile read');
    return usersService.getMyProfile(ctx);
  }),`,
      },
    ],
    // Types show the context has a logger (the file itself never uses ctx.logger).
    types: true,
    expect: [{ ruleId: 'request-logger', at: "logger.info({ userId: ctx.user.id }" }],
  },
  {
    name: 'a service leaves a console.log behind',
    file: 'server/services/leads.ts',
    find: "  ctx.logger.info({ leadId: lead.id }, 'lead created');",
    replace: "  ctx.logger.info({ leadId: lead.id }, 'lead created');\n  console.log('created lead', lead.id);",
    expect: [{ ruleId: 'request-logger', at: "console.log('created lead'" }],
  },
  {
    name: 'a service interpolates the id into ctx.logger\'s message (typed: ctx is a service parameter)',
    file: 'server/services/leads.ts',
    find: "  ctx.logger.info({ leadId: lead.id }, 'lead created');",
    replace: '  ctx.logger.info(`lead ${lead.id} created`);',
    types: true,
    expect: [{ ruleId: 'request-logger', at: '`lead ${lead.id} created`' }],
  },
  {
    name: 'a webhook concatenates the provider into its message',
    file: 'server/webhooks/index.ts',
    find: "      log.warn({ provider: 'asaas' }, 'asaas webhook rejected: invalid access token');",
    replace: "      log.warn('webhook rejected: invalid access token from ' + c.req.header('user-agent'));",
    expect: [{ ruleId: 'request-logger', at: "'webhook rejected: invalid access token from ' +" }],
  },
  {
    name: 'the job runner builds its message with a template literal',
    file: 'server/jobs/runner.ts',
    find: "log.error({ runKey }, 'job lease lost, run stopped');",
    replace: 'log.error(`job lease lost for ${runKey}, run stopped`);',
    expect: [{ ruleId: 'request-logger', at: '`job lease lost for ${runKey}' }],
  },
  {
    name: 'the session cache uses a printf-style placeholder',
    file: 'server/services/session-cache.ts',
    find: "log.warn({ err: error, store: this.store.name, clerkId }, 'session store write failed; in-memory fallback only');",
    replace: "log.warn('session store %s write failed; in-memory fallback only', this.store.name);",
    expect: [{ ruleId: 'request-logger', at: "'session store %s write failed" }],
  },
];
