// The dependency-cruiser preset and engine: role globs become the regexes dependency-cruiser
// takes, plain `depcruise` with a user's config extending the preset agrees with
// `backend-guard check`, and a project's own .dependency-cruiser.* is honoured.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { check, type Finding } from '@backend-guard/cli';
import { DEFAULT_ROLES, importsAreConstrained, LAYER_MATRIX, LAYER_TARGETS, layerViolation, ROLE_NAMES, parseConfig, routerRoots, type RoleName } from '@backend-guard/config';
import { alternation, createRules, filesPerFolder, globsToRegex, layoutOf, rolePaths } from '@backend-guard/dependency-cruiser-config';
import type { ICruiseResult } from 'dependency-cruiser';
import picomatch from 'picomatch';
import { scratchDir } from './_utils/project.js';
import { afterAll, describe, expect, it } from 'vitest';

const REPO = path.resolve(import.meta.dirname, '..');
const CASES = path.join(REPO, 'fixtures/cases');
const DEPCRUISE = path.join(REPO, 'node_modules/.bin/depcruise');
const SCRATCH = path.join(REPO, '.tmp/dependency-cruiser');

afterAll(() => rmSync(SCRATCH, { recursive: true, force: true }));

const SAMPLE_PATHS = [
  'server/_core/trpc.ts', 'server/_core/env.ts', 'server/_core/index.ts', 'server/_core/auth.ts', 'server/routers.ts',
  'server/routers/leads.ts', 'server/routers/admin/users.ts', 'server/services/leads.ts', 'server/adapters/_resilience.ts',
  'server/webhooks/index.ts', 'server/lib/pagination.ts', 'server/db.ts', 'server/db/schema.ts', 'server/db/client.ts',
  'drizzle/schema.ts', 'drizzle/schema/crm.ts', 'drizzle/0000_init.sql', 'drizzle/meta/_journal.json', 'server/jobs/definitions.ts',
  'server/services/leads.test.ts', 'server/__tests__/x.ts', 'tests/setup.ts', 'src/schema/index.ts', 'server', 'serverless/x.ts',
  'client/routers/leads.ts', 'server/.hidden/x.ts', 'server/routers.test.ts', 'server/routers/admin/index.ts',
  'server/routers/admin/schema.ts', 'server/routers/admin/sub/x.ts', 'server/routers/billing/index.ts', 'server/routers/tags.ts',
  'server/routers/billing/helpers.ts', 'server/routers/admin/sub/index.ts',
];

describe('role globs as dependency-cruiser regexes', () => {
  // Server code has no default globs: it is inferred (tests/roles.test.ts).
  it.each(ROLE_NAMES.filter((role) => DEFAULT_ROLES[role].length > 0))('role %s: the regex matches exactly the paths picomatch matches', (role) => {
    const globs = DEFAULT_ROLES[role];
    const regex = new RegExp(globsToRegex(globs)!);
    const isMatch = picomatch([...globs], { dot: true });
    for (const sample of SAMPLE_PATHS) expect(regex.test(sample), `${role}: ${sample}`).toBe(isMatch(sample));
  });

  it('braces, character classes and ? are converted', () => {
    const regex = new RegExp(globsToRegex(['src/{api,server}/**/*.[jt]s', 'x?.ts'])!);
    expect(['src/api/a/b.ts', 'src/server/c.js', 'xa.ts'].map((p) => regex.test(p))).toEqual([true, true, true]);
    expect(['src/web/a.ts', 'src/api/a.tsx', 'xab.ts'].map((p) => regex.test(p))).toEqual([false, false, false]);
  });

  it('folder wildcards in the middle match what picomatch matches', () => {
    const globs = ['packages/*/src/**/*.ts', 'apps/**/routers/**', 'x/**'];
    const regex = new RegExp(globsToRegex(globs)!);
    const isMatch = picomatch(globs, { dot: true });
    const samples = ['packages/api/src/a.ts', 'packages/api/src/a/b/c.ts', 'packages/api/lib/a.ts', 'packages/src/a.ts', 'apps/routers/a.ts',
      'apps/web/routers/a/b.ts', 'apps/web/routersx/a.ts', 'x', 'x/y', 'xy/z'];
    for (const sample of samples) expect(regex.test(sample), sample).toBe(isMatch(sample));
  });

  it('files added by name form one factored alternation that matches exactly them', () => {
    const files = ['server/routers/a.ts', 'server/routers/a.tsx', 'server/routers/b+c.ts', 'server/db.ts', 'x', 'x/y', 'lib/(group)/[id].ts'];
    const regex = new RegExp(`^${alternation(files)}$`);
    for (const file of files) expect(regex.test(file), file).toBe(true);
    const others = ['server/routers/a', 'server/routers/ats', 'server/routers/b.ts', 'server/routers', 'server/db.tsx', 'server/dbxts', 'x/', 'x/y/z', 'y', 'lib/group/id.ts'];
    for (const file of others) expect(regex.test(file), file).toBe(false);
    expect(alternation(files)).toMatch(/^\(\?:server\/\(\?:routers\//);
  });

  it('a folder whose every file on disk is listed becomes the folder; a folder with others stays by name', () => {
    const root = scratchDir('bg-census-');
    const onDisk = ['server/routers/a.ts', 'server/routers/b.ts', 'server/routers/deep/c.ts', 'server/db.ts', 'server/README.md', 'server/jobs/x.ts', 'server/jobs/y.ts'];
    for (const file of onDisk) {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), '');
    }
    mkdirSync(path.join(root, 'server/jobs/node_modules/p'), { recursive: true });
    writeFileSync(path.join(root, 'server/jobs/node_modules/p/index.js'), '');
    const listed = ['server/routers/a.ts', 'server/routers/b.ts', 'server/routers/deep/c.ts', 'server/db.ts', 'server/jobs/x.ts', 'server/jobs/y.ts'];
    const folders = filesPerFolder(root);
    expect(folders.get('server/routers')).toBe(3);
    expect(folders.get('server/jobs')).toBe(Number.POSITIVE_INFINITY);
    const source = alternation(listed, folders);
    expect(source).toBe('server/(?:routers/.+|db\\.ts|jobs/(?:x\\.ts|y\\.ts))');
    const regex = new RegExp(`^${source}$`);
    for (const file of [...onDisk, 'server/jobs/node_modules/p/index.js']) expect(regex.test(file), file).toBe(listed.includes(file));
  });

  it('a file whose role no glob gives is added by name when the files are known', () => {
    const config = parseConfig({ roles: { services: ['server/services/**'] } }, 'test');
    const paths = rolePaths(config, '/project', ['/project/server/services/a.ts']);
    expect(new RegExp(paths.services!).test('server/services/a.ts')).toBe(true);
    expect(paths.services).toBe(globsToRegex(['server/services/**']));
  });
});

describe('the layer rules are the matrix', () => {
  // The seed's folders for server code, so every sample's roles come from globs.
  const config = parseConfig({ roles: { server: ['server/**', 'drizzle/**'] } }, 'test');
  const paths = rolePaths(config, '/project');
  const layerRules = createRules(paths, layoutOf(config)).filter((rule) => rule.name.startsWith('layers-'));
  const roots = routerRoots(config.roles.routers);
  const roleSets = SAMPLE_PATHS.map((sample) => {
    const roles = new Set(ROLE_NAMES.filter((role) => picomatch([...config.roles[role]], { dot: true })(sample)));
    if (roles.has('schema')) roles.delete('db');
    if (roles.has('tests')) roles.delete('server');
    return [sample, roles] as const;
  });
  const matches = (regex: string | string[] | undefined, sample: string) =>
    regex === undefined ? false : [regex].flat().some((source) => new RegExp(source).test(sample));

  it('one rule per importing layer, plus the router importers rule, each with a comment quoting the document', () => {
    expect(layerRules.map((rule) => rule.name)).toEqual([
      ...LAYER_MATRIX.map((rule) => `layers-${rule.from}`),
      'layers-router-to-router',
      'layers-router-importers',
    ]);
    for (const rule of layerRules) expect(rule.comment).toContain('Canonical Architecture Patterns');
  });

  it('for every pair of sample files, a layers-* rule matches exactly when layerViolation says so', () => {
    for (const [from, fromRoles] of roleSets) {
      for (const [to, toRoles] of roleSets) {
        const verdict = layerViolation(fromRoles, toRoles, { from, to, routerRoots: roots }) !== undefined;
        const ruled = layerRules.some((rule) => {
          const { from: f, to: t } = rule as { from: { path?: string; pathNot?: string }; to: { path?: string; pathNot?: string } };
          return matches(f.path, from) && !matches(f.pathNot, from) && matches(t.path, to) && !matches(t.pathNot, to);
        });
        expect(ruled, `${from} → ${to}`).toBe(verdict);
      }
    }
  });

  it('a file whose imports are not constrained (a test, the app router, the Hono entry) has no violation, whatever it imports', () => {
    const unconstrained = [...roleSets].filter(([, roles]) => !importsAreConstrained(roles));
    expect(unconstrained.map(([file]) => file)).toEqual(expect.arrayContaining(['server/routers.ts', 'server/_core/index.ts', 'tests/setup.ts']));
    for (const [from, fromRoles] of unconstrained) {
      for (const [to, toRoles] of roleSets) expect(layerViolation(fromRoles, toRoles, { from, to, routerRoots: roots }), `${from} → ${to}`).toBeUndefined();
    }
    // The importing layers of the matrix are held to it.
    const constrained = new Set(roleSets.filter(([, roles]) => importsAreConstrained(roles)).map(([file]) => file));
    for (const file of ['server/routers/leads.ts', 'server/services/leads.ts', 'server/adapters/_resilience.ts', 'server/webhooks/index.ts']) expect(constrained, file).toContain(file);
  });

  it('every layer target is a role', () => {
    for (const role of LAYER_TARGETS) expect(ROLE_NAMES).toContain(role satisfies RoleName);
  });
});

/** The string literal at a finding's position: the specifier the ESLint rule reported. */
function specifierAt(root: string, finding: Pick<Finding, 'file' | 'line' | 'column'>): string {
  const line = readFileSync(path.join(root, finding.file), 'utf8').split('\n')[finding.line - 1] ?? '';
  const quote = line[finding.column - 1];
  return line.slice(finding.column, line.indexOf(quote!, finding.column));
}

describe('plain depcruise with a user config extending the preset, against backend-guard check', () => {
  it('fixtures/cases: the same layer violations and the same cycles', async () => {
    const run = spawnSync(DEPCRUISE, ['--config', '.dependency-cruiser.cjs', '--output-type', 'json', 'server', 'drizzle'], {
      cwd: CASES,
      encoding: 'utf8',
    });
    expect(run.error).toBeUndefined();
    expect(run.stderr).toBe('');
    const cruised = JSON.parse(run.stdout) as ICruiseResult;
    const modules = new Map(cruised.modules.map((module) => [module.source, module]));
    const violations = cruised.summary.violations;

    const depcruiseLayers = violations
      .filter((v) => v.rule.name.startsWith('layers-'))
      .map((v) => `${v.from} ${modules.get(v.from)!.dependencies.find((d) => d.resolved === v.to)!.module}`)
      .sort();
    const { report } = await check({ path: 'fixtures/cases', cwd: REPO, types: false, baseline: false });
    const guardLayers = report.findings.filter((f) => f.ruleId === 'layers').map((f) => `${f.file} ${specifierAt(CASES, f)}`).sort();
    expect(guardLayers.length).toBeGreaterThanOrEqual(2);
    expect(depcruiseLayers).toEqual(guardLayers);

    // dependency-cruiser lists a cycle at each of its imports; the guard reports it once, at its first module.
    const cycleFirsts = new Set(
      violations.filter((v) => v.rule.name === 'no-circular').map((v) => [v.from, ...(v.cycle ?? []).map((s) => s.name)].sort()[0]),
    );
    const guardCycles = report.findings.filter((f) => f.ruleId === 'no-circular').map((f) => f.file);
    expect(guardCycles.length).toBeGreaterThanOrEqual(2);
    expect(guardCycles.sort()).toEqual([...cycleFirsts].sort());

    const orphans = violations.filter((v) => v.rule.name === 'no-orphans').map((v) => v.from).sort();
    expect(report.findings.filter((f) => f.ruleId === 'no-orphans').map((f) => f.file)).toEqual(orphans);
  }, 120_000);
});

function project(name: string, files: Record<string, string>): string {
  const root = path.join(SCRATCH, name);
  rmSync(root, { recursive: true, force: true });
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return path.relative(REPO, root);
}

/** A Drizzle db module: the check fails closed on a folder where it finds no router and no db. */
const DB_MODULE = {
  'server/db.ts': "import { drizzle } from 'drizzle-orm/pglite';\nexport const db = drizzle();\n",
  'package.json': JSON.stringify({ dependencies: { 'drizzle-orm': '*' } }),
};

const located = (findings: Finding[]) => findings.map(({ ruleId, severity, file, line, column, engine }) => ({ ruleId, severity, file, line, column, engine }));

describe('the dependency-cruiser engine', () => {
  it("honours a project's own .dependency-cruiser.json: its rules report, a preset rule of the same name takes its severity", async () => {
    const root = project('own-rules', {
      '.dependency-cruiser.json': JSON.stringify({
        forbidden: [
          { name: 'no-orphans', severity: 'error' },
          { name: 'services-not-to-legacy', severity: 'warn', comment: 'Legacy helpers are frozen.', from: { path: '^server/services' }, to: { path: '^server/legacy' } },
        ],
      }),
      'server/services/leads.ts': "import { old } from '../legacy/format';\n\nexport const label = (x: string) => old(x);\n",
      'server/legacy/format.ts': 'export const old = (x: string) => x;\n',
      'server/lib/unused.ts': 'export const unused = 1;\n',
      ...DB_MODULE,
    });
    const { report } = await check({ path: root, cwd: REPO, types: false, baseline: false });
    expect(located(report.findings)).toEqual([
      { ruleId: 'no-orphans', severity: 'error', file: 'server/lib/unused.ts', line: 1, column: 1, engine: 'dependency-cruiser' },
      { ruleId: 'services-not-to-legacy', severity: 'warning', file: 'server/services/leads.ts', line: 1, column: 21, engine: 'dependency-cruiser' },
    ]);
    expect(report.findings[1]!.message).toContain('Legacy helpers are frozen.');
  }, 60_000);

  it('reports a cycle of three modules once, at the import of its first module, naming the cycle', async () => {
    const root = project('cycle', {
      'server/services/b.ts': "import { c } from './c';\nexport const b = () => c();\n",
      'server/services/c.ts': "import { a } from './a';\nexport const c = () => a();\n",
      'server/services/a.ts': "// first\nimport type { T } from './c';\nimport { b } from './b';\nexport const a = (): T => b() as T;\n",
      ...DB_MODULE,
    });
    const { report } = await check({ path: root, cwd: REPO, types: false, baseline: false });
    expect(located(report.findings)).toEqual([
      { ruleId: 'no-circular', severity: 'error', file: 'server/services/a.ts', line: 3, column: 19, engine: 'dependency-cruiser' },
    ]);
    expect(report.findings[0]!.message).toBe(
      'Import cycle a.ts → b.ts → c.ts → a.ts; move what they share into a module both import.',
    );
  }, 60_000);

  it('accepts role globs with folders wildcards in the middle, braces and classes (dependency-cruiser refuses unsafe regexes)', async () => {
    const root = project('globs', {
      'backend-guard.config.json': JSON.stringify({
        roles: {
          server: ['packages/*/src/**/*.ts'],
          routers: ['packages/api/src/{router,routes}/**/*.ts'],
          adapters: ['packages/api/src/**/clients/[a-z]*.ts'],
        },
      }),
      'packages/api/src/router/deep/leads.ts': "import { crm } from '../../clients/crm';\nexport const leads = () => crm();\n",
      'packages/api/src/clients/crm.ts': 'export const crm = () => 1;\n',
    });
    const { report } = await check({ path: root, cwd: REPO, types: false, baseline: false });
    expect(located(report.findings)).toEqual([
      { ruleId: 'layers', severity: 'error', file: 'packages/api/src/router/deep/leads.ts', line: 1, column: 21, engine: 'oxlint' },
    ]);
  }, 60_000);

  it('a project config dependency-cruiser cannot read fails the run (exit 2), never a silent pass', async () => {
    const root = project('broken', {
      '.dependency-cruiser.cjs': "module.exports = { extends: './missing-base.cjs' };\n",
      'server/services/a.ts': 'export const a = 1;\n',
    });
    await expect(check({ path: root, cwd: REPO, types: false, baseline: false })).rejects.toThrow(/dependency-cruiser engine crashed[\s\S]*\.dependency-cruiser\.cjs/);
  }, 60_000);
});
