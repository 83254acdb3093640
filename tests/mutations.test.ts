// Planted violations: every mutation in tests/mutations/<rule-id>.ts is applied to its own copy of
// fixtures/backend (which the guard passes clean), the guard runs on the copy, and it must report
// exactly the expected findings (rule, file, line, column) and nothing else. A mutation marked
// `knownMiss` is a rule bug on record: expected to fail until the rule is fixed.
//
// Copies live inside the repo (.tmp/mutants, gitignored) so the backend's modules resolve from the
// repo's node_modules and typed runs see real types. Runs go through a small worker pool.
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { CheckOutcome } from '@backend-guard/cli';
import { CATALOG_IDS as CHECK_IDS } from '@backend-guard/config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMutation, copyBackend, type Located, type Mutation } from './_utils/mutation-harness.js';
import { CheckPool } from './_utils/mutation-pool.js';

const REPO = path.resolve(import.meta.dirname, '..');
const BACKEND = path.join(REPO, 'fixtures/backend');
const MUTANTS = path.join(REPO, '.tmp/mutants');
const MUTATIONS_DIR = path.join(import.meta.dirname, 'mutations');
const MIN_PER_RULE = 5;
// ESLint rules and the whole-project checks: every catalog id the CLI reports has mutations.


// The mutants run on ESLint, which stays loaded in the pool's workers; an oxlint process per mutant
// costs a cold start each (~1 s), and tests/oxlint-parity.test.ts holds the two hosts to the same
// results. BG_ENGINE=oxlint runs the suite on oxlint (docs/engines.md: how parity was checked).
const ENGINE = process.env.BG_ENGINE === 'oxlint' ? 'oxlint' : 'eslint';

// BG_MUTATIONS=a,b runs only those rules' mutations (a developer's quick loop; CI runs them all).
const only = process.env.BG_MUTATIONS?.split(',').map((id) => id.trim()).filter(Boolean);
const suites: { ruleId: string; mutations: Mutation[] }[] = [];
for (const file of readdirSync(MUTATIONS_DIR).filter((name) => name.endsWith('.ts')).sort()) {
  const module = (await import(path.join(MUTATIONS_DIR, file))) as { mutations?: Mutation[] };
  if (!Array.isArray(module.mutations)) throw new Error(`tests/mutations/${file} must export \`mutations\`: Mutation[]`);
  const ruleId = path.basename(file, '.ts');
  if (only === undefined || only.includes(ruleId)) suites.push({ ruleId, mutations: module.mutations });
}

const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
const located = (outcome: CheckOutcome): Located[] =>
  outcome.report.findings.map(({ ruleId, file, line, column }) => ({ ruleId, file, line, column }));

interface Run {
  expected: Located[];
  outcome: CheckOutcome;
}

let pool: CheckPool;
const runs = new Map<string, Promise<Run>>();
const key = (ruleId: string, index: number) => `${ruleId}#${index}`;

beforeAll(() => {
  rmSync(MUTANTS, { recursive: true, force: true });
  pool = new CheckPool();
  // Queue every run up front (typed ones first: they take longest); each test awaits its own.
  const baselineRoot = path.join(MUTANTS, 'baseline');
  copyBackend(BACKEND, baselineRoot);
  const baselineRel = path.relative(REPO, baselineRoot);
  const queued: [string, Mutation | undefined, string][] = [
    ['baseline:types', undefined, baselineRel],
    ['baseline:syntax', undefined, baselineRel],
  ];
  for (const { ruleId, mutations } of suites) {
    mutations.forEach((mutation, index) => {
      const root = path.join(MUTANTS, `${ruleId}-${String(index).padStart(2, '0')}-${slug(mutation.name)}`);
      copyBackend(BACKEND, root);
      queued.push([key(ruleId, index), mutation, path.relative(REPO, root)]);
    });
  }
  const typed = ([id, mutation]: (typeof queued)[number]) => (mutation ? mutation.types === true : id === 'baseline:types');
  const typedFirst = [...queued.filter(typed), ...queued.filter((entry) => !typed(entry))];
  // Apply every mutation before running anything: a malformed one (a `find` that no longer occurs
  // exactly once, a marker not in the file) fails the whole file here, never as an "expected fail".
  const prepared = typedFirst.map(([id, mutation, root]) => ({
    id,
    root,
    types: mutation ? mutation.types === true : id === 'baseline:types',
    expected: mutation ? applyMutation(path.join(REPO, root), mutation) : [],
  }));
  for (const { id, root, types, expected } of prepared) {
    const run = pool.check({ path: root, cwd: REPO, types, baseline: false, engine: ENGINE }).then((outcome) => ({ expected, outcome }));
    run.catch(() => {}); // reported by the test that awaits it
    runs.set(id, run);
  }
}, 300_000);

// Closing the workers and removing hundreds of copies takes longer than vitest's 10 s hook default on a busy machine.
afterAll(async () => {
  await pool?.close();
  if (!process.env.KEEP_MUTANTS) rmSync(MUTANTS, { recursive: true, force: true });
}, 120_000);

describe('planted violations over a copy of fixtures/backend', () => {
  it.each(['types', 'syntax'])('the unmutated copy is clean (%s): failures below are the mutation’s', async (mode) => {
    const { outcome } = await runs.get(`baseline:${mode}`)!;
    expect(outcome.unanalysed).toEqual([]);
    expect(located(outcome)).toEqual([]);
  }, 180_000);

  it(`every rule has at least ${MIN_PER_RULE} mutations, in different files`, () => {
    const ids = CHECK_IDS.filter((id) => only === undefined || only.includes(id));
    const counts = Object.fromEntries(ids.map((id) => [id, suites.find((s) => s.ruleId === id)?.mutations ?? []]));
    for (const [id, mutations] of Object.entries(counts)) {
      expect(mutations.length, `tests/mutations/${id}.ts`).toBeGreaterThanOrEqual(MIN_PER_RULE);
      expect(new Set(mutations.map((m) => m.file)).size, `tests/mutations/${id}.ts: files`).toBeGreaterThanOrEqual(3);
    }
    for (const { ruleId } of suites) expect(CHECK_IDS, `tests/mutations/${ruleId}.ts names no check`).toContain(ruleId);
  });

  for (const { ruleId, mutations } of suites) {
    describe(ruleId, () => {
      mutations.forEach((mutation, index) => {
        const test = mutation.knownMiss === undefined ? it : it.fails;
        const title = `${mutation.name} (${mutation.file}${mutation.types ? ', types' : ''})${mutation.knownMiss ? ` [known miss: ${mutation.knownMiss}]` : ''}`;
        test(title, async () => {
          const settled = await runs.get(key(ruleId, index))!.then(
            (run) => ({ run }),
            (error: unknown) => ({ error }),
          );
          if ('error' in settled) {
            // A guard crash is never the expected failure of a known miss: make `it.fails` fail too.
            if (mutation.knownMiss !== undefined) return console.error(settled.error);
            throw settled.error;
          }
          const { expected, outcome } = settled.run;
          expect(outcome.unanalysed).toEqual([]);
          expect(located(outcome)).toEqual(expected);
        }, 180_000);
      });
    });
  }
});
