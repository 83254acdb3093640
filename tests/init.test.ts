// `backend-guard init` and `backend-guard roles` as a user runs them, in a layout of the user's own.
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { detectTiers } from '@backend-guard/cli/init';
import { parse } from '@typescript-eslint/typescript-estree';
import { project, run } from './_utils/project.js';
import { describe, expect, it } from 'vitest';



const CORE = `import { initTRPC, TRPCError } from '@trpc/server';
const t = initTRPC.context<{ user?: { role: string } }>().create();
export const router = t.router;
export const anonymousProcedure = t.procedure;
export const memberProcedure = anonymousProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED' });
  return next();
});
export const staffProcedure = memberProcedure.use(({ next }) => next());
`;
const ROUTER = `import { z } from 'zod';
import { memberProcedure, router } from '../trpc/init';
export const notesRouter = router({
  list: memberProcedure.input(z.object({})).query(() => []),
});
`;
const OWN_TIERS = { 'backend-guard.config.json': JSON.stringify({ tiers: ['anonymousProcedure', 'memberProcedure', 'staffProcedure'] }) };
const OWN_LAYOUT = {
  'package.json': '{\n    "name": "api",\n    "type": "module",\n    "dependencies": { "hono": "4", "@trpc/server": "11" }\n}\n',
  'src/trpc/init.ts': CORE,
  'src/routes/notes.ts': ROUTER,
};

describe('detectTiers', () => {
  it('orders tiers by derivation from the raw builder, ignoring other exports', () => {
    const program = parse(`${CORE}export const schemaBuilder = z.object({}).input(x);\nexport const shared = memberProcedure.input(x);\n`);
    expect(detectTiers([program])).toEqual(['anonymousProcedure', 'memberProcedure', 'staffProcedure']);
  });
});

describe('backend-guard init', () => {
  it('writes the config with the detected tiers, the ESLint config and the script, then changes nothing on a second run', () => {
    const dir = project(OWN_LAYOUT);
    const first = run(['init', '.'], dir);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('detected 2 server files: 1 tRPC core, 0 app router, 1 routers, 0 db module');
    expect(first.stdout).toContain('wrote backend-guard.config.json (tiers: anonymousProcedure → memberProcedure → staffProcedure)');
    expect(JSON.parse(readFileSync(path.join(dir, 'backend-guard.config.json'), 'utf8'))).toEqual({
      $schema: './node_modules/@backend-guard/config/schema.json',
      tiers: ['anonymousProcedure', 'memberProcedure', 'staffProcedure'],
    });
    expect(readFileSync(path.join(dir, 'eslint.config.js'), 'utf8')).toContain('backendGuard.createConfigs({ config, root: import.meta.dirname, lazyTypes: true, standalone: true })');
    // The package.json keeps its four-space indentation.
    expect(readFileSync(path.join(dir, 'package.json'), 'utf8')).toBe(
      '{\n    "name": "api",\n    "type": "module",\n    "dependencies": {\n        "hono": "4",\n        "@trpc/server": "11"\n    },\n    "scripts": {\n        "lint:check": "backend-guard check ."\n    }\n}\n',
    );
    const before = ['backend-guard.config.json', 'eslint.config.js', 'package.json'].map((f) => readFileSync(path.join(dir, f), 'utf8'));
    const second = run(['init', '.'], dir);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('kept backend-guard.config.json');
    expect(second.stdout).toContain('kept eslint.config.js');
    expect(second.stdout).toContain('kept the lint:check script');
    expect(['backend-guard.config.json', 'eslint.config.js', 'package.json'].map((f) => readFileSync(path.join(dir, f), 'utf8'))).toEqual(before);
    // What init wrote is what check then uses: the renamed tiers are known.
    const checked = run(['check', '.', '--format', 'json', '--no-types'], dir);
    expect(checked.code).toBe(0);
    expect(JSON.parse(checked.stdout).findings).toEqual([]);
  });

  it('never overwrites an ESLint config of its own without --force; prints the lines to add', () => {
    const dir = project({ ...OWN_LAYOUT, 'eslint.config.mjs': 'export default [];\n' });
    const result = run(['init', '.'], dir);
    expect(result.stdout).toContain('eslint.config.mjs exists and is not edited (--force replaces it); add these lines:');
    expect(readFileSync(path.join(dir, 'eslint.config.mjs'), 'utf8')).toBe('export default [];\n');
    const forced = run(['init', '.', '--force'], dir);
    expect(forced.stdout).toContain('replaced eslint.config.mjs (--force; the old one is eslint.config.mjs.bak)');
    expect(readFileSync(path.join(dir, 'eslint.config.mjs.bak'), 'utf8')).toBe('export default [];\n');
    expect(readFileSync(path.join(dir, 'eslint.config.mjs'), 'utf8')).toContain('eslint-plugin-backend-guard');
  });

  it('writes only the schema reference when the defaults fit, and leaves a lint:check of its own alone', () => {
    const dir = project({
      'package.json': JSON.stringify({ scripts: { 'lint:check': 'eslint .' }, dependencies: { hono: '4' } }),
      'server/_core/trpc.ts': CORE.replace(/anonymousProcedure/g, 'publicProcedure')
        .replace(/memberProcedure/g, 'protectedProcedure')
        .replace(/staffProcedure/g, 'mentoradoProcedure')
        .concat('export const adminProcedure = protectedProcedure.use(({ next }) => next());\n'),
    });
    const result = run(['init', '.'], dir);
    expect(JSON.parse(readFileSync(path.join(dir, 'backend-guard.config.json'), 'utf8'))).toEqual({ $schema: './node_modules/@backend-guard/config/schema.json' });
    expect(result.stdout).toContain('package.json has a lint:check script of its own ("eslint ."): add `&& backend-guard check .` to it');
    expect(result.stdout).toContain('no tRPC router and no Drizzle db recognised');
  });

  it('exits 2 on a folder that does not exist, writing nothing', () => {
    const result = run(['init', 'nope'], os.tmpdir());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('nope: no such folder');
    expect(existsSync(path.join(os.tmpdir(), 'nope'))).toBe(false);
  });
});

describe('backend-guard roles', () => {
  it('prints each file with its roles and why, and what is not server code', () => {
    const dir = project({ ...OWN_LAYOUT, 'src/routes/notes.test.ts': ROUTER, 'vite.config.ts': 'export default {};\n' });
    const { code, stdout } = run(['roles', '.'], dir);
    expect(code).toBe(0);
    expect(stdout).toContain('src/routes/notes.ts  routers (builds tRPC procedures)');
    expect(stdout).toContain('src/trpc/init.ts     trpcCore (creates initTRPC or defines a tier builder)');
    expect(stdout).toMatch(/a test \(roles\.tests\): 1\n\s+src\/routes\/notes\.test\.ts/);
    const json = JSON.parse(run(['roles', '.', '--format', 'json'], dir).stdout);
    expect(json.files).toContainEqual({ file: 'src/routes/notes.ts', roles: [{ role: 'server', via: 'inferred', detail: 'not client code, a test or tooling' }, { role: 'routers', via: 'content', detail: 'builds tRPC procedures' }] });
    expect(json.notServer).toContainEqual({ file: 'vite.config.ts', why: "tooling at a package's root (not an entry point)" });
  });
});

describe('backend-guard check fails closed on a backend it does not recognise', () => {
  it('exits 2 and says how to map the layout when no router and no db is found', () => {
    const dir = project({ 'package.json': '{}', 'src/api/notes.ts': "import { handle } from './handle';\nexport const notes = handle('notes');\n" });
    const { code, stdout, stderr } = run(['check', '.'], dir);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/no tRPC router and no Drizzle db found in 1 server files/);
    expect(stderr).toMatch(/backend-guard init.*backend-guard roles.*roles/);
  });

  it('a broken frontend file and a scratch script at the root cannot fail the backend check', () => {
    const dir = project({
      ...OWN_LAYOUT,
      ...OWN_TIERS,
      'scratch.ts': 'const = broken;\n',
      'web/package.json': JSON.stringify({ dependencies: { react: '19' } }),
      'web/src/app.test.ts': 'const a = <div>not ts</div>;\n',
      'web/src/App.tsx': 'export const App = () => <div>{</div>;\n',
    });
    const { code, stdout } = run(['check', '.', '--format', 'json', '--no-types'], dir);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).summary.filesAnalyzed).toBe(2);
  });

  it('a server file that does not parse is still exit 2, naming the file', () => {
    const dir = project({ ...OWN_LAYOUT, ...OWN_TIERS, 'src/routes/broken.ts': 'export const = ;\n' });
    const { code, stdout } = run(['check', '.', '--format', 'json', '--no-types'], dir);
    expect(code).toBe(2);
    expect(JSON.parse(stdout).findings).toEqual([expect.objectContaining({ ruleId: 'parse-error', file: 'src/routes/broken.ts' })]);
  });
});
