import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import { describe, expect, it } from 'vitest';
import { checks } from '@backend-guard/project-checks';
import { rules } from '../rules/index.js';
import { DOCS_DIR, readDocExamples } from './_utils/doc-examples.js';
import { ROOT } from './_utils/rule-tester.js';

const ruleIds = Object.keys(rules).sort();

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
    // Project checks' examples are checked by tests/project-docs.test.ts.
    expect(docs).toEqual([...ruleIds, ...checks.map((check) => check.id)].sort());
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
});
