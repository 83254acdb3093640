// The whole-project checks never throw on real or broken code: seeded mutants of the reference
// backend's files the checks read (the tRPC core, the app router, routers, the context, the db
// module, the Hono entry) and of its migrations and journal, each run through every check.
// A broken migration is a finding (parseError), never a crash. FUZZ_SEED / FUZZ_MUTANTS override.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '@backend-guard/config';
import { runProjectChecks } from '@backend-guard/project-checks';
import { glob } from 'tinyglobby';
import { afterAll, describe, expect, it } from 'vitest';
import { mutate } from '../_utils/fuzz-mutate.js';
import { mulberry32, pick, randomInt, type Random } from '../_utils/fuzz-random.js';
import { copyBackend } from '../_utils/mutation-harness.js';

const REPO = path.resolve(import.meta.dirname, '../..');
const ROOT = path.join(REPO, '.tmp/project-fuzz');
const SEED = Number(process.env.FUZZ_SEED ?? 20251202);
const MUTANTS = Number(process.env.FUZZ_MUTANTS ?? 60);
const TS_FILES = [
  'server/_core/trpc.ts',
  'server/_core/context.ts',
  'server/_core/index.ts',
  'server/routers.ts',
  'server/routers/leads.ts',
  'server/routers/marketing.ts',
  'server/db.ts',
];
const TEXT_FILES = ['drizzle/0001_famous_cerise.sql', 'drizzle/meta/_journal.json', 'drizzle/rollback/0000_elite_calypso.down.sql'];

/** Cuts, duplicates or drops a random slice of text (SQL and JSON have no AST mutator here). */
function mangle(text: string, random: Random): string {
  const start = randomInt(random, 0, text.length);
  const end = Math.min(text.length, start + randomInt(random, 1, 200));
  const kind = randomInt(random, 0, 2);
  if (kind === 0) return text.slice(0, start) + text.slice(end);
  if (kind === 1) return text.slice(0, end) + text.slice(start, end) + text.slice(end);
  return text.slice(0, start);
}

afterAll(() => rmSync(ROOT, { recursive: true, force: true }));

describe('project checks: crash-freedom', () => {
  it(`no check throws on mutated copies of the backend (seed ${SEED}, ${MUTANTS} mutants)`, async () => {
    copyBackend(path.join(REPO, 'fixtures/backend'), ROOT);
    const { config } = await loadConfig(ROOT);
    const files = (await glob([...config.files], { cwd: ROOT, ignore: [...config.ignores], absolute: true })).sort();
    const random = mulberry32(SEED);
    const failures: string[] = [];
    for (let i = 0; i < MUTANTS; i++) {
      const useText = random() < 0.3;
      const file = useText ? pick(random, TEXT_FILES) : pick(random, TS_FILES);
      const target = path.join(ROOT, file);
      const original = readFileSync(target, 'utf8');
      const mutant = useText ? { mutation: 'mangle', code: mangle(original, random) } : mutate(original, random, target);
      if (mutant === undefined) continue;
      writeFileSync(target, mutant.code);
      try {
        await runProjectChecks({ root: ROOT, config, files, warn: () => {} });
      } catch (error) {
        failures.push(`${file} (${mutant.mutation}): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      } finally {
        writeFileSync(target, original);
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);
});
