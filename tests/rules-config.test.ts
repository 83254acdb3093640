// The config's `rules` key is one place for the editor and the gate: the same file changes the
// CLI's findings and the editor's diagnostics the same way.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '@backend-guard/config';
import { ESLint } from 'eslint';
import backendGuard from 'eslint-plugin-backend-guard';
import { describe, expect, it } from 'vitest';
import { scratchDir, STUB_BASE } from './_utils/project.js';

const REPO = path.resolve(import.meta.dirname, '..');
const BIN = path.join(REPO, 'packages/cli/bin/backend-guard.js');

const ROUTER = `import { publicProcedure, router } from '../_core/trpc';
export const leadsRouter = router({
  list: publicProcedure.query(() => []),
  create: publicProcedure.mutation(() => true),
});
`;

function backend(config: object): string {
  mkdirSync(path.join(REPO, '.tmp'), { recursive: true });
  const dir = scratchDir('rules-config-', path.join(REPO, '.tmp'));
  const files: Record<string, string> = {
    ...STUB_BASE,
    'server/routers/leads.ts': ROUTER,
    'backend-guard.config.json': JSON.stringify(config),
  };
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

type Seen = Array<{ ruleId: string; severity: string; line: number; column: number }>;

function fromCli(dir: string): Seen {
  const result = spawnSync(process.execPath, [BIN, 'check', '.', '--format', 'json', '--no-types'], { cwd: dir, encoding: 'utf8' });
  const report = JSON.parse(result.stdout) as { findings: Seen };
  return report.findings.map(({ ruleId, severity, line, column }) => ({ ruleId, severity, line, column }));
}

async function fromEditor(dir: string): Promise<Seen> {
  const { config } = await loadConfig(dir);
  const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: [backendGuard.createConfigs({ config, root: dir }).recommended] });
  const [result] = await eslint.lintFiles(['server/routers/leads.ts']);
  return result!.messages
    .map((m) => ({ ruleId: m.ruleId!.replace('backend-guard/', ''), severity: m.severity === 2 ? 'error' : 'warning', line: m.line, column: m.column }))
    .sort((a, b) => a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId));
}

describe('rules in backend-guard.config', () => {
  it('turns a rule off, a rule to a warning and sets options, in the CLI and the editor alike', async () => {
    const defaults = backend({});
    expect(fromCli(defaults).map((f) => `${f.ruleId}:${f.severity}`)).toEqual([
      'require-zod-input:error',
      'tier-policy:error',
      'require-zod-input:error',
    ]);

    const configured = backend({ rules: { 'require-zod-input': ['error', { allowArgumentlessQueries: true }], 'backend-guard/tier-policy': 'warn' } });
    const cli = fromCli(configured);
    expect(cli).toEqual([
      { ruleId: 'tier-policy', severity: 'warning', line: 4, column: 11 },
      { ruleId: 'require-zod-input', severity: 'error', line: 4, column: 27 },
    ]);
    expect(await fromEditor(configured)).toEqual(cli);

    const off = backend({ rules: { 'require-zod-input': 'off', 'tier-policy': 'off' } });
    expect(fromCli(off)).toEqual([]);
    expect(await fromEditor(off)).toEqual([]);
  }, 60_000);

  it('rejects options a rule does not take and an unknown id, naming the key, in both', async () => {
    const badOptions = backend({ rules: { 'require-zod-input': ['error', { allowArgumentless: true }] } });
    const cli = spawnSync(process.execPath, [BIN, 'check', '.'], { cwd: badOptions, encoding: 'utf8' });
    expect(cli.status).toBe(2);
    expect(cli.stderr).toContain('rules["require-zod-input"]: options[0]: unknown option "allowArgumentless"');
    await expect(fromEditor(badOptions)).rejects.toThrow('unknown option "allowArgumentless"');

    const typo = backend({ rules: { 'require-zod-inputs': 'off' } });
    const typoRun = spawnSync(process.execPath, [BIN, 'check', '.'], { cwd: typo, encoding: 'utf8' });
    expect(typoRun.status).toBe(2);
    expect(typoRun.stderr).toContain('"require-zod-inputs" is not a backend-guard check; did you mean "require-zod-input"?');
  }, 60_000);
});
