// The pull-request gate: SARIF validated against the official 2.1.0 schema, the options a CI job
// sets (--quiet, --max-warnings, --output-file, --changed), end positions and doc links, the
// catalog commands, and progress that only a terminal sees. The CLI runs in process (its `main`)
// over small scratch backends, without types unless a test is about them.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import Ajv from 'ajv';
import { CATALOG_IDS } from '@backend-guard/config';
import { main, type Finding, type Report } from '@backend-guard/cli';
import { docsUrl } from 'eslint-plugin-backend-guard';
import { formatSarif } from '../packages/cli/src/formatters/sarif.js';
import { terminalProgress } from '../packages/cli/src/progress.js';
import { project, STUB_BASE } from './_utils/project.js';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);

/** The official SARIF 2.1.0 schema (draft-04), as Microsoft ships it in a pinned devDependency. */
function sarifValidator() {
  const ajv = new Ajv({ schemaId: 'auto', allErrors: true });
  ajv.addMetaSchema(require('ajv/lib/refs/json-schema-draft-04.json') as object);
  return ajv.compile(require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json') as object);
}

async function cli(args: string[], cwd: string, stderrIsTTY = false) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, {
    cwd,
    env: { NO_COLOR: '1' },
    stdout: { write: (text: string) => out.push(text) },
    stderr: { write: (text: string) => err.push(text), isTTY: stderrIsTTY },
  });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

const ROUTER = "import { z } from 'zod';\nimport { protectedProcedure, router } from '../_core/trpc';\nexport const r = router({ list: protectedProcedure.input(z.object({})).query(() => []) });\n";
const DRIVER = "import pg from 'pg';\nexport const pool = new pg.Pool();\n";
/** An error (a SQL driver outside the db module), a warning (an orphan), a suppressed finding and a baselined one. */
const BACKEND = {
  ...STUB_BASE,
  'server/routers/leads.ts': ROUTER,
  'server/services/pool.ts': DRIVER,
  'server/services/unused.ts': 'export const unused = 1;\n',
  'server/services/legacy.ts': `// eslint-disable-next-line backend-guard/drizzle-only-sql -- moving to Drizzle in LEAD-12\n${DRIVER}`,
  'server/services/old.ts': DRIVER,
  'backend-guard-baseline.json': JSON.stringify({ version: 1, suppressions: { 'server/services/old.ts': { 'drizzle-only-sql': { count: 1 } } } }),
};

type SarifLog = {
  runs: Array<{
    tool: { driver: { rules: Array<{ id: string; helpUri?: string; defaultConfiguration: { level: string } }> } };
    results: Array<{
      ruleId: string;
      ruleIndex: number;
      level: string;
      locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: Record<string, number> } }>;
      partialFingerprints: Record<string, string>;
      suppressions?: Array<{ kind: string; justification?: string }>;
    }>;
  }>;
};

describe('--format sarif', () => {
  it('writes valid SARIF 2.1.0 to --output-file, nothing on stdout: rules with help URIs, regions, fingerprints, suppressions', async () => {
    const dir = project(BACKEND);
    const { code, stdout } = await cli(['check', '.', '--no-types', '--format', 'sarif', '--output-file', 'out/report.sarif'], dir);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    const log = JSON.parse(readFileSync(path.join(dir, 'out/report.sarif'), 'utf8')) as SarifLog;
    const validate = sarifValidator();
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);

    const [run] = log.runs;
    const rules = run!.tool.driver.rules;
    expect(rules.slice(0, CATALOG_IDS.length).map((rule) => rule.id)).toEqual(CATALOG_IDS);
    expect(rules.find((rule) => rule.id === 'tier-policy')).toMatchObject({ helpUri: docsUrl('tier-policy'), defaultConfiguration: { level: 'error' } });
    expect(rules.find((rule) => rule.id === 'no-orphans')).toMatchObject({ defaultConfiguration: { level: 'warning' } });

    const summary = run!.results.map((result) => ({
      ruleId: result.ruleId,
      rule: rules[result.ruleIndex]!.id,
      level: result.level,
      uri: result.locations[0]!.physicalLocation.artifactLocation.uri,
      region: result.locations[0]!.physicalLocation.region,
      suppressed: result.suppressions?.[0],
    }));
    expect(summary).toEqual([
      { ruleId: 'drizzle-only-sql', rule: 'drizzle-only-sql', level: 'error', uri: 'server/services/pool.ts', region: { startLine: 1, startColumn: 16, endLine: 1, endColumn: 20 }, suppressed: undefined },
      { ruleId: 'no-orphans', rule: 'no-orphans', level: 'warning', uri: 'server/services/unused.ts', region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 7 }, suppressed: undefined },
      {
        ruleId: 'drizzle-only-sql',
        rule: 'drizzle-only-sql',
        level: 'error',
        uri: 'server/services/legacy.ts',
        region: { startLine: 2, startColumn: 16, endLine: 2, endColumn: 20 },
        suppressed: { kind: 'inSource', justification: 'moving to Drizzle in LEAD-12' },
      },
      {
        ruleId: 'drizzle-only-sql',
        rule: 'drizzle-only-sql',
        level: 'error',
        uri: 'server/services/old.ts',
        region: { startLine: 1, startColumn: 16, endLine: 1, endColumn: 20 },
        suppressed: { kind: 'external', justification: 'a known violation listed in backend-guard-baseline.json' },
      },
    ]);
    for (const result of run!.results) expect(result.locations[0]!.physicalLocation.artifactLocation.uriBaseId).toBe('%SRCROOT%');
    const invocation = (log as unknown as { runs: Array<{ invocations: Array<{ toolExecutionNotifications: Array<{ message: { text: string } }> }> }> }).runs[0]!.invocations[0]!;
    expect(invocation.toolExecutionNotifications.map((n) => n.message.text)).toEqual([expect.stringMatching(/^type information off \(--no-types\)/)]);
    // The same line in two files is two findings.
    const prints = run!.results.map((result) => result.partialFingerprints['backendGuard/v1']);
    expect(new Set(prints).size).toBe(prints.length);
  });

  it('exits 2 when --output-file cannot be written, naming it', async () => {
    const dir = project({ ...STUB_BASE, 'server/routers/leads.ts': ROUTER, 'blocked': 'a file, not a folder\n' });
    const { code, stdout, stderr } = await cli(['check', '.', '--no-types', '--format', 'sarif', '--output-file', 'blocked/report.sarif'], dir);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('--output-file blocked/report.sarif: cannot be written (EEXIST)');
  });

  it('keeps fingerprints when unrelated lines move, and tells repeated identical lines apart', () => {
    const finding = (line: number, column = 1): Finding => ({ ruleId: 'no-unsafe-sql', severity: 'error', file: 'server/services/a.ts', line, column, message: 'm', engine: 'eslint' });
    const report = (findings: Finding[]): Report => ({ version: 1, root: 'apps/api', findings, suppressions: [], summary: { filesAnalyzed: 1, errors: findings.length, warnings: 0, suppressed: 0 } });
    const prints = (source: string[], findings: Finding[]) => {
      const log = JSON.parse(formatSarif(report(findings), { line: (_file, line) => source[line - 1], version: '0.0.0' })) as SarifLog;
      return log.runs[0]!.results.map((result) => result.partialFingerprints['backendGuard/v1']);
    };
    const before = ['const a = 1;', 'db.execute(q);', 'db.execute(q);'];
    // Two lines inserted above, whitespace changed: the same findings.
    const after = ['// new', 'import x from "x";', 'const a = 1;', '  db.execute(q);', 'db.execute( q );'];
    const [first, second] = prints(before, [finding(2), finding(3)]);
    expect(first).not.toBe(second);
    expect(prints(after, [finding(4, 3), finding(5)])).toEqual([first, second]);
    // Editing the flagged line itself makes a new finding.
    expect(prints(['db.execute(other);'], [finding(1)])[0]).not.toBe(first);
  });
});

describe('JSON and annotations: end positions and doc links (additive to the contract)', () => {
  it('gives every finding an end and its doc page; github annotations carry both', async () => {
    const dir = project({ ...STUB_BASE, 'server/routers/leads.ts': ROUTER, 'server/services/pool.ts': DRIVER, 'server/services/unused.ts': 'export const unused = 1;\n' });
    const json = await cli(['check', '.', '--no-types', '--format', 'json'], dir);
    const report = JSON.parse(json.stdout) as Report;
    expect(report.findings).toEqual([
      {
        ruleId: 'drizzle-only-sql',
        severity: 'error',
        file: 'server/services/pool.ts',
        line: 1,
        column: 16,
        endLine: 1,
        endColumn: 20,
        message: expect.any(String) as string,
        engine: 'oxlint',
        docsUrl: docsUrl('drizzle-only-sql'),
      },
      {
        ruleId: 'no-orphans',
        severity: 'warning',
        file: 'server/services/unused.ts',
        line: 1,
        column: 1,
        endLine: 1,
        endColumn: 7,
        message: 'Nothing imports this service and it imports nothing; wire it in or delete it.',
        engine: 'dependency-cruiser',
        docsUrl: docsUrl('no-orphans'),
      },
    ]);
    const github = await cli(['check', '.', '--no-types', '--format', 'github'], dir);
    expect(github.stdout.split('\n')[1]).toBe(
      `::warning file=server/services/unused.ts,line=1,endLine=1,col=1,endColumn=7,title=backend-guard/no-orphans::Nothing imports this service and it imports nothing; wire it in or delete it.%0AWhy and how to fix: npx backend-guard explain no-orphans`,
    );
    // --no-types says what it reduced, in the report and the annotations.
    expect(report.summary.notes).toEqual([expect.stringMatching(/^type information off \(--no-types\): .*tier-policy.* fell back to syntax/)]);
    expect(github.stdout).toContain('::notice title=backend-guard::type information off (--no-types)');
  });
});

describe('--quiet and --max-warnings', () => {
  it('--quiet shows errors only; --max-warnings fails a run whose warnings exceed it (counted before --quiet)', async () => {
    // The only error is baselined: warnings alone decide the exit code.
    const dir = project({ ...BACKEND, 'server/services/pool.ts': 'export const pool = 1;\nexport const used = pool;\n', 'server/routers/leads.ts': `import { pool } from '../services/pool';\n${ROUTER}export const p = pool;\n` });
    const plain = await cli(['check', '.', '--no-types', '--format', 'json'], dir);
    expect(plain.code).toBe(0);
    expect((JSON.parse(plain.stdout) as Report).summary).toMatchObject({ errors: 0, warnings: 1 });

    const quiet = await cli(['check', '.', '--no-types', '--format', 'json', '--quiet'], dir);
    expect((JSON.parse(quiet.stdout) as Report).findings).toEqual([]);

    const within = await cli(['check', '.', '--no-types', '--format', 'json', '--max-warnings', '1'], dir);
    expect(within.code).toBe(0);
    const over = await cli(['check', '.', '--no-types', '--format', 'json', '--max-warnings', '0', '--quiet'], dir);
    expect(over.code).toBe(1);
    expect(over.stderr).toContain('1 warning(s), more than --max-warnings 0 allows');

    const bad = await cli(['check', '.', '--max-warnings', 'many'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--max-warnings: "many" is not a whole number');
  });
});

describe('--changed <git-ref>', () => {
  const git = (dir: string, ...args: string[]) =>
    execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, stdio: 'pipe' });

  it('lints the changed and untracked files; whole-project checks report in them only', async () => {
    const dir = project({
      ...STUB_BASE,
      'server/routers/leads.ts': ROUTER,
      'server/services/old.ts': DRIVER,
      'server/services/unused.ts': 'export const unused = 1;\n',
      'server/services/a.ts': 'export const a = 1;\n',
      // An import cycle, reported at its first module (money.ts).
      'server/lib/money.ts': "import { rate } from './rates';\nexport const money = () => rate;\n",
      'server/lib/rates.ts': "import { money } from './money';\nexport const rate = () => money;\n",
    });
    git(dir, 'init', '-q');
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'base');
    // Changed since HEAD: a.ts gains a driver; new.ts is untracked (and an orphan). old.ts keeps its debt.
    writeFileSync(path.join(dir, 'server/services/a.ts'), DRIVER);
    writeFileSync(path.join(dir, 'server/services/new.ts'), 'export const fresh = 1;\n');
    // A new migration is a changed file too, though no engine lints it file by file.
    mkdirSync(path.join(dir, 'drizzle'));
    writeFileSync(path.join(dir, 'drizzle/0001_drop_notes.sql'), 'ALTER TABLE "leads" DROP COLUMN "notes";\n');
    // A change to the cycle's other module keeps the cycle's finding, which lands in money.ts.
    writeFileSync(path.join(dir, 'server/lib/rates.ts'), "import { money } from './money';\nexport const rate = (): unknown => money;\n");
    const { code, stdout } = await cli(['check', '.', '--no-types', '--format', 'json', '--changed', 'HEAD'], dir);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as Report;
    expect(report.findings.map((f) => [f.ruleId, f.file])).toEqual([
      ['migration-safety', 'drizzle/0001_drop_notes.sql'],
      ['migration-safety', 'drizzle/0001_drop_notes.sql'],
      ['no-circular', 'server/lib/money.ts'],
      ['drizzle-only-sql', 'server/services/a.ts'],
      ['no-orphans', 'server/services/new.ts'],
    ]);
    expect(report.summary.filesAnalyzed).toBe(3);
    expect(report.summary.notes).toContain('changed since HEAD: 3 server file(s) linted; whole-project checks read all 8 and report what lands in or runs through the changed files');

    // Nothing changed: a clean run over nothing to lint, said so.
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'more');
    const none = await cli(['check', '.', '--no-types', '--format', 'json', '--changed', 'HEAD'], dir);
    expect(none.code).toBe(0);
    expect(none.stderr).toContain("--changed HEAD: the ref is HEAD's own commit, so only uncommitted and untracked files are checked");
    expect((JSON.parse(none.stdout) as Report).summary).toMatchObject({ filesAnalyzed: 0, errors: 0, notes: expect.arrayContaining([expect.stringContaining('0 server file(s) linted')]) as string[] });
  });

  it('exits 2 on a ref that names no commit, outside a repository, and with --update-baseline', async () => {
    const dir = project({ ...STUB_BASE, 'server/routers/leads.ts': ROUTER });
    const outside = await cli(['check', '.', '--no-types', '--changed', 'main'], dir);
    expect(outside.code).toBe(2);
    expect(outside.stderr).toContain('is not in a git repository');
    git(dir, 'init', '-q');
    const bad = await cli(['check', '.', '--no-types', '--changed', 'no-such-branch'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"no-such-branch" names no commit in this repository; fetch it first');
    const option = await cli(['check', '.', '--changed', '--upload-pack=x'], dir);
    expect(option.code).toBe(2);
    const both = await cli(['check', '.', '--changed', 'HEAD', '--update-baseline'], dir);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--changed cannot be combined with --update-baseline');
  });
});

describe('rules and explain', () => {
  it('lists every check with its engine, preset and doc page, as text and JSON', async () => {
    const json = await cli(['rules', '--format', 'json'], process.cwd());
    expect(json.code).toBe(0);
    const { rules } = JSON.parse(json.stdout) as { rules: Array<{ id: string; engine: string; preset: string; severity: string; docsUrl: string; description: string }> };
    expect(rules.map((rule) => rule.id)).toEqual(CATALOG_IDS);
    expect(rules.find((rule) => rule.id === 'explicit-projection')).toMatchObject({ engine: 'eslint', preset: 'strict', docsUrl: docsUrl('explicit-projection') });
    expect(rules.find((rule) => rule.id === 'no-orphans')).toMatchObject({ engine: 'dependency-cruiser', preset: 'recommended', severity: 'warning' });
    expect(rules.find((rule) => rule.id === 'tier-chain')).toMatchObject({ engine: 'project', description: expect.stringMatching(/^Require the tier builders/) as string });
    const text = await cli(['rules'], process.cwd());
    expect(text.stdout).toMatch(/^check +engine +preset +doc page\n/);
    expect(text.stdout).toMatch(/^migration-safety +project +recommended +file:\S+migration-safety\.md$/m);
  });

  it("prints a check's doc page; an unknown id exits 2 naming the closest", async () => {
    const page = await cli(['explain', 'backend-guard/tier-policy'], process.cwd());
    expect(page.code).toBe(0);
    expect(page.stdout).toBe(readFileSync(new URL(docsUrl('tier-policy')), 'utf8'));
    const typo = await cli(['explain', 'tier-polcy'], process.cwd());
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('"tier-polcy" is not a check of the catalog; did you mean "tier-policy"?');
    const none = await cli(['explain'], process.cwd());
    expect(none.code).toBe(2);
  });
});

describe('progress', () => {
  it('draws on a terminal stderr for the pretty format and clears itself; never for a machine format', async () => {
    const dir = project({ ...STUB_BASE, 'server/routers/leads.ts': ROUTER });
    const pretty = await cli(['check', '.', '--no-types'], dir, true);
    expect(pretty.stderr).toContain('\r\u001b[2Kbackend-guard: oxlint');
    expect(pretty.stderr).toContain('oxlint (2 files, in its own process)…');
    const eslint = await cli(['check', '.', '--no-types', '--engine', 'eslint'], dir, true);
    expect(eslint.stderr).toContain('\r\u001b[2Kbackend-guard: eslint 2/2 files…');
    expect(pretty.stderr.endsWith('\r\u001b[2K')).toBe(true);
    expect(pretty.stdout).not.toContain('\r');
    const json = await cli(['check', '.', '--no-types', '--format', 'json'], dir, true);
    expect(json.stderr).toBe('');
  });

  it('redraws at most every 100 ms, and always at the last file', () => {
    const written: string[] = [];
    let clock = 0;
    const progress = terminalProgress({ write: (text: string) => written.push(text) }, () => clock);
    progress.phase('eslint', 3);
    progress.file();
    clock = 150;
    progress.file();
    progress.file();
    progress.end();
    expect(written).toEqual([
      '\r\u001b[2Kbackend-guard: eslint 0/3 files…',
      '\r\u001b[2Kbackend-guard: eslint 2/3 files…',
      '\r\u001b[2Kbackend-guard: eslint 3/3 files…',
      '\r\u001b[2K',
    ]);
  });
});

describe("the README's GitHub Actions workflow", () => {
  it('runs only commands the CLI accepts', async () => {
    const readme = readFileSync(path.resolve(import.meta.dirname, '../README.md'), 'utf8');
    const block = /## In CI \/ pull requests[\s\S]*?```yaml\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    // Folded `>-` scalars joined; the base-ref expression as a pull request evaluates it.
    const commands = (block.replace(/>-\n\s+/g, '').replace(/\n {10}(?=\S)/g, ' ').match(/npx backend-guard [^\n]*/g) ?? []).map((line) =>
      line.replace(/\$\{\{.*?\}\}/, '--changed origin/main').replace(/\s+#.*$/, '').trim(),
    );
    expect(commands).toEqual([
      'npx backend-guard check . --format sarif --output-file backend-guard.sarif',
      'npx backend-guard check . --format github --changed origin/main',
    ]);
    // With --help the CLI validates the arguments and stops: 0 when they are all accepted.
    for (const command of commands) {
      const args = command.split(' ').slice(2);
      expect((await cli([...args, '--help'], process.cwd())).code, command).toBe(0);
    }
    expect((await cli(['check', '.', '--format', 'sarf', '--help'], process.cwd())).code).toBe(2);
  });
});
