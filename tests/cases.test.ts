// fixtures/cases: a small backend in the document's layout with planted violations of every rule
// (each file's header says which conventions it breaks) and clean near-misses beside them. The
// guard must report exactly what fixtures/cases/expected.json declares, with and without types,
// and the CLI must fail the run.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { check, type Finding } from '@backend-guard/cli';
import { CATALOG_IDS as CHECK_IDS, CHECKS } from '@backend-guard/config';
import { describe, expect, it } from 'vitest';

const REPO = path.resolve(import.meta.dirname, '..');
const CASES = 'fixtures/cases';
const BIN = path.join(REPO, 'packages/cli/bin/backend-guard.js');

type Declared = Pick<Finding, 'ruleId' | 'file' | 'line' | 'column' | 'severity'>;
const expected = JSON.parse(readFileSync(path.join(REPO, CASES, 'expected.json'), 'utf8')) as Declared[];
const declared = ({ ruleId, file, line, column, severity }: Declared): Declared => ({ ruleId, file, line, column, severity });

describe('the guard over fixtures/cases', () => {
  it('expected.json is sorted like the CLI sorts (file, line, column, rule) and plants every rule', () => {
    const sorted = [...expected].sort(
      (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId),
    );
    expect(expected).toEqual(sorted);
    for (const id of CHECK_IDS) expect(expected.filter((f) => f.ruleId === id).length, id).toBeGreaterThanOrEqual(2);
  });

  it.each([
    ['with type information', true],
    ['without type information', false],
  ])('reports exactly the declared findings %s', async (_label, types) => {
    const { report, unanalysed } = await check({ path: CASES, cwd: REPO, types, baseline: false });
    expect(unanalysed).toEqual([]);
    expect(report.findings.map(declared)).toEqual(expected);
  }, 120_000);

  it('the CLI exits 1 with the declared findings in its JSON report', () => {
    const result = spawnSync(process.execPath, [BIN, 'check', CASES, '--format', 'json'], { cwd: REPO, encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(1);
    const report = JSON.parse(result.stdout) as { root: string; findings: Finding[]; summary: { errors: number } };
    expect(report.root).toBe(CASES);
    expect(report.findings.map(declared)).toEqual(expected);
    expect(report.summary.errors).toBe(expected.filter((f) => f.severity === 'error').length);
    // Each finding comes from the engine the catalog names for its check; ESLint rules run on oxlint
    // by default (a file with an inline rule comment on ESLint: docs/engines.md).
    for (const finding of report.findings) {
      expect(finding.engine === 'oxlint' ? 'eslint' : finding.engine, finding.ruleId).toBe(CHECKS[finding.ruleId]);
    }
    // Every finding ends after it starts and links its doc page (additive fields of the report).
    for (const { ruleId, line, column, endLine, endColumn, docsUrl } of report.findings) {
      expect(endLine! > line || (endLine === line && endColumn! > column), `${ruleId} ${line}:${column}-${endLine}:${endColumn}`).toBe(true);
      expect(docsUrl, ruleId).toMatch(new RegExp(`/docs/rules/${ruleId}\\.md$`));
    }
    // The whole-project engines' messages are one short line: what is wrong and what to do, no citations.
    for (const { message, engine } of report.findings.filter((f) => f.engine !== 'eslint' && f.engine !== 'oxlint')) {
      expect(message.length, message).toBeLessThanOrEqual(120);
      expect(message, engine).not.toMatch(/\n|document|seed|Canonical|Standards|§/);
    }
  }, 120_000);
});
