// Crash-freedom: every rule, on every fixture file (fixes applied), on random programs (eslump)
// and on randomly mutated copies of the fixture's files. A rule that throws takes the whole CLI
// run down (exit 2), so "no rule throws on anything that parses" is a property worth fuzzing.
// Everything is seeded (tests/_utils/fuzz-random.ts): a failure names its seed and reproduces.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { ESLint, Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { mutate, parses, parseTs } from './_utils/fuzz-mutate.js';
import { mulberry32, pick, withSeededMathRandom } from './_utils/fuzz-random.js';

const { generateRandomJS } = createRequire(import.meta.url)('eslump') as {
  generateRandomJS(options: { sourceType?: 'module' | 'script'; maxDepth?: number; comments?: boolean; whitespace?: boolean }): string;
};

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures');
const BACKEND = path.join(FIXTURES, 'backend');
/** Root of the random programs: a virtual project laid out as the document says. */
const VIRTUAL_ROOT = path.resolve('/fuzz-project');

/** Overridable from the environment for a longer local run: FUZZ_SEED, FUZZ_PROGRAMS, FUZZ_MUTANTS, FUZZ_SECONDS. */
const SEED = Number(process.env.FUZZ_SEED ?? 20_240_611);
const PROGRAMS = Number(process.env.FUZZ_PROGRAMS ?? 300);
const MUTANTS = Number(process.env.FUZZ_MUTANTS ?? 400);
const SECONDS = Number(process.env.FUZZ_SECONDS ?? 15);

const ALL_RULES = Object.fromEntries(Object.keys(rules).map((id) => [`backend-guard/${id}`, 'error' as const]));

/** Every rule on, for TypeScript and JavaScript files, with the guard's layout rooted at `root`. */
function everyRule(root: string): Linter.Config[] {
  return [
    {
      name: 'fuzz/every-rule',
      files: ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'],
      plugins: { 'backend-guard': { rules } as unknown as NonNullable<Linter.Config['plugins']>[string] },
      languageOptions: { parser: tsParser as unknown as Linter.Parser, sourceType: 'module' },
      settings: { 'backend-guard': { root } },
      rules: ALL_RULES,
    },
  ];
}

function tsFilesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...tsFilesUnder(full));
    else if (/\.(?:ts|tsx|mts|cts)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out.sort();
}

/** The project roots under fixtures/: the reference backend, and fixtures/cases (one root, or one per case folder). */
function fixtureRoots(): string[] {
  const roots = [BACKEND];
  const cases = path.join(FIXTURES, 'cases');
  let entries: string[] = [];
  try {
    entries = readdirSync(cases).filter((name) => statSync(path.join(cases, name)).isDirectory());
  } catch {
    return roots; // no fixtures/cases yet
  }
  if (entries.includes('server')) roots.push(cases);
  else roots.push(...entries.map((name) => path.join(cases, name)));
  return roots.filter((root) => tsFilesUnder(root).length > 0);
}

const rel = (file: string) => path.relative(FIXTURES, file);

describe('crash-freedom over fixtures/', () => {
  it.each(fixtureRoots().map((root) => [rel(root) || '.', root] as const))(
    'every rule with fixes over %s: no fatal message, every fixed output still parses',
    async (_name, root) => {
      const files = tsFilesUnder(root);
      expect(files.length).toBeGreaterThan(0);
      const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: everyRule(root), fix: true, ignore: false });
      const results = await eslint.lintFiles(files);
      expect(results).toHaveLength(files.length);
      const fatal = results.flatMap((r) => r.messages.filter((m) => m.fatal || m.ruleId === null).map((m) => `${rel(r.filePath)}:${m.line}: ${m.message}`));
      expect(fatal, 'fatal messages (a parse error or a rule error)').toEqual([]);
      const broken = results
        .filter((r) => r.output !== undefined && !parses(r.output, r.filePath))
        .map((r) => rel(r.filePath));
      expect(broken, 'fixed output that no longer parses').toEqual([]);
    },
  );

  it('every rule with type information (project service) over fixtures/backend/server: no crash', async () => {
    const files = tsFilesUnder(path.join(BACKEND, 'server'));
    const eslint = new ESLint({
      cwd: BACKEND,
      overrideConfigFile: true,
      overrideConfig: [
        ...everyRule(BACKEND),
        { files: ['**/*.ts'], languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: BACKEND } } },
      ],
      ignore: false,
    });
    const results = await eslint.lintFiles(files);
    expect(results).toHaveLength(files.length);
    const fatal = results.flatMap((r) => r.messages.filter((m) => m.fatal || m.ruleId === null).map((m) => `${rel(r.filePath)}:${m.line}: ${m.message}`));
    expect(fatal).toEqual([]);
  });
});

/** The roles a random program is linted as: each rule's role checks take a different path. */
const ROLE_FILES = [
  'server/routers/x.ts',
  'server/services/x.ts',
  'server/_core/trpc.ts',
  'server/db.ts',
  'server/adapters/x.ts',
  'server/webhooks/x.ts',
  'server/jobs/x.ts',
  'drizzle/schema.ts',
].map((file) => path.join(VIRTUAL_ROOT, file));

/**
 * Words the rules look for. Sprinkled over half of the random programs' identifiers (and given
 * real imports) so the programs reach the rules' deeper branches, not only their early exits.
 */
const VOCABULARY = [
  't', 'db', 'sql', 'z', 'publicProcedure', 'protectedProcedure', 'adminProcedure', 'procedure', 'router', 'input',
  'query', 'mutation', 'subscription', 'ctx', 'execute', 'raw', 'transaction', 'update', 'set', 'where', 'insert',
  'select', 'from', 'fetch', 'axios', 'initTRPC', 'create', 'use', 'middleware', 'logger', 'console', 'env',
];
const HEADER = [
  "import { initTRPC } from '@trpc/server';",
  "import { z } from 'zod';",
  "import { sql, eq } from 'drizzle-orm';",
  "import { drizzle } from 'drizzle-orm/neon-http';",
  "import axios from 'axios';",
  "import { Hono } from 'hono';",
  "import { db } from '../db';",
  "import { publicProcedure, protectedProcedure, router } from '../_core/trpc';",
  'const t = initTRPC.create();',
  '',
].join('\n');

function withVocabulary(code: string, random: () => number): string {
  let tokens;
  try {
    tokens = parseTs(code).tokens ?? [];
  } catch {
    return code;
  }
  let out = code;
  for (const token of [...tokens].reverse()) {
    if (token.type === 'Identifier' && random() < 0.5) {
      out = out.slice(0, token.range[0]) + pick(random, VOCABULARY) + out.slice(token.range[1]);
    }
  }
  return HEADER + out;
}

interface Failure {
  what: string;
  error: unknown;
  code: string;
}

function describeFailure(failure: Failure | undefined): string {
  if (!failure) return '';
  const error = failure.error instanceof Error ? (failure.error.stack ?? failure.error.message) : String(failure.error);
  return `${failure.what}\n${error}\n--- program (first 3000 characters) ---\n${failure.code.slice(0, 3000)}`;
}

describe('crash-freedom on random and mutated programs', () => {
  it(`no rule throws on eslump programs (seed ${SEED}, up to ${PROGRAMS} programs or ${SECONDS}s)`, () => {
    const linter = new Linter({ cwd: VIRTUAL_ROOT });
    const config = everyRule(VIRTUAL_ROOT);
    const deadline = Date.now() + SECONDS * 1000;
    const failures: Failure[] = [];
    let generated = 0;
    let linted = 0;
    for (let i = 0; i < PROGRAMS && Date.now() < deadline; i++) {
      const seed = SEED + i;
      const random = mulberry32(seed);
      const raw = withSeededMathRandom(seed, () =>
        generateRandomJS({ sourceType: 'module', maxDepth: 3 + (i % 5), comments: random() < 0.3, whitespace: random() < 0.3 }),
      );
      const code = random() < 0.5 ? withVocabulary(raw, random) : raw;
      const filename = ROLE_FILES[i % ROLE_FILES.length]!;
      generated++;
      try {
        const messages = linter.verify(code, config, { filename });
        if (!messages.some((m) => m.fatal)) linted++;
      } catch (error) {
        failures.push({ what: `eslump program seed ${seed} (FUZZ_SEED=${SEED}, index ${i}) as ${path.relative(VIRTUAL_ROOT, filename)}`, error, code });
      }
    }
    console.info(`fuzz: ${generated} eslump programs generated, ${linted} parsed and linted by ${Object.keys(rules).length} rules, ${failures.length} crashes`);
    expect(failures.length, describeFailure(failures[0])).toBe(0);
    expect(generated).toBeGreaterThanOrEqual(Math.min(PROGRAMS, 20));
    expect(linted, 'random programs that parsed: too few to mean anything').toBeGreaterThan(0);
  });

  it(`no rule throws on mutated copies of the fixture's files (seed ${SEED}, up to ${MUTANTS} mutants or ${SECONDS}s)`, () => {
    const sources = tsFilesUnder(BACKEND)
      .filter((file) => !file.includes(`${path.sep}tests${path.sep}`) || file.endsWith('helpers.ts'))
      .map((file) => ({ file, code: readFileSync(file, 'utf8') }));
    expect(sources.length).toBeGreaterThan(0);
    const linter = new Linter({ cwd: BACKEND });
    const config = everyRule(BACKEND);
    const random = mulberry32(SEED);
    const deadline = Date.now() + SECONDS * 1000;
    const failures: Failure[] = [];
    let tried = 0;
    let linted = 0;
    for (let i = 0; i < MUTANTS && Date.now() < deadline; i++) {
      const { file, code } = pick(random, sources);
      const mutant = mutate(code, random, file);
      tried++;
      if (!mutant || !parses(mutant.code, file)) continue;
      linted++;
      const what = `mutant ${i} (FUZZ_SEED=${SEED}) of ${rel(file)}: ${mutant.mutation}`;
      try {
        const fixed = linter.verifyAndFix(mutant.code, config, { filename: file });
        if (fixed.fixed && !parses(fixed.output, file)) {
          failures.push({ what, error: new Error('a fix produced code that no longer parses'), code: fixed.output });
        }
      } catch (error) {
        failures.push({ what, error, code: mutant.code });
      }
    }
    console.info(`fuzz: ${tried} mutants tried over ${sources.length} fixture files, ${linted} parsed and linted, ${failures.length} failures`);
    expect(failures.length, describeFailure(failures[0])).toBe(0);
    expect(linted, 'mutants that parsed: too few to mean anything').toBeGreaterThan(Math.min(MUTANTS, 50) / 4);
  });
});
