import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { check } from '@backend-guard/cli';
import { Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import { CATALOG_IDS as CHECK_IDS } from '@backend-guard/config';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { DOCS_DIR, readDocExamples, type DocExample } from './_utils/doc-examples.js';
import { engineChecks } from './_utils/engine-checks.js';
import { ROOT } from './_utils/rule-tester.js';

const ruleIds = Object.keys(rules).sort();
const engineCheckIds = Object.keys(engineChecks).sort();
const EXAMPLE_PROJECTS = path.resolve(import.meta.dirname, '../.tmp/doc-examples');

/**
 * A whole-project check sees files together: the examples of one kind (all "incorrect" blocks, or
 * all "correct" ones) are written as one project, inside the repo so packages resolve, and the
 * guard runs over it. Returns the check's findings.
 */
async function checkProject(checkId: string, kind: DocExample['kind'], examples: DocExample[]) {
  const root = path.join(EXAMPLE_PROJECTS, `${checkId}-${kind}`);
  rmSync(root, { recursive: true, force: true });
  // The check fails closed on a folder with no router and no db: a db module makes the examples a backend.
  const files = [{ file: 'server/db.ts', code: "import { drizzle } from 'drizzle-orm/pglite';\nexport const db = drizzle();" }, ...examples];
  for (const example of files) {
    const target = path.join(root, example.file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, `${example.code}\n`);
  }
  try {
    const { report } = await check({ path: root, types: false, baseline: false });
    return report.findings.filter((finding) => finding.ruleId === checkId);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function lint(ruleId: string, code: string, file: string) {
  const linter = new Linter({ configType: 'flat', cwd: ROOT });
  return linter.verify(
    code,
    [
      {
        files: ['**/*.ts', '**/*.tsx', '**/*.js'],
        plugins: { 'backend-guard': { rules } as never },
        languageOptions: { parser: tsParser as never, sourceType: 'module' },
        settings: { 'backend-guard': { root: ROOT } },
        rules: { [`backend-guard/${ruleId}`]: 'error' },
      },
    ],
    path.join(ROOT, file),
  );
}

describe('rule docs', () => {
  it('every rule and project check has a doc page and every doc page a rule or check', () => {
    const docs = readdirSync(DOCS_DIR).filter((f) => f.endsWith('.md')).map((f) => f.slice(0, -3)).sort();
    expect(docs).toEqual([...CHECK_IDS].sort());
  });

  it('every rule has a test file named by its id', () => {
    const missing = ruleIds.filter((id) => !existsSync(path.resolve(import.meta.dirname, 'rules', `${id}.test.ts`)));
    expect(missing).toEqual([]);
  });

  for (const ruleId of ruleIds) {
    describe(ruleId, () => {
      const examples = readDocExamples(ruleId);
      const doc = readFileSync(path.join(DOCS_DIR, `${ruleId}.md`), 'utf8');

      it('has incorrect and correct examples, options and limits sections', () => {
        expect(examples.some((e) => e.kind === 'incorrect')).toBe(true);
        expect(examples.some((e) => e.kind === 'correct')).toBe(true);
        expect(doc).toMatch(/^## Options/m);
        expect(doc).toMatch(/^## What it does not catch/m);
        expect(doc.startsWith(`# backend-guard/${ruleId}`)).toBe(true);
      });

      for (const example of examples) {
        it(`${example.kind} example at docs/rules/${ruleId}.md:${example.line} ${example.kind === 'incorrect' ? 'reports' : 'passes'}`, () => {
          const messages = lint(ruleId, example.code, example.file);
          const fatal = messages.filter((m) => m.fatal);
          expect(fatal).toEqual([]);
          const own = messages.filter((m) => m.ruleId === `backend-guard/${ruleId}`);
          if (example.kind === 'incorrect') expect(own.length).toBeGreaterThan(0);
          else expect(own).toEqual([]);
        });
      }
    });
  }

  for (const checkId of engineCheckIds) {
    describe(`${checkId} (${engineChecks[checkId]})`, () => {
      const examples = readDocExamples(checkId);
      const doc = readFileSync(path.join(DOCS_DIR, `${checkId}.md`), 'utf8');

      it('has incorrect and correct examples, options and limits sections', () => {
        expect(examples.some((e) => e.kind === 'incorrect')).toBe(true);
        expect(examples.some((e) => e.kind === 'correct')).toBe(true);
        expect(doc).toMatch(/^## Options/m);
        expect(doc).toMatch(/^## What it does not catch/m);
        expect(doc.startsWith(`# backend-guard/${checkId}`)).toBe(true);
      });

      it('the incorrect examples, as one project, report it in their files', async () => {
        const incorrect = examples.filter((e) => e.kind === 'incorrect');
        const findings = await checkProject(checkId, 'incorrect', incorrect);
        expect(findings.length).toBeGreaterThan(0);
        for (const finding of findings) expect(incorrect.map((e) => e.file)).toContain(finding.file);
      }, 60_000);

      it('the correct examples, as one project, pass', async () => {
        expect(await checkProject(checkId, 'correct', examples.filter((e) => e.kind === 'correct'))).toEqual([]);
      }, 60_000);
    });
  }
});
