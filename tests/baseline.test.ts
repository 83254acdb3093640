import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { applyBaseline, createBaseline, type Finding } from '@backend-guard/cli';
import { describe, expect, it } from 'vitest';
import { scratchDir } from './_utils/project.js';

const finding = (file: string, ruleId: string, line: number, severity: Finding['severity'] = 'error'): Finding => ({
  ruleId,
  severity,
  file,
  line,
  column: 1,
  message: 'm',
  engine: 'eslint',
});

describe('baseline (counts per file and rule)', () => {
  const old = [finding('a.ts', 'r1', 1), finding('a.ts', 'r1', 9), finding('b.ts', 'r2', 4), finding('b.ts', 'r3', 1, 'warning')];
  const baseline = createBaseline(old);

  it('records error findings only, never parse errors', () => {
    expect(createBaseline([...old, finding('c.ts', 'parse-error', 1)])).toEqual({
      version: 1,
      suppressions: { 'a.ts': { r1: { count: 2 } }, 'b.ts': { r2: { count: 1 } } },
    });
  });

  it('suppresses known violations even when their lines moved', () => {
    const moved = [finding('a.ts', 'r1', 3), finding('a.ts', 'r1', 20), finding('b.ts', 'r2', 40)];
    expect(applyBaseline(moved, baseline)).toEqual({ findings: [], suppressed: 3, baselined: moved, obsolete: 0 });
  });

  it('shows every violation of a rule in a file that gained one: new debt never hides', () => {
    const grown = [finding('a.ts', 'r1', 1), finding('a.ts', 'r1', 5), finding('a.ts', 'r1', 9), finding('b.ts', 'r2', 4)];
    const outcome = applyBaseline(grown, baseline);
    expect(outcome.findings.map((f) => f.line)).toEqual([1, 5, 9]);
    expect(outcome.suppressed).toBe(1);
  });

  it('keeps warnings, parse errors and other rules, and counts obsolete entries', () => {
    const now = [finding('a.ts', 'r1', 1), finding('a.ts', 'r9', 2), finding('b.ts', 'r3', 1, 'warning'), finding('a.ts', 'parse-error', 1)];
    const outcome = applyBaseline(now, { version: 1, suppressions: { ...baseline.suppressions, 'a.ts': { r1: { count: 2 }, 'parse-error': { count: 1 } } } });
    expect(outcome.findings.map((f) => f.ruleId)).toEqual(['r9', 'r3', 'parse-error']);
    expect(outcome.suppressed).toBe(1);
    expect(outcome.obsolete).toBe(2); // a.ts r1 (2 → 1) and b.ts r2 (1 → 0)
  });
});

describe('backend-guard check --baseline (process)', () => {
  const BIN = path.resolve(import.meta.dirname, '../packages/cli/bin/backend-guard.js');
  const run = (args: string[], cwd: string) => spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' });
  const dir = scratchDir('bg-baseline-');
  mkdirSync(path.join(dir, 'server/services'), { recursive: true });
  writeFileSync(path.join(dir, 'server/services/report.ts'), "import pg from 'pg';\nexport const pool = new pg.Pool();\n");
  // A Drizzle db module, so the check recognises a backend (it fails closed on one it does not).
  writeFileSync(path.join(dir, 'server/db.ts'), "import { drizzle } from 'drizzle-orm/node-postgres';\nexport const db = drizzle();\n");

  it('adopts a codebase with debt: update writes the baseline, later runs pass until debt grows', () => {
    expect(run(['check', '.', '--format', 'json', '--no-baseline'], dir).status).toBe(1);

    const update = run(['check', '.', '--update-baseline'], dir);
    expect(update.status).toBe(0);
    expect(update.stderr).toContain('wrote backend-guard-baseline.json');
    expect(JSON.parse(readFileSync(path.join(dir, 'backend-guard-baseline.json'), 'utf8'))).toEqual({
      version: 1,
      suppressions: { 'server/services/report.ts': { 'drizzle-only-sql': { count: 1 } } },
    });

    const again = run(['check', '.', '--format', 'json'], dir);
    expect(again.status).toBe(0);
    expect(JSON.parse(again.stdout).findings).toEqual([]);
    expect(again.stderr).toContain('1 known violation(s) suppressed by backend-guard-baseline.json');

    writeFileSync(path.join(dir, 'server/services/report.ts'), "import pg from 'pg';\nimport postgres from 'postgres';\nexport const pool = [pg, postgres];\n");
    const grown = run(['check', '.', '--format', 'json'], dir);
    expect(grown.status).toBe(1);
    expect(JSON.parse(grown.stdout).findings).toHaveLength(2);
  }, 60_000);

  it('exits 2 naming a missing or malformed baseline file', () => {
    const missing = run(['check', '.', '--baseline', 'nope.json'], dir);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/nope\.json: baseline file not found/);
    writeFileSync(path.join(dir, 'bad.json'), '{ "version": 2, "suppressions": {} }');
    const bad = run(['check', '.', '--baseline', 'bad.json'], dir);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/bad\.json: version: .*expected \{ "version": 1/);
  }, 30_000);
});
