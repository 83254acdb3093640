import rule from '../../rules/no-pii-in-logs.js';
import { file, RuleTester, typedFile } from '../_utils/rule-tester.js';

const service = file('server/services/leads.ts');
const router = file('server/routers/leads.ts');
const log = "import { logger } from '../_core/logger';\n";
const routerHead = "import { protectedProcedure, router } from '../_core/trpc';\n";

new RuleTester().run('no-pii-in-logs', rule, {
  valid: [
    { name: 'ids and counts only', filename: service, code: `${log}logger.info({ leadId: '1', count: 2 }, 'lead created');` },
    { name: 'emailSent, tokenCount and phoneVerified describe the data', filename: service, code: `${log}logger.info({ emailSent: true, tokenCount: 3, phoneVerified: false }, 'ok');` },
    { name: 'passwordHash, tokenExpiresAt and emailDomain are metadata', filename: service, code: `${log}logger.info({ passwordHashed: true, tokenExpiresAt: 1, emailDomain: 'x.com' }, 'ok');` },
    { name: 'nextPageToken and serverAddress are technical', filename: service, code: `${log}logger.debug({ nextPageToken: 'a', serverAddress: '10.0.0.1' }, 'page');` },
    { name: 'a personal word inside a message string', filename: service, code: `${log}logger.info({ leadId: '1' }, 'email sent to the lead');` },
    { name: 'personal fields passed to something that is not a logger', filename: service, code: "import { mailer } from '../adapters/mailer';\nexport const f = (email: string) => mailer.info({ email });" },
    { name: 'a database insert with an email is not a log call', filename: service, code: "export const f = (db: { insert(v: object): void }, email: string) => db.insert({ email });" },
    { name: 'a test file may log fixtures', filename: file('server/services/leads.test.ts'), code: "console.log({ email: 'a@b.c' });" },
    { name: 'a file outside the server', filename: file('scripts/report.ts'), code: "console.log({ email: 'a@b.c' });" },
    { name: 'an allowed field name', filename: service, code: `${log}logger.info({ emailTemplate: 'welcome', emailTemplateId: 2 }, 'mail queued');`, options: [{ allowFields: ['emailTemplate'] }] },
    { name: 'a hashed value passed through a function call', filename: service, code: `${log}export const f = (email: string) => logger.info({ subject: hash(email) }, 'x');` },
    {
      name: 'fields of the input, not the whole input',
      filename: router,
      code: `${routerHead}${log}export const r = router({\n  create: protectedProcedure.mutation(({ input }) => logger.info({ leadId: input.id }, 'created')),\n});`,
    },
    { name: 'the id of ctx.user', filename: service, code: `${log}export const f = (ctx: { user: { id: string } }) => logger.info({ userId: ctx.user.id }, 'x');` },
    { name: 'ctx typed by a type from outside the tRPC core', filename: service, code: "import type { Ctx } from '../lib/ctx';\nexport const f = (ctx: Ctx, email: string) => ctx.logger.info({ email }, 'x');" },
    { name: 'an untyped ctx parameter of a plain function', filename: service, code: "export const f = (ctx, email) => ctx.logger.info({ email }, 'x');" },
    { name: 'the core context type, but a member that is not its logger', filename: service, code: "import type { Context } from '../_core/context';\nexport const f = (ctx: Context, email: string) => ctx.mailer.info({ email }, 'x');" },
    { name: 'a member of a local interface typed by something that is not a logger', filename: service, code: "import type { Mailer } from '../lib/mailer';\ninterface Deps { logger: Mailer }\nexport const f = (deps: Deps, email: string) => deps.logger.info({ email }, 'x');" },
    { name: 'a member the local interface does not declare', filename: service, code: "import type { Logger } from '../_core/logger';\ninterface Deps { log: Logger }\nexport const f = (deps: Deps, email: string) => deps.audit.info({ email }, 'x');" },
    { name: "onError's first parameter is the error, not the context", filename: file('server/_core/index.ts'), code: "import { Hono } from 'hono';\nconst app = new Hono();\napp.onError((error, c) => {\n  error.get('logger').error({ email: 'x' }, 'failed');\n  return c.text('error', 500);\n});" },
    { name: 'a middleware method of something that is not the tRPC instance', filename: file('server/_core/trpc.ts'), code: "import { queue } from './queue';\nexport const m = queue.middleware(({ ctx, next }) => {\n  ctx.logger.info({ phone: ctx.phone }, 'call');\n  return next();\n});" },
    { name: 'a local named user that is not ctx.user', filename: service, code: `${log}export const f = (user: { id: string }) => logger.info({ user }, 'x');` },
    { name: 'maxTokens and completionTokens count model tokens', filename: service, code: `${log}logger.info({ maxTokens: 1, completionTokens: 2 }, 'llm call');` },
    { name: 'a word that merely contains rg', filename: service, code: `${log}logger.info({ org: 1, rgb: 2, merge: 3 }, 'x');` },
  ],
  invalid: [
    {
      name: 'an email field',
      filename: service,
      code: `${log}export const f = (email: string) => logger.info({ email }, 'lead created');`,
      errors: [{ messageId: 'personalField', line: 2, column: 51, endLine: 2, endColumn: 56, data: { name: 'email', what: 'an email address' } }],
    },
    {
      name: 'userEmail and customer_phone as the head word',
      filename: service,
      code: `${log}logger.info({ userEmail: a, customer_phone: b }, 'x');`,
      errors: [
        { messageId: 'personalField', line: 2, column: 15, endLine: 2, endColumn: 24 },
        { messageId: 'personalField', line: 2, column: 29, endLine: 2, endColumn: 43, data: { name: 'customer_phone', what: 'a phone number' } },
      ],
    },
    {
      name: 'Portuguese fields: cpf, telefoneCliente, dataNascimento, enderecoEntrega',
      filename: service,
      code: `${log}logger.info({ cpf: a, telefoneCliente: b, dataNascimento: c, enderecoEntrega: d }, 'x');`,
      errors: [
        { messageId: 'personalField', line: 2, column: 15, endLine: 2, endColumn: 18, data: { name: 'cpf', what: 'a CPF' } },
        { messageId: 'personalField', line: 2, column: 23, endLine: 2, endColumn: 38 },
        { messageId: 'personalField', line: 2, column: 43, endLine: 2, endColumn: 57, data: { name: 'dataNascimento', what: 'a birth date' } },
        { messageId: 'personalField', line: 2, column: 62, endLine: 2, endColumn: 77 },
      ],
    },
    {
      name: 'dateOfBirth and a plural emails',
      filename: service,
      code: `${log}logger.info({ dateOfBirth: d, emails: e }, 'x');`,
      errors: [
        { messageId: 'personalField', line: 2, column: 15, endLine: 2, endColumn: 26, data: { name: 'dateOfBirth', what: 'a birth date' } },
        { messageId: 'personalField', line: 2, column: 31, endLine: 2, endColumn: 37, data: { name: 'emails', what: 'an email address' } },
      ],
    },
    {
      name: 'a nested personal field',
      filename: service,
      code: `${log}logger.info({ lead: { id: 1, contact: { birthDate: d } } }, 'x');`,
      errors: [{ messageId: 'personalField', line: 2, column: 41, endLine: 2, endColumn: 50, data: { name: 'birthDate', what: 'a birth date' } }],
    },
    {
      name: 'a personal value under a neutral key',
      filename: service,
      code: `${log}export const f = (user: { email: string }) => logger.warn({ to: user.email }, 'bounce');`,
      errors: [{ messageId: 'personalField', line: 2, column: 65, endLine: 2, endColumn: 75, data: { name: 'email', what: 'an email address' } }],
    },
    {
      name: 'a token interpolated into the message',
      filename: service,
      code: `${log}export const f = (accessToken: string) => logger.info(\`using \${accessToken}\`);`,
      errors: [{ messageId: 'personalField', line: 2, column: 64, endLine: 2, endColumn: 75, data: { name: 'accessToken', what: 'a token' } }],
    },
    {
      name: 'the whole procedure input spread into the fields',
      filename: router,
      code: `${routerHead}${log}export const r = router({\n  create: protectedProcedure.mutation(({ input }) => logger.info({ ...input }, 'created')),\n});`,
      errors: [{ messageId: 'wholeObject', line: 4, column: 68, endLine: 4, endColumn: 76, data: { what: 'procedure `input`' } }],
    },
    {
      name: 'the whole input passed through opts.input',
      filename: router,
      code: `${routerHead}export const r = router({\n  create: protectedProcedure.mutation((opts) => opts.ctx.logger.info({ input: opts.input }, 'created')),\n});`,
      errors: [{ messageId: 'wholeObject', line: 3, column: 79, endLine: 3, endColumn: 89 }],
    },
    {
      name: 'ctx.user passed whole to a child logger',
      filename: router,
      code: `${routerHead}export const r = router({\n  me: protectedProcedure.query(({ ctx }) => ctx.logger.child({ user: ctx.user })),\n});`,
      errors: [{ messageId: 'wholeObject', line: 3, column: 70, endLine: 3, endColumn: 78, data: { what: '`ctx.user`' } }],
    },
    {
      name: "a service's input parameter logged whole",
      filename: service,
      code: `${log}export function create(ctx: object, input: { name: string }) {\n  logger.info(input, 'creating');\n}`,
      errors: [{ messageId: 'wholeObject', line: 3, column: 15, endLine: 3, endColumn: 20, data: { what: '`input`' } }],
    },
    {
      name: 'a Hono request body logged through a variable',
      filename: file('server/webhooks/index.ts'),
      code: "import { Hono } from 'hono';\nimport { logger } from '../_core/logger';\nconst app = new Hono();\napp.post('/x', async (c) => {\n  const body = await c.req.json();\n  logger.info({ body }, 'received');\n  return c.json({});\n});",
      errors: [{ messageId: 'wholeObject', line: 6, column: 17, endLine: 6, endColumn: 21, data: { what: 'request body' } }],
    },
    {
      name: 'console.log of a phone inside JSON.stringify is reported too',
      filename: service,
      code: 'export const f = (phone: string) => console.log(JSON.stringify({ phone }));',
      errors: [{ messageId: 'personalField', line: 1, column: 66, endLine: 1, endColumn: 71, data: { name: 'phone', what: 'a phone number' } }],
    },
    {
      name: "an email through a service's ctx typed by the tRPC core, without types",
      filename: service,
      code: "import type { AuthedContext } from '../_core/context';\nexport const f = (ctx: AuthedContext, email: string) => ctx.logger.info({ email }, 'x');",
      errors: [{ messageId: 'personalField', line: 2, column: 75, endLine: 2, endColumn: 80, data: { name: 'email', what: 'an email address' } }],
    },
    {
      name: 'the core context type inside an intersection',
      filename: service,
      code: "import type { Context } from '../_core/trpc';\nexport function f(ctx: Context & { extra: 1 }, cpf: string) {\n  ctx.log.warn({ cpf }, 'x');\n}",
      errors: [{ messageId: 'personalField', line: 3, column: 18, endLine: 3, endColumn: 21, data: { name: 'cpf', what: 'a CPF' } }],
    },
    {
      name: 'options.logger of a local interface that types it as the project logger',
      filename: file('server/_core/context.ts'),
      code: "import type { Logger } from './logger';\ninterface Options { logger: Logger }\nexport function f(options: Options, email: string) {\n  options.logger.warn({ email }, 'x');\n}",
      errors: [{ messageId: 'personalField', line: 4, column: 25, endLine: 4, endColumn: 30, data: { name: 'email', what: 'an email address' } }],
    },
    {
      name: 'a logger member of an inline type literal',
      filename: service,
      code: "import type { Logger } from '../_core/logger';\nexport const f = (deps: { log: Logger }, phone: string) => deps.log.info({ phone }, 'x');",
      errors: [{ messageId: 'personalField', line: 2, column: 76, endLine: 2, endColumn: 81, data: { name: 'phone', what: 'a phone number' } }],
    },
    {
      name: "an email through the request logger of Hono's onError context (its second parameter)",
      filename: file('server/_core/index.ts'),
      code: "import { Hono } from 'hono';\nconst app = new Hono();\napp.onError((error, c) => {\n  c.get('logger').error({ email: c.req.header('x-email') }, 'failed');\n  return c.text('error', 500);\n});",
      errors: [{ messageId: 'personalField', line: 4, column: 27, endLine: 4, endColumn: 32, data: { name: 'email', what: 'an email address' } }],
    },
    {
      name: 'ctx.logger in a middleware made by the tRPC instance',
      filename: file('server/_core/trpc.ts'),
      code: "import { initTRPC } from '@trpc/server';\nconst t = initTRPC.create();\nexport const logging = t.middleware(({ ctx, next }) => {\n  ctx.logger.info({ phone: ctx.phone }, 'call');\n  return next();\n});",
      errors: [{ messageId: 'personalField', line: 4, column: 21, endLine: 4, endColumn: 26, data: { name: 'phone', what: 'a phone number' } }],
    },
    {
      name: 'extra words from the fields option',
      filename: service,
      code: `${log}logger.info({ nomeMae: m }, 'x');`,
      options: [{ fields: ['mae'] }],
      errors: [{ messageId: 'personalField', line: 2, column: 15, endLine: 2, endColumn: 22, data: { name: 'nomeMae', what: 'personal data' } }],
    },
  ],
});

const typed = typedFile('server/services/pii-logging.ts');

new RuleTester({ typed: true, filename: typed }).run('no-pii-in-logs (typed)', rule, {
  valid: [
    {
      name: 'with types, ids through a service ctx.logger',
      filename: typed,
      code: "import type pino from 'pino';\ninterface Ctx { logger: pino.Logger }\nexport const f = (ctx: Ctx, id: string) => ctx.logger.info({ id }, 'lead created');",
    },
    {
      name: 'with types, an email given to something that is not a logger',
      filename: typed,
      code: 'interface Mailer { info(fields: object): void }\nexport const f = (m: Mailer, email: string) => m.info({ email });',
    },
  ],
  invalid: [
    {
      name: 'with types, an email through a service ctx.logger',
      filename: typed,
      code: "import type pino from 'pino';\ninterface Ctx { logger: pino.Logger }\nexport const f = (ctx: Ctx, email: string) => ctx.logger.info({ email }, 'lead created');",
      errors: [{ messageId: 'personalField', line: 3, column: 65, endLine: 3, endColumn: 70 }],
    },
  ],
});
