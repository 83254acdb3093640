// The packages as a user meets them: `npm pack` every package (its prepack builds and copies its
// doc pages), install the tarballs into a scratch project outside the repository, and run there
// the CLI, ESLint (10 and 9) with the README's eslint.config.js, and the ESLint language server an
// editor starts. One packed install shared by all of it.
//
// Nothing is downloaded: the tarballs are unpacked into the scratch project's node_modules, and the
// third-party packages they declare (dependencies and peers, nothing else) are links to the ones
// `npm ci` installed in the repository, so an undeclared import fails to resolve here as it would
// for a user. Packing happens in a copy of the repository's sources, so the repository's own
// folders never change under the tests running beside this one.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error a plain ES module without types (shared with scripts/bench/editor-latency.mjs)
import { startEslintServer } from '../scripts/lsp-client.mjs';

const REPO = path.resolve(import.meta.dirname, '..');
const PACKAGES = ['config', 'eslint-plugin', 'project-checks', 'dependency-cruiser-config', 'cli'];
const CASES = path.join(REPO, 'fixtures/cases');

interface Manifest {
  name: string;
  main?: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}
interface Finding {
  ruleId: string;
  file: string;
  line: number;
  column: number;
  severity: string;
  engine: string;
}

/** The README's `eslint.config.js`, as a user copies it. */
function readmeEslintConfig(): string {
  const readme = readFileSync(path.join(REPO, 'README.md'), 'utf8');
  const match = /`eslint\.config\.js`[^\n]*\n\n```js\n([\s\S]*?)```/.exec(readme);
  if (!match?.[1]) throw new Error('README.md: no ```js block after the `eslint.config.js` paragraph');
  return match[1];
}

let work: string;
let tarballs: string[];
let project: string;

/** Packs every package in a copy of the sources (timestamps kept, so prepack's `tsc -b` is up to date). */
function pack(): string[] {
  const copy = path.join(work, 'repo');
  for (const entry of ['package.json', 'tsconfig.json', 'tsconfig.base.json', 'LICENSE', 'rules', 'packages', 'docs', 'scripts']) {
    cpSync(path.join(REPO, entry), path.join(copy, entry), {
      recursive: true,
      preserveTimestamps: true,
      filter: (source) => !source.split(path.sep).includes('node_modules'),
    });
  }
  symlinkSync(path.join(REPO, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
  const out = path.join(work, 'tarballs');
  mkdirSync(out);
  for (const name of PACKAGES) {
    execFileSync('npm', ['pack', '--offline', '--silent', '--pack-destination', out], { cwd: path.join(copy, 'packages', name), stdio: 'pipe' });
  }
  return readdirSync(out).map((file) => path.join(out, file));
}

/** Where `npm ci` put a package the repository's workspace packages resolve. */
function installedInRepo(name: string): string {
  // Hoisted to the root, or kept beside the one workspace package that depends on it.
  const candidates = [path.join(REPO, 'node_modules', name), ...PACKAGES.map((pkg) => path.join(REPO, 'packages', pkg, 'node_modules', name))];
  const found = candidates.find((dir) => existsSync(dir));
  if (!found) throw new Error(`${name}: not installed in the repository (npm ci)`);
  return found;
}

/**
 * A project with the tarballs unpacked in its node_modules and, for third-party packages, links
 * to the repository's copies of exactly what the tarballs declare (plus `extra`, the project's own).
 */
function install(dir: string, extra: Record<string, string>): void {
  const modules = path.join(dir, 'node_modules');
  mkdirSync(modules, { recursive: true });
  const ours = new Set<string>();
  const declared = new Set<string>();
  for (const tarball of tarballs) {
    const unpack = mkdtempSync(path.join(work, 'unpack-'));
    execFileSync('tar', ['-xzf', tarball, '-C', unpack]);
    const manifest = JSON.parse(readFileSync(path.join(unpack, 'package', 'package.json'), 'utf8')) as Manifest;
    mkdirSync(path.dirname(path.join(modules, manifest.name)), { recursive: true });
    renameSync(path.join(unpack, 'package'), path.join(modules, manifest.name));
    ours.add(manifest.name);
    for (const dep of [...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})]) declared.add(dep);
  }
  const links = new Map<string, string>([...declared].filter((dep) => !ours.has(dep)).map((dep) => [dep, installedInRepo(dep)]));
  for (const [name, target] of Object.entries(extra)) links.set(name, target);
  for (const [name, target] of links) {
    mkdirSync(path.dirname(path.join(modules, name)), { recursive: true });
    symlinkSync(target, path.join(modules, name), 'dir');
  }
}

/** fixtures/cases (planted violations, declared in expected.json) as a project of its own. */
function sampleProject(name: string, eslint: string): string {
  const dir = path.join(work, name);
  cpSync(CASES, dir, { recursive: true });
  writeFileSync(path.join(dir, 'eslint.config.js'), readmeEslintConfig());
  // A disable comment naming another plugin's rule, as real code has: no "rule not found" noise.
  const router = path.join(dir, 'server/routers/leads.ts');
  writeFileSync(router, `${readFileSync(router, 'utf8')}// eslint-disable-next-line react-hooks/exhaustive-deps\nexport const untouched = 1;\n`);
  // The backend's own dependencies that the repository has installed (its types), and the ESLint.
  const own = Object.keys((JSON.parse(readFileSync(path.join(CASES, 'package.json'), 'utf8')) as Manifest).dependencies ?? {});
  const extra: Record<string, string> = { eslint, '@types/node': installedInRepo('@types/node') };
  for (const dep of own) if (existsSync(path.join(REPO, 'node_modules', dep))) extra[dep] = path.join(REPO, 'node_modules', dep);
  install(dir, extra);
  return dir;
}

const expected = JSON.parse(readFileSync(path.join(CASES, 'expected.json'), 'utf8')) as Finding[];
const eslintFindings = expected.filter((f) => !['migration-safety', 'router-mounted', 'tier-chain', 'context-once', 'no-circular', 'no-orphans'].includes(f.ruleId));
const declared = ({ ruleId, file, line, column, severity }: Finding) => ({ ruleId, file, line, column, severity });

const eslintRuns = new Map<string, ReturnType<typeof lintWithEslint>>();
/** ESLint's CLI in the project, as a user runs it (once per project: the editor test reuses it). */
function runEslint(dir: string) {
  let run = eslintRuns.get(dir);
  if (!run) {
    run = lintWithEslint(dir);
    eslintRuns.set(dir, run);
  }
  return run;
}

function lintWithEslint(dir: string) {
  const result = spawnSync(process.execPath, [path.join(dir, 'node_modules/eslint/bin/eslint.js'), '--format', 'json', '.'], { cwd: dir, encoding: 'utf8' });
  const results = JSON.parse(result.stdout) as Array<{ filePath: string; messages: Array<{ ruleId: string | null; line: number; column: number; endLine: number; endColumn: number; severity: number; message: string }> }>;
  return {
    status: result.status,
    stderr: result.stderr,
    files: results.map((r) => path.relative(dir, r.filePath).split(path.sep).join('/')),
    messages: results.flatMap((r) => r.messages.map((m) => ({ file: path.relative(dir, r.filePath).split(path.sep).join('/'), ...m }))),
  };
}

beforeAll(() => {
  work = mkdtempSync(path.join(os.tmpdir(), 'bg-pack-'));
  tarballs = pack();
  project = sampleProject('project', installedInRepo('eslint'));
}, 240_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the tarballs', () => {
  it('are self-contained: a clean entry, no build info, README, LICENSE, and the doc pages of their checks', () => {
    const modules = path.join(project, 'node_modules');
    const plugin = path.join(modules, 'eslint-plugin-backend-guard');
    expect((JSON.parse(readFileSync(path.join(plugin, 'package.json'), 'utf8')) as Manifest).main).toBe('./dist/index.js');
    expect(existsSync(path.join(plugin, 'dist/rules/index.js'))).toBe(true);
    expect(readdirSync(path.join(plugin, 'docs/rules')).length).toBe(readdirSync(path.join(REPO, 'docs/rules')).length);
    expect(readdirSync(path.join(modules, '@backend-guard/project-checks/docs/rules')).sort()).toEqual(['context-once.md', 'migration-safety.md', 'router-mounted.md', 'tier-chain.md']);
    expect(readdirSync(path.join(modules, '@backend-guard/dependency-cruiser-config/docs/rules')).sort()).toEqual(['layers.md', 'no-circular.md', 'no-orphans.md']);
    for (const name of ['eslint-plugin-backend-guard', '@backend-guard/config', '@backend-guard/cli', '@backend-guard/project-checks', '@backend-guard/dependency-cruiser-config']) {
      const files = execFileSync('find', ['.', '-type', 'f'], { cwd: path.join(modules, name), encoding: 'utf8' }).split('\n');
      expect(files, name).toContain('./README.md');
      expect(files, name).toContain('./LICENSE');
      expect(files.filter((file) => /tsbuildinfo|\.ts$/.test(file) && !file.endsWith('.d.ts')), name).toEqual([]);
    }
    // The repository's own folders are untouched by packing.
    expect(existsSync(path.join(REPO, 'packages/eslint-plugin/docs'))).toBe(false);
  });

  it("link every finding to the installed version's doc page", async () => {
    const { docsUrl } = (await import(pathToFileURL(path.join(project, 'node_modules/eslint-plugin-backend-guard/dist/index.js')).href)) as { docsUrl: (id: string) => string };
    for (const id of ['procedure-tier', 'layers', 'migration-safety']) {
      const page = fileURLToPath(docsUrl(id));
      expect(page).toBe(path.join(project, 'node_modules/eslint-plugin-backend-guard/docs/rules', `${id}.md`));
      expect(existsSync(page)).toBe(true);
    }
  });
});

describe('installed from the tarballs', () => {
  it('backend-guard check reports exactly the sample backend’s declared findings', () => {
    const result = spawnSync(process.execPath, [path.join(project, 'node_modules/@backend-guard/cli/bin/backend-guard.js'), 'check', '.', '--format', 'json'], { cwd: project, encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(1);
    expect((JSON.parse(result.stdout) as { findings: Finding[] }).findings.map(declared)).toEqual(expected.map(declared));
  }, 120_000);

  it("ESLint 10 with the README's eslint.config.js lints what the CLI lints and reports what it reports", () => {
    const { messages, files, stderr } = runEslint(project);
    expect(stderr).toBe('');
    // Only server code (not eslint.config.js, not node_modules), every file parsed, only the guard's rules.
    expect(files.filter((file) => !file.startsWith('server/') && !file.startsWith('drizzle/'))).toEqual([]);
    expect(files.every((file) => file.startsWith('server/') || file.startsWith('drizzle/'))).toBe(true);
    expect(messages.map((m) => ({ ruleId: m.ruleId?.replace('backend-guard/', ''), file: m.file, line: m.line, column: m.column, severity: m.severity === 2 ? 'error' : 'warning' }))).toEqual(
      eslintFindings.map(declared),
    );
  }, 120_000);

  it('ESLint 9 (the lowest major of the peer range) gives the same findings', () => {
    const nine = sampleProject('eslint9', installedInRepo('eslint-v9'));
    const version = (JSON.parse(readFileSync(path.join(nine, 'node_modules/eslint/package.json'), 'utf8')) as { version: string }).version;
    expect(version).toMatch(/^9\./);
    const { messages, stderr } = runEslint(nine);
    expect(stderr).toBe('');
    expect(messages.map((m) => `${m.file}:${m.line}:${m.column} ${m.ruleId}`)).toEqual(eslintFindings.map((f) => `${f.file}:${f.line}:${f.column} backend-guard/${f.ruleId}`));
  }, 120_000);
});

describe('in the editor: the ESLint language server with the README’s settings', () => {
  it('shows the guard’s diagnostics with ESLint’s ranges and doc links, and follows unsaved edits', async () => {
    const file = path.join(project, 'server/routers/leads.ts');
    const text = readFileSync(file, 'utf8');
    const { messages } = runEslint(project);
    const inFile = messages.filter((m) => m.file === 'server/routers/leads.ts');
    expect(inFile.length).toBeGreaterThan(1);
    const docs = path.join(project, 'node_modules/eslint-plugin-backend-guard/docs/rules');

    const server = await startEslintServer(project);
    try {
      server.open(file, text);
      type Diagnostic = { code: string; range: { start: { line: number; character: number }; end: { line: number; character: number } }; codeDescription?: { href: string }; message: string };
      const shown = (await server.diagnostics(file)) as Diagnostic[];
      const asLsp = inFile.map((m) => ({
        code: m.ruleId,
        range: { start: { line: m.line - 1, character: m.column - 1 }, end: { line: m.endLine - 1, character: m.endColumn - 1 } },
        codeDescription: { href: pathToFileURL(path.join(docs, `${m.ruleId!.replace('backend-guard/', '')}.md`)).href },
        message: m.message,
      }));
      expect(shown.map(({ code, range, codeDescription, message }) => ({ code, range, codeDescription, message })), server.log.join('\n')).toEqual(asLsp);

      // Typing: a line above shifts every finding down one line; a procedure with `z.any()` adds one.
      const edited = `// typing…\n${text}\nexport const extra = publicProcedure.input(z.any()).query(() => 1);\n`;
      server.change(file, edited);
      const after = (await server.diagnostics(file)) as Diagnostic[];
      const added = after.filter((d) => d.range.start.line === edited.split('\n').length - 2);
      expect(added.map((d) => d.code)).toContain('backend-guard/require-zod-input');
      expect(after.filter((d) => !added.includes(d)).map((d) => d.range.start.line)).toEqual(asLsp.map((d) => d.range.start.line + 1));

      // Undone: back to what the file on disk shows.
      server.change(file, text);
      expect(((await server.diagnostics(file)) as Diagnostic[]).map((d) => d.range)).toEqual(asLsp.map((d) => d.range));
    } finally {
      await server.close();
    }
  }, 120_000);
});
