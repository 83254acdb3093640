// The whole-project checks' doc pages: each `### Incorrect` / `### Correct` example is applied to a
// copy of fixtures/backend (its files written over the backend's; fences with the same
// `example=<name>` form one example), and the check runs on the copy. Incorrect examples must be
// reported, correct ones must not: the reference backend is the context the document describes.
// A new `drizzle/<tag>.sql` gets its journal entry, as `drizzle-kit generate` writes one.
import { existsSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '@backend-guard/config';
import { checks, runProjectChecks } from '@backend-guard/project-checks';
import { glob } from 'tinyglobby';
import { afterAll, describe, expect, it } from 'vitest';
import { DOCS_DIR, readDocExamples, type DocExample } from './_utils/doc-examples.js';
import { copyBackend } from './_utils/mutation-harness.js';

const REPO = path.resolve(import.meta.dirname, '..');
const BACKEND = path.join(REPO, 'fixtures/backend');
const SCRATCH = path.join(REPO, '.tmp/project-docs');
const MIGRATION = /^drizzle\/([^/]+)\.sql$/;

afterAll(() => rmSync(SCRATCH, { recursive: true, force: true }));

/** Examples grouped: fences sharing `example=` (within one kind) are one example. */
function groups(examples: DocExample[]): { kind: DocExample['kind']; line: number; files: DocExample[] }[] {
  const result: { kind: DocExample['kind']; line: number; files: DocExample[]; name?: string }[] = [];
  for (const example of examples) {
    const existing = example.example === undefined ? undefined : result.find((g) => g.kind === example.kind && g.name === example.example);
    if (existing) existing.files.push(example);
    else result.push({ kind: example.kind, line: example.line, files: [example], ...(example.example ? { name: example.example } : {}) });
  }
  return result;
}

function addToJournal(root: string, tag: string): void {
  const file = path.join(root, 'drizzle/meta/_journal.json');
  const journal = JSON.parse(readFileSync(file, 'utf8')) as { entries: { idx: number; version: string; when: number; tag: string; breakpoints: boolean }[] };
  if (journal.entries.some((entry) => entry.tag === tag)) return;
  journal.entries.push({ idx: journal.entries.length, version: '7', when: 1795700000000 + journal.entries.length, tag, breakpoints: true });
  writeFileSync(file, JSON.stringify(journal, null, 2));
}

let counter = 0;
async function runExample(checkId: string, files: DocExample[]) {
  const root = path.join(SCRATCH, `${checkId}-${counter++}`);
  copyBackend(BACKEND, root);
  for (const example of files) {
    const target = path.join(root, example.file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, `${example.code}\n`);
    const tag = MIGRATION.exec(example.file)?.[1];
    if (tag !== undefined && existsSync(path.join(root, 'drizzle/meta/_journal.json'))) addToJournal(root, tag);
  }
  const { config } = await loadConfig(root);
  const sourceFiles = (await glob([...config.files], { cwd: root, ignore: [...config.ignores], absolute: true })).sort();
  const { findings } = await runProjectChecks({ root, config, files: sourceFiles, warn: () => {} }, { only: [checkId] });
  return findings;
}

describe('project check docs', () => {
  for (const { id } of checks) {
    describe(id, () => {
      const doc = readFileSync(path.join(DOCS_DIR, `${id}.md`), 'utf8');
      const examples = groups(readDocExamples(id));

      it('has incorrect and correct examples, options and limits sections', () => {
        expect(examples.some((e) => e.kind === 'incorrect')).toBe(true);
        expect(examples.some((e) => e.kind === 'correct')).toBe(true);
        expect(doc).toMatch(/^## Options/m);
        expect(doc).toMatch(/^## What it does not catch/m);
        expect(doc.startsWith(`# backend-guard/${id}`)).toBe(true);
      });

      it('has a test file named by its id', () => {
        expect(existsSync(path.join(import.meta.dirname, 'project', `${id}.test.ts`))).toBe(true);
      });

      for (const example of examples) {
        it(`${example.kind} example at docs/rules/${id}.md:${example.line} (${example.files.map((f) => f.file).join(', ')}) ${example.kind === 'incorrect' ? 'is reported' : 'passes'}`, async () => {
          const findings = await runExample(id, example.files);
          if (example.kind === 'incorrect') expect(findings.length).toBeGreaterThan(0);
          else expect(findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.message}`)).toEqual([]);
        });
      }
    });
  }
});
