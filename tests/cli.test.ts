import os from 'node:os';
import { project, run, STUB_BASE } from './_utils/project.js';
import { describe, expect, it, vi } from 'vitest';




const CLEAN_ROUTER = `import { z } from 'zod';
import { protectedProcedure, router } from '../_core/trpc';
import { listLeads } from '../services/leads';

export const leadsRouter = router({
  list: protectedProcedure.input(z.object({ cursor: z.string().optional() })).query(({ ctx, input }) => listLeads(ctx, input)),
});
`;

/** A router, so the check recognises a backend (it fails closed on one it does not). */
const ROUTER = { ...STUB_BASE, 'server/routers/leads.ts': CLEAN_ROUTER, 'server/services/leads.ts': 'export const listLeads = (..._args: unknown[]) => [];\n' };

describe('backend-guard check (process)', () => {
  it('exits 0 with the JSON contract on a clean backend, paths relative to the root', () => {
    const dir = project({
      ...STUB_BASE,
      'server/routers/leads.ts': CLEAN_ROUTER,
      'server/services/leads.ts': 'export const listLeads = (..._args: unknown[]) => [];\n',
      'server/_core/trpc.ts': 'export declare const protectedProcedure: any;\nexport declare const router: any;\n',
    });
    const { code, stdout } = run(['check', '.', '--format', 'json'], dir);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      version: 1,
      root: '.',
      findings: [],
      suppressions: [],
      summary: { filesAnalyzed: 3, errors: 0, warnings: 0, suppressed: 0 },
    });
  });

  it('exits 2 and names the path when it does not exist', () => {
    const { code, stderr, stdout } = run(['check', 'no/such/dir', '--format', 'json'], os.tmpdir());
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('no/such/dir: no such file or directory; expected the folder of a backend to check');
  });

  it('exits 2 when the folder has no source files: nothing analysed is never green', () => {
    const { code, stderr } = run(['check', project({ 'README.md': '# hi\n' })], os.tmpdir());
    expect(code).toBe(2);
    expect(stderr).toMatch(/no source files to analyse/);
  });

  it('exits 2 on a bad config file, naming the file and key', () => {
    const dir = project({ 'server/a.ts': 'export {};\n', 'backend-guard.config.json': '{ "roles": { "router": [] } }' });
    const { code, stderr } = run(['check', dir], os.tmpdir());
    expect(code).toBe(2);
    expect(stderr).toContain('backend-guard.config.json: roles: unknown key "router"');
  });

  it('reports an unparsable file as a finding of its own and exits 2', () => {
    // ok.ts imports broken.ts so that neither is an orphan module (a no-orphans warning).
    const dir = project({ 'server/ok.ts': "import './broken';\nexport const a = 1;\n", 'server/broken.ts': 'export const = ;\n' });
    const { code, stdout, stderr } = run(['check', dir, '--format', 'json'], os.tmpdir());
    expect(code).toBe(2);
    const report = JSON.parse(stdout) as { findings: Array<Record<string, unknown>>; summary: Record<string, number> };
    expect(report.findings).toEqual([
      expect.objectContaining({ ruleId: 'parse-error', severity: 'error', file: 'server/broken.ts', line: 1, column: 13, engine: 'eslint', message: 'could not be analysed: Parsing error: Variable declaration expected.' }),
    ]);
    expect(report.summary).toEqual({ filesAnalyzed: 1, errors: 1, warnings: 0, suppressed: 0 });
    expect(stderr).toMatch(/1 file\(s\) could not be analysed/);
  });

  it("ignores the project's disable comments for rules the guard does not load", () => {
    const dir = project({
      ...ROUTER,
      'server/a.ts': "// eslint-disable-next-line @typescript-eslint/no-explicit-any\nexport const a: any = 1;\n/* eslint-disable no-console */\nimport 'zod';\n",
      'server/index.ts': "export { a } from './a';\n",
    });
    const { code, stdout } = run(['check', dir, '--format', 'json'], os.tmpdir());
    expect(code).toBe(0);
    expect(JSON.parse(stdout).findings).toEqual([]);
  });

  it('lints without types, with a warning, when the tsconfig extends a base that is not installed', () => {
    const dir = project({
      ...ROUTER,
      'tsconfig.json': '{ "extends": "@acme/tsconfig/base.json", "include": ["server"] }',
      'server/services/a.ts': "import pg from 'pg';\nexport const pool = new pg.Pool();\n",
    });
    const { code, stdout, stderr } = run(['check', dir, '--format', 'json'], os.tmpdir());
    expect(stderr).toMatch(/warning: .*tsconfig\.json: File '@acme\/tsconfig\/base\.json' not found.*linting its files without type information/);
    expect(code).toBe(1);
    expect(JSON.parse(stdout).findings).toEqual([expect.objectContaining({ ruleId: 'drizzle-only-sql', file: 'server/services/a.ts', line: 1 })]);
  });

  it("uses each package's own tsconfig in a monorepo (type information reaches nested packages)", () => {
    const files = {
      'apps/api/tsconfig.json': '{ "compilerOptions": { "strict": true, "module": "ESNext", "moduleResolution": "Bundler", "skipLibCheck": true }, "include": ["server"] }',
      'apps/api/server/lib/inputs.ts': 'export const leadInput = { parse: (value: unknown) => value as { id: string } };\n',
      'apps/api/server/routers/leads.ts':
        "import { protectedProcedure } from '../_core/trpc';\nimport { leadInput } from '../lib/inputs';\nexport const get = protectedProcedure.input(leadInput).query(({ input }) => input);\n",
      'apps/api/server/_core/trpc.ts': 'export declare const protectedProcedure: any;\n',
      'backend-guard.config.json': JSON.stringify({ roles: { server: ['apps/api/server/**'], routers: ['apps/api/server/routers/**'], trpcCore: ['apps/api/server/_core/trpc.ts'] } }),
    };
    const dir = project(files);
    const typed = run(['check', dir, '--format', 'json'], os.tmpdir());
    expect(JSON.parse(typed.stdout).findings).toEqual([
      expect.objectContaining({ ruleId: 'require-zod-input', file: 'apps/api/server/routers/leads.ts', line: 3, column: 45 }),
    ]);
    expect(typed.code).toBe(1);
    // The same finding needs types: without them the imported schema is given the benefit of the doubt.
    const untyped = run(['check', dir, '--format', 'json', '--no-types'], os.tmpdir());
    expect(untyped.code).toBe(0);
  });

  it('exits 2 on a tsconfig that cannot be read, naming it', () => {
    const dir = project({ 'tsconfig.json': '{ "compilerOptions": { ', 'server/a.ts': 'export {};\n' });
    const { code, stderr } = run(['check', dir], os.tmpdir());
    expect(code).toBe(2);
    expect(stderr).toMatch(/tsconfig\.json: .*\(fix it, or run with --no-types\)/);
  });

  it('exits 2 on usage errors with the usage text', () => {
    for (const args of [[], ['chek'], ['check', '--format', 'xml'], ['check', '--frmat', 'json'], ['check', 'a', 'b'], ['check', '--engine', 'tslint'], ['roles', '--engine', 'eslint']]) {
      const { code, stderr } = run(args, os.tmpdir());
      expect(code, args.join(' ')).toBe(2);
      expect(stderr).toMatch(/Usage: backend-guard <command>/);
    }
  });

  it('prints help and version with exit 0', () => {
    expect(run(['--help'], os.tmpdir())).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Usage: backend-guard <command>/) });
    expect(run(['--version'], os.tmpdir())).toMatchObject({ code: 0, stdout: expect.stringMatching(/^\d+\.\d+\.\d+\n$/) });
  });

  it('prints the pretty format with a summary line and what it recognised', () => {
    const dir = project({ ...ROUTER, 'server/a.ts': "import 'zod';\nexport const a = 1;\n", 'web/package.json': '{ "dependencies": { "react": "19" } }', 'web/page.tsx': "'use client';\nexport default function Page() { return null; }\n" });
    const { code, stdout } = run(['check', dir], os.tmpdir());
    expect(code).toBe(0);
    expect(stdout).toBe('✔ 4 files checked, no problems\nroles: 1 tRPC core, 1 router, 1 service; 1 not server code (backend-guard roles lists them)\n');
  });
});

describe('backend-guard check (in process)', () => {
  it('turns a crashing rule into exit 2 with the file and rule named', async () => {
    vi.resetModules();
    vi.doMock('eslint', async (importOriginal) => {
      const actual = await importOriginal<typeof import('eslint')>();
      class CrashingESLint extends actual.ESLint {
        override lintFiles(): Promise<never> {
          return Promise.reject(new Error('Cannot read properties of undefined\nOccurred while linting /x/server/a.ts:3\nRule: "backend-guard/procedure-tier"'));
        }
      }
      return { ...actual, ESLint: CrashingESLint };
    });
    const { main } = await import('../packages/cli/src/main.js');
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['check', project({ 'server/a.ts': 'export {};\n' }), '--engine', 'eslint'], {
      cwd: os.tmpdir(),
      stdout: { write: (t: string) => out.push(t) },
      stderr: { write: (t: string) => err.push(t) },
    });
    vi.doUnmock('eslint');
    expect(code).toBe(2);
    expect(out).toEqual([]);
    expect(err.join('')).toContain('a rule crashed, so the run is not trustworthy');
    expect(err.join('')).toContain('Occurred while linting /x/server/a.ts:3');
  });
});

describe('formatters', () => {
  it('github: one escaped annotation per finding, paths relative to the checkout', async () => {
    const { formatGithub } = await import('../packages/cli/src/formatters/github.js');
    const text = formatGithub({
      version: 1,
      root: 'apps/api',
      findings: [
        { ruleId: 'require-zod-input', severity: 'error', file: 'server/routers/a.ts', line: 3, column: 5, message: 'Missing input: add .input(z...)\n100%', engine: 'eslint' },
        { ruleId: 'no-orphans', severity: 'warning', file: 'server/x,y.ts', line: 1, column: 1, message: 'unreached', engine: 'dependency-cruiser' },
      ],
      suppressions: [],
      summary: { filesAnalyzed: 2, errors: 1, warnings: 1, suppressed: 0 },
    });
    expect(text).toBe(
      [
        '::error file=apps/api/server/routers/a.ts,line=3,col=5,title=backend-guard/require-zod-input::Missing input: add .input(z...)%0A100%25',
        '::warning file=apps/api/server/x%2Cy.ts,line=1,col=1,title=backend-guard/no-orphans::unreached',
        'backend-guard: 1 error(s), 1 warning(s) in 2 file(s)',
        '',
      ].join('\n'),
    );
  });

  it('pretty: groups by file and counts problems', async () => {
    const { formatPretty } = await import('../packages/cli/src/formatters/pretty.js');
    const text = formatPretty(
      {
        version: 1,
        root: '.',
        findings: [
          { ruleId: 'procedure-tier', severity: 'error', file: 'server/routers/a.ts', line: 12, column: 3, message: 'm1', engine: 'eslint' },
          { ruleId: 'tier-policy', severity: 'warning', file: 'server/routers/a.ts', line: 2, column: 10, message: 'm2', engine: 'eslint' },
        ],
        suppressions: [],
        summary: { filesAnalyzed: 4, errors: 1, warnings: 1, suppressed: 0 },
      },
      { color: false },
    );
    expect(text).toBe(
      ['server/routers/a.ts', '  12:3  error    m1  procedure-tier', '  2:10  warning  m2  tier-policy', '', '✖ 2 problems (1 error, 1 warning) in 4 files checked', ''].join('\n'),
    );
  });
});
