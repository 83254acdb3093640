import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { lazyProgramsBuilt } from '../rules/_utils/type-services.js';
import { scratchDir } from './_utils/project.js';

// Inside the repo, so that zod, drizzle-orm and @trpc/server resolve for the type checker.
const base = path.resolve(import.meta.dirname, '../.tmp');

function project(files: Record<string, string>): string {
  const dir = scratchDir('lazy-types-', base);
  const all = {
    'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, module: 'ESNext', moduleResolution: 'Bundler', skipLibCheck: true, noEmit: true }, include: ['server'] }),
    ...files,
  };
  for (const [name, text] of Object.entries(all)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

async function lint(dir: string, mode: 'lazy' | 'projectService') {
  const eslint = new ESLint({
    cwd: dir,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ['**/*.ts'],
        plugins: { 'backend-guard': { rules } as never },
        languageOptions: {
          parser: tsParser as never,
          parserOptions: mode === 'projectService' ? { projectService: true, tsconfigRootDir: dir } : {},
        },
        settings: { 'backend-guard': { root: dir, ...(mode === 'lazy' ? { typeInformation: 'lazy' } : {}) } },
        rules: Object.fromEntries(Object.keys(rules).map((id) => [`backend-guard/${id}`, 'error'])),
      },
    ],
  });
  const results = await eslint.lintFiles(['server/**/*.ts']);
  return results
    .flatMap((r) => r.messages.map((m) => `${path.relative(dir, r.filePath)}:${m.line}:${m.column} ${m.ruleId} ${m.messageId ?? m.message}`))
    .sort();
}

const CORE = `import { initTRPC } from '@trpc/server';
const t = initTRPC.create();
export const router = t.router;
export const publicProcedure = t.procedure;
export const protectedProcedure = publicProcedure.use(({ next }) => next());
export const mentoradoProcedure = protectedProcedure.use(({ next }) => next());
export const adminProcedure = mentoradoProcedure.use(({ next }) => next());
export const staffProcedure = protectedProcedure.use(({ next }) => next());
`;

describe("lazy type information (the CLI's mode)", () => {
  it('finds what the parser-built program finds, on questions only types can answer', async () => {
    const dir = project({
      'package.json': JSON.stringify({ dependencies: { '@trpc/server': '11', zod: '4' } }),
      'server/_core/trpc.ts': CORE,
      'server/lib/inputs.ts': "import { z } from 'zod';\nexport const idInput = z.object({ id: z.string() });\nexport const looseInput = { parse: (v: unknown) => v as { id: string } };\n",
      'server/routers/leads.ts': [
        "import { protectedProcedure, staffProcedure as s } from '../_core/trpc';",
        "import { idInput, looseInput } from '../lib/inputs';",
        'export const get = protectedProcedure.input(idInput).query(({ input }) => input.id);',
        'export const bad = protectedProcedure.input(looseInput).query(({ input }) => input.id);',
        'export const other = s.input(idInput).query(({ input }) => input.id);',
      ].join('\n'),
      'server/services/report.ts': [
        "import { sql } from 'drizzle-orm';",
        'export const due = (hours: number) => sql.raw(String(hours + 1));',
        'export const order = (column: string) => sql.raw(column);',
      ].join('\n'),
    });
    const lazy = await lint(dir, 'lazy');
    const parser = await lint(dir, 'projectService');
    expect(lazy).toEqual(parser);
    expect(lazy).toEqual([
      'server/routers/leads.ts:4:45 backend-guard/require-zod-input notZodSchema',
      // `s` (staffProcedure) is followed by type to its declaration in the core, derived from a tier.
      'server/services/report.ts:3:50 backend-guard/no-unsafe-sql dynamicRawSql',
    ]);
  }, 60_000);

  it('builds no program when syntax answers every question', async () => {
    const dir = project({
      'server/_core/trpc.ts': CORE,
      'server/routers/leads.ts': "import { z } from 'zod';\nimport { protectedProcedure } from '../_core/trpc';\nexport const get = protectedProcedure.input(z.object({ id: z.string() })).query(({ input }) => input.id);\n",
    });
    const before = lazyProgramsBuilt();
    expect(await lint(dir, 'lazy')).toEqual([]);
    expect(lazyProgramsBuilt()).toBe(before);
  }, 60_000);

  it('builds no program for an input schema imported from a project module that declares it with Zod', async () => {
    const dir = project({
      'package.json': JSON.stringify({ dependencies: { '@trpc/server': '11', zod: '4' } }),
      'server/_core/trpc.ts': CORE,
      'server/lib/inputs.ts': "import { z } from 'zod';\nexport const idInput = z.object({ id: z.string() }).strict();\nexport const anyInput = z.any();\n",
      'server/routers/leads.ts': "import { protectedProcedure } from '../_core/trpc';\nimport { idInput } from '../lib/inputs';\nexport const get = protectedProcedure.input(idInput).query(({ input }) => input.id);\n",
    });
    const before = lazyProgramsBuilt();
    expect(await lint(dir, 'lazy')).toEqual([]);
    expect(lazyProgramsBuilt()).toBe(before);
    // A declaration that starts at `z.any()` says nothing by syntax: the type decides, and reports it.
    writeFileSync(path.join(dir, 'server/routers/leads.ts'), "import { protectedProcedure } from '../_core/trpc';\nimport { anyInput } from '../lib/inputs';\nexport const get = protectedProcedure.input(anyInput).query(() => 1);\n");
    expect(await lint(dir, 'lazy')).toEqual(['server/routers/leads.ts:3:45 backend-guard/require-zod-input inputValidatesNothing']);
  }, 60_000);

  it('gives no type information to a file its tsconfig does not include', async () => {
    const dir = project({
      'server/_core/trpc.ts': CORE,
      'server/lib/inputs.ts': 'export const looseInput = { parse: (v: unknown) => v as { id: string } };\n',
      'scripts/seed.ts': "import { protectedProcedure } from '../server/_core/trpc';\nimport { looseInput } from '../server/lib/inputs';\nexport const x = protectedProcedure.input(looseInput).query(() => 1);\n",
    });
    // scripts/ is outside both the tsconfig's include and the server role: nothing to say, nothing asked.
    const before = lazyProgramsBuilt();
    expect(await lint(dir, 'lazy')).toEqual([]);
    expect(lazyProgramsBuilt()).toBe(before);
  }, 60_000);
});

describe('lazy type information across runs in one process', () => {
  it('answers from the files as they are now, not from an earlier run', async () => {
    const { check } = await import('@backend-guard/cli');
    const dir = project({
      'package.json': JSON.stringify({ dependencies: { '@trpc/server': '11', zod: '4' } }),
      'server/_core/trpc.ts': CORE,
      'server/lib/inputs.ts': "import { z } from 'zod';\nexport const input = z.object({ id: z.string() });\n",
      'server/routers/leads.ts': "import { protectedProcedure } from '../_core/trpc';\nimport { input } from '../lib/inputs';\nexport const get = protectedProcedure.input(input).query(() => 1);\n",
    });
    const first = await check({ path: dir, types: true });
    expect(first.report.findings).toEqual([]);
    writeFileSync(path.join(dir, 'server/lib/inputs.ts'), 'export const input = { parse: (v: unknown) => v as { id: string } };\n');
    const second = await check({ path: dir, types: true });
    expect(second.report.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`)).toEqual([
      'server/routers/leads.ts:3:45 require-zod-input',
    ]);
  }, 60_000);
});

describe('lazy type information in an editor (one ESLint instance, unsaved buffers)', () => {
  it('answers about the buffer as typed: an edit that shifts lines keeps type-based findings, at their new place', async () => {
    const router = [
      "import { protectedProcedure } from '../_core/trpc';",
      "import { idInput, looseInput } from '../lib/inputs';",
      'export const get = protectedProcedure.input(idInput).query(({ input }) => input.id);',
    ].join('\n');
    const dir = project({
      'package.json': JSON.stringify({ dependencies: { '@trpc/server': '11', zod: '4' } }),
      'server/_core/trpc.ts': CORE,
      'server/lib/inputs.ts': "import { z } from 'zod';\nexport const idInput = z.object({ id: z.string() });\nexport const looseInput = { parse: (v: unknown) => v as { id: string } };\n",
      'server/routers/leads.ts': router,
    });
    const settings = { 'backend-guard': { root: dir, typeInformation: 'lazy' } };
    const eslint = new ESLint({
      cwd: dir,
      overrideConfigFile: true,
      overrideConfig: [
        {
          files: ['**/*.ts'],
          plugins: { 'backend-guard': { rules } as never },
          languageOptions: { parser: tsParser as never },
          settings,
          rules: { 'backend-guard/require-zod-input': 'error' },
        },
      ],
    });
    const filePath = path.join(dir, 'server/routers/leads.ts');
    const lintBuffer = async (text: string) =>
      (await eslint.lintText(text, { filePath }))[0]!.messages.map((m) => `${m.line}:${m.column}-${m.endLine}:${m.endColumn} ${m.messageId}`);
    expect(await lintBuffer(router)).toEqual([]);
    // Unsaved: two lines above, and a procedure whose input only the type checker can judge.
    const edited = `// notes\n// more notes\n${router}\nexport const bad = protectedProcedure.input(looseInput).query(({ input }) => input.id);\n`;
    expect(await lintBuffer(edited)).toEqual(['6:45-6:55 notZodSchema']);
    // The edit undone: the finding goes, the disk's text is answered again.
    expect(await lintBuffer(router)).toEqual([]);
  }, 60_000);
});
