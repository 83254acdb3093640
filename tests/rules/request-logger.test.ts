import rule from '../../rules/request-logger.js';
import { file, RuleTester, typedFile } from '../_utils/rule-tester.js';

const service = file('server/services/leads.ts');
const router = file('server/routers/leads.ts');
const routerHead = "import { protectedProcedure, router } from '../_core/trpc';\nimport { logger } from '../_core/logger';\n";

new RuleTester().run('request-logger', rule, {
  valid: [
    {
      name: 'a resolver logs through ctx.logger with fields and a constant message',
      filename: router,
      code: `${routerHead}export const r = router({\n  list: protectedProcedure.query(({ ctx }) => {\n    ctx.logger.info({ userId: ctx.user.id }, 'leads listed');\n  }),\n});`,
    },
    {
      name: 'opts.ctx.logger in a resolver',
      filename: router,
      code: `${routerHead}export const r = router({\n  list: protectedProcedure.query((opts) => opts.ctx.logger.info({ n: 1 }, 'listed')),\n});`,
    },
    {
      name: 'a service logs through the module logger (no ctx there)',
      filename: service,
      code: "import { logger } from '../_core/logger';\nexport function sync(id: string) {\n  logger.info({ id }, 'user synchronised');\n}",
    },
    {
      name: 'a module logger in a resolver when nothing shows the context has a logger (no types)',
      filename: router,
      code: `${routerHead}export const r = router({\n  list: protectedProcedure.query(({ ctx }) => {\n    logger.info({ userId: ctx.user.id }, 'leads listed');\n  }),\n});`,
    },
    {
      name: 'a router file logs at module level, outside any procedure',
      filename: router,
      code: `${routerHead}logger.debug({ router: 'leads' }, 'router module loaded');\nexport const r = router({});`,
    },
    { name: 'console in a test file', filename: file('server/services/leads.test.ts'), code: "console.log('debug');" },
    { name: 'console in a script outside the server', filename: file('scripts/seed.ts'), code: "console.log('seeded');" },
    { name: 'console in a command-line script kept under server/scripts (default allowConsole)', filename: file('server/db/scripts/backfill.ts'), code: "console.log('backfilled', 10);" },
    { name: 'console in the logger module itself', filename: file('server/_core/logger.ts'), code: "export const write = (line: string) => console.log(line);" },
    { name: 'console in the env module, which the logger imports', filename: file('server/_core/env.ts'), code: "console.error('invalid environment');" },
    { name: 'a local variable named console', filename: service, code: "const console = { log: (s: string) => s };\nconsole.log(`x ${1}`);" },
    { name: 'console allowed by allowConsole', filename: file('server/start.ts'), code: "console.log('starting');", options: [{ allowConsole: ['server/start.ts'] }] },
    {
      name: 'interpolation ignored when checkInterpolation is off',
      filename: service,
      code: "import { logger } from '../_core/logger';\nexport const f = (id: string) => logger.info(`lead ${id}`);",
      options: [{ checkInterpolation: false }],
    },
    {
      name: 'a template literal passed to something that is not a logger',
      filename: service,
      code: "import { metrics } from '../lib/metrics';\nexport const f = (id: string) => metrics.info(`lead ${id}`);",
    },
    {
      name: 'a parameter named log with no logger type',
      filename: service,
      code: 'export function f(log: { info(m: string): void }, id: string) {\n  log.info(`lead ${id}`);\n}',
    },
    {
      name: 'a conditional between two constant messages',
      filename: service,
      code: "import { logger } from '../_core/logger';\nexport const f = (dup: boolean) => logger.info({ dup }, dup ? 'duplicate' : 'stored');",
    },
    { name: 'concatenated constants', filename: service, code: "import { logger } from '../_core/logger';\nlogger.info({}, 'one line ' + 'split in two' + 2);" },
    { name: 'a percent sign without a value after it', filename: service, code: "import { logger } from '../_core/logger';\nlogger.info({ done: 50 }, 'progress 50%s');" },
    {
      name: 'a Hono handler logs through c.var.logger with fields',
      filename: file('server/webhooks/index.ts'),
      code: "import { Hono } from 'hono';\nconst app = new Hono();\napp.post('/x', (c) => {\n  c.var.logger.info({ path: c.req.path }, 'received');\n  return c.json({});\n});",
    },
    {
      name: 'a library removed from the loggers config is not a logger',
      filename: service,
      code: "import pino from 'pino';\nconst log = pino();\nexport const f = (id: string) => log.info(`lead ${id}`);",
      settings: { 'backend-guard': { root: '/project', config: { loggers: { replace: ['winston'] } } } },
    },
    { name: 'a type-only logger import is not a logger value', filename: service, code: "import type { Logger } from '../_core/logger';\ndeclare const log: Logger;\nexport const f = (id: string) => `lead ${id}`;" },
  ],
  invalid: [
    {
      name: 'console.log in a service, the logger module named by the config',
      filename: service,
      code: "export function f(id: string) {\n  console.log('lead', id);\n}",
      settings: { 'backend-guard': { root: '/project', config: { roles: { server: ['server/**'], logger: ['server/lib/log.ts'] } } } },
      errors: [{ messageId: 'consoleInServer', line: 2, column: 3, endLine: 2, endColumn: 14, data: { method: 'log', loggerModule: 'the logger module (server/lib/log.ts)' } }],
    },
    {
      name: 'console.error with a template in a router is one finding',
      filename: router,
      code: 'export const f = (id: string) => console.error(`failed ${id}`);',
      errors: [{ messageId: 'consoleInServer', line: 1, column: 34, endLine: 1, endColumn: 47 }],
    },
    {
      name: 'console.time and console.table are console too',
      filename: service,
      code: "console.time('sync');\nconsole.table([{ id: 1 }]);",
      errors: [
        { messageId: 'consoleInServer', line: 1, column: 1, endLine: 1, endColumn: 13, data: { method: 'time', loggerModule: 'the logger module' } },
        { messageId: 'consoleInServer', line: 2, column: 1, endLine: 2, endColumn: 14, data: { method: 'table', loggerModule: 'the logger module' } },
      ],
    },
    {
      name: 'console.warn in a webhook',
      filename: file('server/webhooks/asaas.ts'),
      code: "console.warn('bad token');",
      errors: [{ messageId: 'consoleInServer', line: 1, column: 1, endLine: 1, endColumn: 13 }],
    },
    {
      name: 'the module logger inside a resolver',
      filename: router,
      code: `${routerHead}export const r = router({\n  list: protectedProcedure.query(({ ctx }) => {\n    logger.info({ userId: ctx.user.id }, 'leads listed');\n  }),\n  count: protectedProcedure.query(({ ctx }) => ctx.logger.debug({}, 'counted')),\n});`,
      errors: [{ messageId: 'moduleLoggerInProcedure', line: 5, column: 5, endLine: 5, endColumn: 11 }],
    },
    {
      name: 'a child of the module logger made inside a resolver',
      filename: router,
      code: `${routerHead}export const r = router({\n  list: protectedProcedure.query(() => {\n    const log = logger.child({ router: 'leads' });\n    log.info({}, 'leads listed');\n  }),\n  count: protectedProcedure.query((opts) => opts.ctx.logger.debug({}, 'counted')),\n});`,
      errors: [{ messageId: 'moduleLoggerInProcedure', line: 6, column: 5, endLine: 6, endColumn: 8 }],
    },
    {
      name: 'a module-level child logger in a middleware of a router',
      filename: router,
      code: `${routerHead}const log = logger.child({ component: 'leads' });\nconst audited = protectedProcedure.use(({ next }) => {\n  log.info({}, 'audited call');\n  return next();\n});\nexport const r = router({ list: audited.query(({ ctx }) => ctx.logger.info({}, 'listed')) });`,
      errors: [{ messageId: 'moduleLoggerInProcedure', line: 5, column: 3, endLine: 5, endColumn: 6 }],
    },
    {
      name: 'a template literal message through ctx.logger',
      filename: router,
      code: `${routerHead}export const r = router({\n  remove: protectedProcedure.mutation(({ ctx }) => {\n    ctx.logger.info(\`lead \${ctx.user.id} removed\`);\n  }),\n});`,
      errors: [{ messageId: 'interpolatedMessage', line: 5, column: 21, endLine: 5, endColumn: 50, data: { method: 'info' } }],
    },
    {
      name: 'a concatenated message after the fields object',
      filename: service,
      code: "import { logger } from '../_core/logger';\nexport const f = (id: string) => logger.warn({ id }, 'sync failed for ' + id);",
      errors: [{ messageId: 'interpolatedMessage', line: 2, column: 54, endLine: 2, endColumn: 77, data: { method: 'warn' } }],
    },
    {
      name: 'a printf-style placeholder with a value',
      filename: service,
      code: "import { logger } from '../_core/logger';\nexport const f = (id: string) => logger.info('charge %s paid', id);",
      errors: [{ messageId: 'interpolatedMessage', line: 2, column: 46, endLine: 2, endColumn: 62 }],
    },
    {
      name: 'a pino logger made in the file',
      filename: file('server/jobs/cleanup.ts'),
      code: "import pino from 'pino';\nconst log = pino();\nexport const run = (n: number) => log.info(`removed ${n} rows`);",
      errors: [{ messageId: 'interpolatedMessage', line: 3, column: 44, endLine: 3, endColumn: 63 }],
    },
    {
      name: 'a winston logger from createLogger',
      filename: service,
      code: "import winston from 'winston';\nconst logger = winston.createLogger({});\nexport const f = (id: string) => logger.error('failed: ' + id);",
      errors: [{ messageId: 'interpolatedMessage', line: 3, column: 47, endLine: 3, endColumn: 62 }],
    },
    {
      name: 'consola imported by name',
      filename: service,
      code: "import { consola } from 'consola';\nexport const f = (id: string) => consola.info(`lead ${id}`);",
      errors: [{ messageId: 'interpolatedMessage', line: 2, column: 47, endLine: 2, endColumn: 59 }],
    },
    {
      name: 'a tslog Logger constructed at module level',
      filename: service,
      code: "import { Logger } from 'tslog';\nconst log = new Logger();\nexport const f = (id: string) => log.warn('lead ' + id);",
      errors: [{ messageId: 'interpolatedMessage', line: 3, column: 43, endLine: 3, endColumn: 55 }],
    },
    {
      name: 'a workspace logger package listed in the loggers config',
      filename: service,
      code: "import { logger } from '@acme/logger';\nexport const f = (id: string) => logger.error(`lead ${id}`);",
      settings: { 'backend-guard': { root: '/project', config: { loggers: ['@acme/logger'] } } },
      errors: [{ messageId: 'interpolatedMessage', line: 2, column: 47, endLine: 2, endColumn: 59 }],
    },
    {
      name: 'a Hono handler interpolating into c.var.logger',
      filename: file('server/webhooks/index.ts'),
      code: "import { Hono } from 'hono';\nconst app = new Hono();\napp.post('/x', (c) => {\n  c.var.logger.info(`received ${c.req.path}`);\n  return c.json({});\n});",
      errors: [{ messageId: 'interpolatedMessage', line: 4, column: 21, endLine: 4, endColumn: 45 }],
    },
    {
      name: 'a logger parameter typed with the logger module type',
      filename: service,
      code: "import type { Logger } from '../_core/logger';\nexport function f(log: Logger, id: string) {\n  log.error(`failed ${id}`);\n}",
      errors: [{ messageId: 'interpolatedMessage', line: 3, column: 13, endLine: 3, endColumn: 27 }],
    },
  ],
});

const typed = typedFile('server/services/pii-logging.ts');
const typedRouter = typedFile('server/routers/example.ts');
const trpcWith = (ctx: string) =>
  `import { initTRPC } from '@trpc/server';\nimport pino from 'pino';\nconst logger = pino();\nconst t = initTRPC.context<${ctx}>().create();\n`;

new RuleTester({ typed: true, filename: typed }).run('request-logger (typed)', rule, {
  valid: [
    {
      name: 'with types, a service ctx.logger with fields',
      filename: typed,
      code: "import type pino from 'pino';\ninterface Ctx { logger: pino.Logger }\nexport const f = (ctx: Ctx, id: string) => ctx.logger.info({ id }, 'lead created');",
    },
    {
      name: 'with types, a module logger in a resolver whose ctx has no logger',
      filename: typedRouter,
      code: `${trpcWith('{ userId: string }')}export const r = t.router({ list: t.procedure.query(({ ctx }) => logger.info({ id: ctx.userId }, 'listed')) });`,
    },
    {
      name: 'with types, an info method of something else',
      filename: typed,
      code: 'interface Banner { info(text: string): void }\nexport const f = (b: Banner, id: string) => b.info(`lead ${id}`);',
    },
  ],
  invalid: [
    {
      name: 'with types, a module logger in a resolver whose ctx has a logger',
      filename: typedRouter,
      code: `${trpcWith('{ logger: pino.Logger }')}export const r = t.router({ list: t.procedure.query(() => logger.info({}, 'listed')) });`,
      errors: [{ messageId: 'moduleLoggerInProcedure', line: 5, column: 59, endLine: 5, endColumn: 65 }],
    },
    {
      name: 'with types, a service ctx.logger with an interpolated message',
      filename: typed,
      code: "import type pino from 'pino';\ninterface Ctx { logger: pino.Logger }\nexport const f = (ctx: Ctx, id: string) => ctx.logger.info(`lead ${id} created`);",
      errors: [{ messageId: 'interpolatedMessage', line: 3, column: 60, endLine: 3, endColumn: 80 }],
    },
  ],
});
