import rule from '../../rules/require-zod-input.js';
import { RuleTester, file, typedFile } from '../_utils/rule-tester.js';

const lines = (...text: string[]): string => text.join('\n');
const IMPORTS = "import { protectedProcedure, publicProcedure, router } from '../_core/trpc';";

new RuleTester().run('require-zod-input', rule, {
  valid: [
    {
      name: 'inputs imported from ../lib, multi-line chains',
      filename: file('server/routers/leads.ts'),
      code: lines(
        IMPORTS,
        "import { idInput, leadCreateInput } from '../lib/crm-inputs';",
        'export const leadsRouter = router({',
        '  get: protectedProcedure.input(idInput).query(() => null),',
        '  create: protectedProcedure',
        '    .input(leadCreateInput)',
        '    .mutation(() => true),',
        '});',
      ),
    },
    {
      name: 'an explicit empty contract for an argument-less query: z.object({}).strict()',
      code: lines(IMPORTS, "import { z } from 'zod';", 'export const me = protectedProcedure.input(z.object({}).strict()).query(() => null);'),
    },
    {
      name: 'z.void() validates that nothing was sent (query and mutation)',
      code: lines(
        IMPORTS,
        "import { z } from 'zod';",
        'export const r = router({',
        '  me: protectedProcedure.input(z.void()).query(() => null),',
        '  logout: protectedProcedure.input(z.void()).mutation(() => true),',
        '});',
      ),
    },
    {
      name: 'z.any() nested inside an object still validates the rest',
      code: lines(
        IMPORTS,
        "import { z } from 'zod';",
        'export const save = protectedProcedure',
        '  .input(z.object({ id: z.uuid(), metadata: z.any(), extra: z.record(z.string(), z.unknown()) }))',
        '  .mutation(() => true);',
      ),
    },
    {
      name: 'a shared builder carries its input to every procedure built from it',
      code: lines(
        IMPORTS,
        "import { idInput } from '../lib/validators';",
        'const withId = protectedProcedure.input(idInput);',
        'const byId = withId;',
        'export const r = router({ get: byId.query(() => null), remove: withId.mutation(() => true) });',
      ),
    },
    {
      name: 'multiple .input() calls merge and all validate',
      code: lines(
        IMPORTS,
        "import { z } from 'zod';",
        "import { idInput } from '../lib/validators';",
        'export const note = protectedProcedure.input(idInput).input(z.object({ note: z.string() })).mutation(() => true);',
      ),
    },
    {
      name: 'allowArgumentlessQueries lets a query without input pass',
      code: lines(IMPORTS, 'export const health = publicProcedure.query(() => "ok");'),
      options: [{ allowArgumentlessQueries: true }],
    },
    {
      name: 'a `z` from a module that is not zod is not judged',
      code: lines(IMPORTS, "import { z } from '../lib/fake-z';", 'export const a = protectedProcedure.input(z.any()).mutation(() => true);'),
    },
    {
      name: 'a local parameter named z shadows the zod import',
      code: lines(
        IMPORTS,
        "import { z as zod } from 'zod';",
        'export function build(z: { any(): typeof schema }) {',
        '  const schema = zod.object({ id: zod.string() });',
        '  return protectedProcedure.input(z.any()).mutation(() => true);',
        '}',
      ),
    },
    {
      name: '.any() and .input() on objects that are not zod or tRPC',
      code: lines(
        "import { schemas } from '../lib/schemas';",
        "import { form } from '../lib/form';",
        'const field = form.input((value: string) => value);',
        "export const x = schemas.any().query('select');",
        'export { field };',
      ),
    },
    {
      name: 'query methods of non-tRPC objects need no input',
      code: lines("import { db } from '../db';", 'export const users = () => db.query.users.findMany();', "export const raw = (pool: { query(sql: string): void }) => pool.query('select 1');"),
    },
    {
      name: 'tier definitions in the core are no procedures',
      filename: file('server/_core/trpc.ts'),
      code: lines(
        "import { initTRPC } from '@trpc/server';",
        'const t = initTRPC.create();',
        'export const publicProcedure = t.procedure;',
        'export const protectedProcedure = publicProcedure.use(({ next }) => next());',
      ),
    },
    {
      name: 'outside server code nothing is checked',
      filename: file('client/api.ts'),
      code: lines(IMPORTS, 'export const health = publicProcedure.query(() => "ok");'),
    },
    {
      name: 'satisfies and as const around a schema, after middleware',
      code: lines(
        IMPORTS,
        "import * as z from 'zod';",
        "import { rateLimit } from '../lib/rate-limit';",
        "const statuses = ['new', 'lost'] as const;",
        'export const list = publicProcedure',
        '  .use(rateLimit)',
        '  .input(z.object({ status: z.enum(statuses) }) satisfies z.ZodType)',
        '  .query(() => []);',
      ),
    },
    {
      name: 'a JS router with inputs',
      filename: file('server/routers/tags.js'),
      code: lines(
        "import { z } from 'zod';",
        "import { protectedProcedure, router } from '../_core/trpc.js';",
        'export const tagsRouter = router({ add: protectedProcedure.input(z.object({ name: z.string() })).mutation(() => true) });',
      ),
    },
    {
      name: 'a procedure from an unresolved builder is not judged without types',
      code: lines("import { builders } from '../lib/builders';", 'export const x = builders.custom.query(() => 1);'),
    },
    {
      name: 'a spread argument to .input counts as an input that cannot be judged',
      code: lines(IMPORTS, 'declare const args: [unknown];', 'export const a = protectedProcedure.input(...(args as [never])).mutation(() => true);'),
    },
    {
      name: 'a procedure built by a configured factory with an input',
      filename: file('server/routers/invoices.ts'),
      code: lines("import { z } from 'zod';", "import { permissionProcedure } from '../_core/trpc';", "export const list = permissionProcedure('invoices:read').input(z.object({}).strict()).query(() => []);"),
      settings: { 'backend-guard': { root: file(''), config: { tiers: ['publicProcedure', 'protectedProcedure', { factory: 'permissionProcedure', tier: 'protectedProcedure' }] } } },
    },
  ],
  invalid: [
    {
      name: 'a query with no input, multi-line, reported at .query',
      code: lines(IMPORTS, 'export const r = router({', '  me: protectedProcedure', '    .query(() => null),', '});'),
      errors: [{ messageId: 'missingInput', data: { kind: 'query' }, line: 4, column: 6, endLine: 4, endColumn: 11 }],
    },
    {
      name: 'a mutation with no input, even when queries are allowed without one',
      code: lines(IMPORTS, 'export const logout = protectedProcedure.mutation(() => true);'),
      options: [{ allowArgumentlessQueries: true }],
      errors: [{ messageId: 'missingInput', data: { kind: 'mutation' }, line: 2, column: 42, endLine: 2, endColumn: 50 }],
    },
    {
      name: 'a subscription with no input through a plain alias',
      code: lines(IMPORTS, 'const base = protectedProcedure;', 'export const onNew = base.subscription(() => null);'),
      errors: [{ messageId: 'missingInput', data: { kind: 'subscription' }, line: 3, column: 27, endLine: 3, endColumn: 39 }],
    },
    {
      name: 'a raw-builder procedure with no input is still reported',
      code: lines("import { initTRPC } from '@trpc/server';", 'const t = initTRPC.create();', 'export const ping = t.procedure.query(() => 1);'),
      errors: [{ messageId: 'missingInput', line: 3, column: 33, endLine: 3, endColumn: 38 }],
    },
    {
      name: 'an empty .input() call is no input',
      code: lines(IMPORTS, 'export const ping = publicProcedure.input().query(() => 1);'),
      errors: [{ messageId: 'missingInput', line: 2, column: 45, endLine: 2, endColumn: 50 }],
    },
    {
      name: 'z.any() validates nothing',
      code: lines(IMPORTS, "import { z } from 'zod';", 'export const save = protectedProcedure.input(z.any()).mutation(() => true);'),
      errors: [{ messageId: 'inputValidatesNothing', data: { schema: 'any' }, line: 3, column: 46, endLine: 3, endColumn: 53 }],
    },
    {
      name: 'z.unknown().optional() from a namespace import',
      code: lines(IMPORTS, "import * as z from 'zod';", 'export const save = protectedProcedure.input(z.unknown().optional()).mutation(() => true);'),
      errors: [{ messageId: 'inputValidatesNothing', data: { schema: 'unknown' }, line: 3, column: 46, endLine: 3, endColumn: 68 }],
    },
    {
      name: 'z.any().nullish() from a default import',
      code: lines(IMPORTS, "import z from 'zod';", 'export const save = protectedProcedure.input(z.any().nullish()).mutation(() => true);'),
      errors: [{ messageId: 'inputValidatesNothing', line: 3, column: 46, endLine: 3, endColumn: 63 }],
    },
    {
      name: 'zod.optional(zod.any()) from a renamed zod/v4 import',
      code: lines(IMPORTS, "import { z as zod } from 'zod/v4';", 'export const save = protectedProcedure.input(zod.optional(zod.any())).mutation(() => true);'),
      errors: [{ messageId: 'inputValidatesNothing', line: 3, column: 46, endLine: 3, endColumn: 69 }],
    },
    {
      name: 'a named any() import from zod/mini',
      code: lines(IMPORTS, "import { any as anything } from 'zod/mini';", 'export const save = protectedProcedure.input(anything()).mutation(() => true);'),
      errors: [{ messageId: 'inputValidatesNothing', line: 3, column: 46, endLine: 3, endColumn: 56 }],
    },
    {
      name: 'a local const holding z.any()',
      code: lines(IMPORTS, "import { z } from 'zod';", 'const payload = z.any();', 'export const save = protectedProcedure.input(payload).mutation(() => true);'),
      errors: [{ messageId: 'inputValidatesNothing', line: 4, column: 46, endLine: 4, endColumn: 53 }],
    },
    {
      name: 'a shared builder with z.unknown() is reported once, however many procedures use it',
      code: lines(
        IMPORTS,
        "import { z } from 'zod';",
        'const loose = protectedProcedure.input(z.unknown());',
        'export const r = router({ a: loose.query(() => 1), b: loose.mutation(() => 2) });',
      ),
      errors: [{ messageId: 'inputValidatesNothing', line: 3, column: 40, endLine: 3, endColumn: 51 }],
    },
    {
      name: 'an inline function validator',
      code: lines(IMPORTS, 'export const save = protectedProcedure.input((value: unknown) => value as { id: string }).mutation(() => true);'),
      errors: [{ messageId: 'functionValidator', line: 2, column: 46, endLine: 2, endColumn: 89 }],
    },
    {
      name: 'a function validator by local reference',
      code: lines(
        IMPORTS,
        'function parseInput(raw: unknown): { id: string } {',
        '  return raw as { id: string };',
        '}',
        'const validate = parseInput;',
        'export const save = protectedProcedure.input(validate).mutation(() => true);',
      ),
      errors: [{ messageId: 'functionValidator', line: 6, column: 46, endLine: 6, endColumn: 54 }],
    },
    {
      name: 'a JS router with a missing input',
      filename: file('server/routers/tags.js'),
      code: lines("import { protectedProcedure, router } from '../_core/trpc.js';", 'export const tagsRouter = router({ list: protectedProcedure.query(() => []) });'),
      errors: [{ messageId: 'missingInput', line: 2, column: 61, endLine: 2, endColumn: 66 }],
    },
    {
      name: 'a procedure built by a configured factory is checked like any other',
      filename: file('server/routers/invoices.ts'),
      code: lines("import { permissionProcedure } from '../_core/trpc';", "export const list = permissionProcedure('invoices:read').query(() => []);"),
      settings: { 'backend-guard': { root: file(''), config: { tiers: ['publicProcedure', 'protectedProcedure', { factory: 'permissionProcedure', tier: 'protectedProcedure' }] } } },
      errors: [{ messageId: 'missingInput', data: { kind: 'query' }, line: 2, column: 58, endLine: 2, endColumn: 63 }],
    },
  ],
});

new RuleTester({ typed: true, filename: typedFile('server/routers/example.ts') }).run('require-zod-input (typed)', rule, {
  valid: [
    {
      name: 'typed: imported Zod schemas and an input-carrying shared builder',
      filename: typedFile('server/routers/leads.ts'),
      code: lines(
        "import { protectedProcedure, router } from '../_core/trpc';",
        "import { withId } from '../lib/builders';",
        "import { emptyInput, idInput } from '../lib/schemas';",
        'export const leadsRouter = router({',
        '  me: protectedProcedure.input(emptyInput).query(() => null),',
        '  get: protectedProcedure.input(idInput).query(({ input }) => input.id),',
        '  remove: withId.mutation(({ input }) => input.id),',
        '});',
      ),
    },
    {
      name: 'typed: an input whose type is any or did not resolve is never reported',
      filename: typedFile('server/routers/other.ts'),
      code: lines(
        "import { protectedProcedure } from '../_core/trpc';",
        "import { missing } from '../lib/does-not-exist';",
        'declare const loose: any;',
        'export const a = protectedProcedure.input(loose).mutation(() => true);',
        'export const b = protectedProcedure.input(missing).mutation(() => true);',
      ),
    },
    {
      name: 'typed: a zod schema typed through a generic helper',
      filename: typedFile('server/routers/example.ts'),
      code: lines(
        "import { z } from 'zod';",
        "import { protectedProcedure } from '../_core/trpc';",
        'function strict<T extends z.ZodObject>(schema: T): T { return schema; }',
        'export const a = protectedProcedure.input(strict(z.object({ id: z.string() }))).mutation(() => true);',
      ),
    },
    {
      name: 'typed: a builder recognised by type whose type already carries an input',
      filename: typedFile('server/routers/leads.ts'),
      code: lines("import { betaWithId } from '../_core/trpc';", 'export const save = betaWithId.mutation(({ input }) => input.id);'),
    },
    {
      name: 'typed: z.void() and z.object({}).strict() are Zod schemas',
      filename: typedFile('server/routers/other.ts'),
      code: lines(
        "import { z } from 'zod';",
        "import { protectedProcedure } from '../_core/trpc';",
        'export const a = protectedProcedure.input(z.void()).mutation(() => true);',
        'export const b = protectedProcedure.input(z.object({}).strict()).query(() => null);',
      ),
    },
  ],
  invalid: [
    {
      name: 'typed: a hand-written parser is not a Zod schema',
      filename: typedFile('server/routers/leads.ts'),
      code: lines(
        "import { protectedProcedure } from '../_core/trpc';",
        "import { handParser } from '../lib/schemas';",
        'export const save = protectedProcedure.input(handParser).mutation(() => true);',
      ),
      errors: [{ messageId: 'notZodSchema', line: 3, column: 46, endLine: 3, endColumn: 56 }],
    },
    {
      name: 'typed: an imported function validator is not a Zod schema',
      filename: typedFile('server/routers/leads.ts'),
      code: lines(
        "import { protectedProcedure } from '../_core/trpc';",
        "import { checkId } from '../lib/schemas';",
        'export const save = protectedProcedure.input(checkId).mutation(() => true);',
      ),
      errors: [{ messageId: 'notZodSchema', data: { type: '(value: unknown) => { id: string; }' }, line: 3, column: 46, endLine: 3, endColumn: 53 }],
    },
    {
      name: 'typed: an imported z.any() schema validates nothing',
      filename: typedFile('server/routers/leads.ts'),
      code: lines(
        "import { protectedProcedure } from '../_core/trpc';",
        "import { anything } from '../lib/schemas';",
        'export const save = protectedProcedure.input(anything).mutation(() => true);',
      ),
      errors: [{ messageId: 'inputValidatesNothing', data: { schema: 'any' }, line: 3, column: 46, endLine: 3, endColumn: 54 }],
    },
    {
      name: 'typed: a builder recognised by type whose type shows no input',
      filename: typedFile('server/routers/leads.ts'),
      code: lines("import { betaProcedure } from '../_core/trpc';", 'export const save = betaProcedure.mutation(() => true);'),
      errors: [{ messageId: 'missingInput', line: 2, column: 35, endLine: 2, endColumn: 43 }],
    },
  ],
});
