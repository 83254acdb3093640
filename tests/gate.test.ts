// A gate that cannot be fooled: each way a pull request could get a green run over code nobody
// checked, reproduced, and the run must be red (exit ≠ 0) or list what was suppressed.
import { spawn } from 'node:child_process';
import { chmodSync, readFileSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, parseConfig, type ConfigError } from '@backend-guard/config';
import { compareFindings, type Finding } from '@backend-guard/cli';
import { findSourceFiles } from '@backend-guard/cli/files';
import { BIN, project, run, STUB_BASE } from './_utils/project.js';
import { describe, expect, it } from 'vitest';



const ROUTER = "import { z } from 'zod';\nimport { protectedProcedure, router } from '../_core/trpc';\nexport const r = router({ list: protectedProcedure.input(z.object({})).query(() => []) });\n";
/** A violation any layout recognises: a SQL driver outside the db module. */
const DRIVER = "import pg from 'pg';\nexport const pool = new pg.Pool();\n";
const BASE = { ...STUB_BASE, 'server/routers/leads.ts': ROUTER };

const json = (stdout: string) => JSON.parse(stdout) as { findings: Finding[]; suppressions: Array<Record<string, unknown>>; summary: Record<string, number> };

describe('every file under the root is analysed or accounted for', () => {
  it('analyses dot-files and dot-directories', () => {
    const dir = project({ ...BASE, 'server/.internal/pool.ts': DRIVER });
    const { code, stdout } = run(['check', '.', '--format', 'json', '--no-types'], dir);
    expect(code).toBe(1);
    expect(json(stdout).findings).toEqual([expect.objectContaining({ ruleId: 'drizzle-only-sql', file: 'server/.internal/pool.ts' })]);
  });

  it('checks folders named test or build inside server code; skips build outputs at a package root', () => {
    const dir = project({ ...BASE, 'package.json': '{}', 'server/routers/test/pool.ts': DRIVER, 'server/routers/build/pool.ts': DRIVER, 'build/pool.ts': DRIVER });
    const { code, stdout } = run(['check', '.', '--format', 'json', '--no-types'], dir);
    expect(code).toBe(1);
    expect(json(stdout).findings.map((f) => f.file)).toEqual(['server/routers/build/pool.ts', 'server/routers/test/pool.ts']);
  });

  it('analyses a linked file inside the tree once, as its target; stops on a link that leads out', () => {
    const dir = project({ ...BASE, 'server/services/pool.ts': DRIVER });
    symlinkSync(path.join(dir, 'server/services/pool.ts'), path.join(dir, 'server/services/alias.ts'));
    const inside = run(['check', '.', '--format', 'json', '--no-types'], dir);
    expect(json(inside.stdout).findings.map((f) => f.file)).toEqual(['server/services/pool.ts']);

    const outside = project({ 'pool.ts': DRIVER });
    symlinkSync(outside, path.join(dir, 'server/vendor'));
    const out = run(['check', '.', '--format', 'json', '--no-types'], dir);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('server/vendor: a symbolic link that leads out of the analysed folder');
  });

  it('stops on a loop of links at the root, saying so', () => {
    const dir = project({});
    symlinkSync(path.join(dir, 'b'), path.join(dir, 'a'));
    symlinkSync(path.join(dir, 'a'), path.join(dir, 'b'));
    const result = run(['check', 'a'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/a loop of symbolic links|no such file/);
  });

  it('stops on a path it cannot read, naming it', async () => {
    const dir = project({ ...BASE, 'server/secret/x.ts': DRIVER });
    const denied = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    const fs = await import('node:fs');
    const failing = {
      ...fs,
      readdirSync: ((target: string, options: { withFileTypes: true }) => {
        if (target.endsWith(`${path.sep}secret`)) throw denied;
        return fs.readdirSync(target, options);
      }) as typeof fs.readdirSync,
    };
    await expect(findSourceFiles(dir, parseConfig({}, 'test'), failing)).rejects.toThrow('server/secret: cannot be read (permission denied)');
    if (process.getuid?.() !== 0) {
      // Where permissions bind (not as root), the real CLI says the same.
      chmodSync(path.join(dir, 'server/secret'), 0o000);
      const result = run(['check', '.'], dir);
      chmodSync(path.join(dir, 'server/secret'), 0o755);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('server/secret: cannot be read');
    }
  });

  it('refuses file names with line terminators (they could forge report lines)', () => {
    for (const name of ['server/routers/admin\n.ts', 'server/routers/admin\u2028.ts', 'server/routers/a\rb.ts']) {
      const dir = project({ ...BASE, [name]: DRIVER });
      const result = run(['check', '.', '--no-types'], dir);
      expect(result.code, JSON.stringify(name)).toBe(2);
      expect(result.stderr).toMatch(/a file name with a line break/);
      expect(result.stderr).not.toMatch(/admin\n|\u2028/);
    }
  });
});

describe('inline comments are part of the report', () => {
  const COMMENTED = {
    ...BASE,
    'server/services/a.ts': `// eslint-disable-next-line backend-guard/drizzle-only-sql -- legacy pool, removed in #12\n${DRIVER}`,
    'server/services/b.ts': `/* eslint-disable */\n${DRIVER}`,
    'server/services/c.ts': `/* eslint backend-guard/drizzle-only-sql: "off" */\n${DRIVER}`,
    'server/services/d.ts': "// eslint-disable-next-line backend-guard/no-unsafe-sql -- nothing to suppress\nimport { z } from 'zod';\nexport const x = z;\n",
  };

  it('allow (default): suppressed findings and rule-changing comments are listed with their reasons', () => {
    const { code, stdout } = run(['check', '.', '--format', 'json', '--no-types'], project(COMMENTED));
    const report = json(stdout);
    expect(report.suppressions).toEqual([
      { kind: 'directive', file: 'server/services/a.ts', line: 2, rules: ['drizzle-only-sql'], reason: 'legacy pool, removed in #12', message: expect.any(String), severity: 'error', column: 16, endLine: 2, endColumn: 20 },
      { kind: 'directive', file: 'server/services/b.ts', line: 2, rules: ['drizzle-only-sql'], reason: null, message: expect.any(String), severity: 'error', column: 16, endLine: 2, endColumn: 20 },
      { kind: 'inline-config', file: 'server/services/c.ts', line: 1, rules: ['drizzle-only-sql'], reason: null },
    ]);
    expect(report.summary.suppressed).toBe(3);
    expect(report.findings).toEqual([expect.objectContaining({ ruleId: 'unused-disable', severity: 'warning', file: 'server/services/d.ts', line: 1 })]);
    expect(code).toBe(0);
    const pretty = run(['check', '.', '--no-types'], project(COMMENTED)).stdout;
    expect(pretty).toContain('(3 suppressed by inline comments: --format json lists them)');
  });

  it('require-reason: a disable without a reason does not count, a rule-changing comment is an error', () => {
    const dir = project({ ...COMMENTED, 'backend-guard.config.json': '{ "inlineDisables": "require-reason" }' });
    const { code, stdout } = run(['check', '.', '--format', 'json', '--no-types'], dir);
    const report = json(stdout);
    expect(code).toBe(1);
    expect(report.suppressions).toEqual([expect.objectContaining({ file: 'server/services/a.ts', reason: 'legacy pool, removed in #12' })]);
    expect(report.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual([
      'drizzle-only-sql server/services/b.ts:2',
      'inline-config server/services/c.ts:1',
      'unused-disable server/services/d.ts:1',
    ]);
  });

  it('never: inline comments change nothing, every finding stands', () => {
    const dir = project({ ...COMMENTED, 'backend-guard.config.json': '{ "inlineDisables": "never" }' });
    const { code, stdout } = run(['check', '.', '--format', 'json', '--no-types'], dir);
    const report = json(stdout);
    expect(code).toBe(1);
    expect(report.suppressions).toEqual([]);
    expect(report.findings.filter((f) => f.ruleId === 'drizzle-only-sql').map((f) => f.file)).toEqual(['server/services/a.ts', 'server/services/b.ts', 'server/services/c.ts']);
  });
});

describe('config modules from an untrusted pull request', () => {
  async function loadError(dir: string, timeoutMs?: number): Promise<ConfigError> {
    return loadConfig(dir, timeoutMs === undefined ? {} : { timeoutMs }).then(
      () => {
        throw new Error('expected a ConfigError');
      },
      (error: ConfigError) => error,
    );
  }

  it('a module that never settles, or loops forever, is stopped with a message', async () => {
    expect((await loadError(project({ 'backend-guard.config.mjs': 'await new Promise(() => {});\nexport default {};\n' }), 500)).message).toMatch(
      /ended before exporting a config|did not finish loading within 0.5 s/,
    );
    expect((await loadError(project({ 'backend-guard.config.mjs': 'while (true) {}\nexport default {};\n' }), 500)).message).toMatch(/did not finish loading/);
  });

  it('a module that exits the process ends only its own thread; its console goes to stderr, not into the report', () => {
    const exiting = project({ ...BASE, 'backend-guard.config.mjs': 'process.exit(0);\nexport default {};\n' });
    const exited = run(['check', '.', '--format', 'json'], exiting);
    expect(exited.code).toBe(2);
    expect(exited.stderr).toMatch(/backend-guard\.config\.mjs: ended before exporting a config/);

    const noisy = project({ ...BASE, 'backend-guard.config.mjs': 'console.log("::error::fake clean");\nexport default {};\n' });
    const result = run(['check', '.', '--format', 'json', '--no-types'], noisy);
    expect(result.code).toBe(0);
    expect(() => JSON.parse(result.stdout)).not.toThrow();
    expect(result.stderr).toContain('fake clean');
  });

  it('a module sees no environment variables (no CI secrets)', () => {
    const dir = project({ ...BASE, 'backend-guard.config.mjs': 'export default { ignores: [String(process.env.GATE_SECRET)] };\n' });
    const result = run(['roles', '.', '--format', 'json'], dir, { GATE_SECRET: 'hunter2' });
    expect(result.code).toBe(0);
    const { config } = JSON.parse(result.stdout) as { config: string };
    expect(config).toBe('backend-guard.config.mjs');
    expect(result.stdout + result.stderr).not.toContain('hunter2');
  });

  it('--config takes a trusted config instead of the one in the analysed folder', () => {
    const dir = project({ ...BASE, 'server/services/pool.ts': DRIVER, 'backend-guard.config.mjs': 'process.exit(0);\n' });
    const trusted = project({ 'backend-guard.config.json': '{ "rules": { "drizzle-only-sql": "warn" } }' });
    const result = run(['check', '.', '--format', 'json', '--no-types', '--config', path.join(trusted, 'backend-guard.config.json')], dir);
    expect(result.code).toBe(0);
    expect(json(result.stdout).findings).toEqual([expect.objectContaining({ ruleId: 'drizzle-only-sql', severity: 'warning' })]);
  });

  it('.cjs and .cts configs are loaded, never ignored', async () => {
    expect((await loadConfig(project({ 'backend-guard.config.cjs': 'module.exports = { tiers: ["a", "b"] };\n' }))).config.tiers).toEqual(['a', 'b']);
    expect((await loadConfig(project({ 'backend-guard.config.cts': 'const tiers: string[] = ["x"];\nexport default { tiers };\n' }))).config.tiers).toEqual(['x']);
  });
});

describe('output and writes', () => {
  it('escapes control characters and neutralises workflow commands in names and messages', () => {
    const dir = project({ ...BASE, '::error file=x::pwned/pool.ts': DRIVER, 'server/\u001b[2Jclear.ts': DRIVER });
    const { stdout } = run(['check', '.', '--no-types'], dir);
    expect(stdout).not.toMatch(/^\s*::/m);
    expect(stdout).not.toContain('\u001b[2J');
    expect(stdout).toContain('./::error file=x::pwned/pool.ts');
    expect(stdout).toContain('server/\\u001b[2Jclear.ts');
    const github = run(['check', '.', '--no-types', '--format', 'github'], dir).stdout;
    expect(github).toContain('file=%3A%3Aerror file=x%3A%3Apwned/pool.ts');
  });

  it('never writes the baseline through a link that leads out of the root', () => {
    const dir = project({ ...BASE, 'server/services/pool.ts': DRIVER });
    const elsewhere = project({ 'target.json': 'untouched' });
    symlinkSync(path.join(elsewhere, 'target.json'), path.join(dir, 'backend-guard-baseline.json'));
    const result = run(['check', '.', '--update-baseline', '--no-types'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('a symbolic link that leads out of the analysed folder; the baseline is not written through it');
    expect(readFileSync(path.join(elsewhere, 'target.json'), 'utf8')).toBe('untouched');
  });

  it('never quotes the contents of a file it could not read as config or baseline', () => {
    const secret = project({ 'shadow': 'root:SECRET-HASH:19000:0:99999:7:::\n' });
    const dir = project({ ...BASE });
    symlinkSync(path.join(secret, 'shadow'), path.join(dir, 'backend-guard.config.json'));
    const config = run(['check', '.'], dir);
    expect(config.code).toBe(2);
    expect(config.stderr).toMatch(/backend-guard\.config\.json: not valid JSON/);
    expect(config.stderr).not.toContain('SECRET');
    const baseline = run(['check', project({ ...BASE }), '--baseline', path.join(secret, 'shadow'), '--no-types'], os.tmpdir());
    expect(baseline.code).toBe(2);
    expect(baseline.stderr).not.toContain('SECRET');
  });

  it('a report that cannot be written is exit 2, not a pass or a findings code', async () => {
    const dir = project({ ...BASE });
    const child = spawn(process.execPath, [BIN, 'check', '.', '--no-types', '--format', 'json'], { cwd: dir, stdio: ['ignore', 'pipe', 'ignore'] });
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(2);
  });

  it('blames a file too deep to analyse, not the rule whose type question met it', () => {
    const dir = project({
      'tsconfig.json': '{ "compilerOptions": { "strict": true, "module": "ESNext", "moduleResolution": "Bundler", "skipLibCheck": true }, "include": ["server"] }',
      'server/routers/leads.ts': "import { protectedProcedure, router } from '../_core/trpc';\nimport { schema } from '../lib/s';\nexport const r = router({ list: protectedProcedure.input(schema).query(() => []) });\n",
      'server/services/deep.ts': `export const x = ${'['.repeat(5000)}${']'.repeat(5000)};\n`,
    });
    const result = run(['check', '.', '--format', 'json'], dir);
    expect(result.code).toBe(2);
    expect(json(result.stdout).findings.filter((f) => f.severity === 'error')).toEqual([expect.objectContaining({ ruleId: 'parse-error', file: 'server/services/deep.ts' })]);
    expect(result.stderr).toContain('type information failed (Maximum call stack size exceeded)');
    expect(result.stderr).not.toContain('a rule crashed');
  });

  it('orders findings by code point, the same in every locale', () => {
    const f = (file: string): Finding => ({ ruleId: 'r', severity: 'error', file, line: 1, column: 1, message: 'm', engine: 'eslint' });
    expect([f('b.ts'), f('ä.ts'), f('B.ts'), f('a.ts')].sort(compareFindings).map((x) => x.file)).toEqual(['B.ts', 'a.ts', 'b.ts', 'ä.ts']);
  });
});

describe('a pull request that tries every bypass at once', () => {
  it('is never a silent green', () => {
    const dir = project({
      ...BASE,
      'server/.hidden/pool.ts': DRIVER,
      'server/routers/test/pool.ts': DRIVER,
      'server/services/disabled.ts': `/* eslint-disable */\n${DRIVER}`,
      'server/services/reconfigured.ts': `/* eslint backend-guard/drizzle-only-sql: 0 */\n${DRIVER}`,
      'backend-guard.config.mjs': 'console.log(JSON.stringify({ version: 1, findings: [] }));\nexport default {};\n',
    });
    const result = run(['check', '.', '--format', 'json', '--no-types'], dir);
    const report = json(result.stdout);
    expect(result.code).not.toBe(0);
    expect(report.findings.map((f) => f.file)).toEqual(['server/.hidden/pool.ts', 'server/routers/test/pool.ts']);
    expect(report.suppressions.map((s) => s.file)).toEqual(['server/services/disabled.ts', 'server/services/reconfigured.ts']);
  });
});
