// The two hosts of the file-level rules over whole backends: the oxlint engine and the ESLint engine
// must report the same findings (rule, file, line, column, message, severity) and the same
// suppressions on fixtures/cases (planted violations, with types) and on inline comments of every
// kind. fixtures/backend is held clean on the default engine by tests/integration/reference-backend
// and on ESLint by the mutation suite's baselines. The whole-project engines are left out: the
// same code runs under both.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { selectFiles } from '../packages/cli/dist/check.js';
import { runEslintEngine } from '../packages/cli/dist/engines/eslint.js';
import type { EngineResult } from '../packages/cli/dist/engines/index.js';
import { lintWithOxlint, runOxlintEngine } from '../packages/cli/dist/engines/oxlint.js';

const REPO = path.resolve(import.meta.dirname, '..');

async function both(target: string, types: boolean): Promise<{ eslint: EngineResult; oxlint: EngineResult; warnings: string[] }> {
  const { root, config, files } = await selectFiles(REPO, target);
  const warnings: string[] = [];
  const input = { root, config, files, types, warn: (message: string) => warnings.push(message) };
  return { eslint: await runEslintEngine(input), oxlint: await runOxlintEngine(input), warnings };
}

const comparable = (result: EngineResult) => ({
  findings: result.findings
    .map(({ ruleId, severity, file, line, column, message }) => ({ ruleId, severity, file, line, column, message }))
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId)),
  suppressions: [...(result.suppressions ?? [])].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line),
  filesAnalyzed: result.filesAnalyzed,
  unanalysed: result.unanalysed,
});

const scratch = path.join(REPO, '.tmp');
mkdirSync(scratch, { recursive: true });
const work = mkdtempSync(path.join(scratch, 'engines-parity-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('oxlint and ESLint engines report the same', () => {
  it('on fixtures/cases with types: findings and suppressions', async () => {
    const { eslint, oxlint } = await both('fixtures/cases', true);
    expect(eslint.findings.length).toBeGreaterThan(40);
    expect(comparable(oxlint)).toEqual(comparable(eslint));
    // Most of it on oxlint; the file with an inline rule comment on ESLint, named as such.
    expect(oxlint.findings.filter((f) => f.engine === 'oxlint').length).toBeGreaterThan(eslint.findings.length / 2);
  }, 120_000);

  it('on inline comments (disables with and without reasons, unused ones, rule comments), parse errors and typed questions after non-ASCII text', async () => {
    const root = path.join(work, 'comments');
    const files: Record<string, string> = {
      'backend-guard.config.json': JSON.stringify({ inlineDisables: 'require-reason' }),
      'server/services/a.ts': [
        "import pg from 'pg'; // eslint-disable-line backend-guard/drizzle-only-sql -- the migration runner",
        "// eslint-disable-next-line backend-guard/drizzle-only-sql",
        "import postgres from 'postgres';",
        '/* eslint-disable backend-guard/env-via-schema -- read before the env module exists */',
        'export const url = process.env.DATABASE_URL;',
        '/* eslint-enable backend-guard/env-via-schema */',
        '// eslint-disable-next-line backend-guard/require-where -- nothing here to suppress',
        'export const b = process.env.B;',
        'export { pg, postgres };',
      ].join('\n'),
      'server/services/b.ts': "/* eslint backend-guard/drizzle-only-sql: \"off\" */\nimport pg from 'pg';\nexport { pg };\n",
      'server/services/c.ts': "const s = 'héllo 😀'; export const k = process.env.K; // eslint-disable-line backend-guard/env-via-schema -- é\nexport { s };\n",
      'server/services/broken.ts': 'export const = ;\n',
      // Only types tell that `query` is a string: oxlint's UTF-16 ranges must map to TypeScript's nodes.
      'server/services/d.ts': [
        "import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';",
        "export const greeting = 'héllo 😀 ünïcödé';",
        'export const run = (db: PgDatabase<PgQueryResultHKT>, query: string) => db.execute(query);',
      ].join('\n'),
      'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, module: 'ESNext', moduleResolution: 'Bundler', noEmit: true, types: [] }, include: ['server'] }),
    };
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      writeFileSync(path.join(root, name), text);
    }
    const { eslint, oxlint, warnings } = await both(root, true);
    expect(comparable(oxlint)).toEqual(comparable(eslint));
    const ids = comparable(eslint).findings.map((f) => f.ruleId);
    for (const id of ['drizzle-only-sql', 'env-via-schema', 'unused-disable', 'inline-config', 'parse-error', 'no-unsafe-sql']) expect(ids, id).toContain(id);
    expect(eslint.suppressions?.length).toBeGreaterThanOrEqual(2);
    // The file oxlint could not parse went to ESLint, and the run said so.
    expect(warnings.some((w) => w.includes('oxlint could not parse 1 file(s); ESLint analysed them: server/services/broken.ts'))).toBe(true);
    expect(oxlint.findings.find((f) => f.ruleId === 'inline-config')?.engine).toBe('eslint');
  }, 120_000);

  it('a rule that throws under oxlint fails the run (exit 2), naming the file and the error', async () => {
    const root = path.join(work, 'crash');
    const file = path.join(root, 'server/services/a.ts');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, 'export const a = process.env.A;\n');
    // Settings the rules reject: the rule's create throws, as a crashing rule does.
    const run = lintWithOxlint(root, [file], { rules: { 'backend-guard/env-via-schema': 'error' } }, { settings: { 'backend-guard': { bogus: true } } });
    await expect(run).rejects.toThrow(/a rule crashed, so the run is not trustworthy:\n[^]*server\/services\/a\.ts[^]*unknown key "bogus"/);
  }, 60_000);
});
