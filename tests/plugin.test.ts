import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ESLint, type Linter } from 'eslint';
import plugin, { createConfigs, docsUrl } from 'eslint-plugin-backend-guard';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';

const ids = Object.keys(rules);

describe('eslint-plugin-backend-guard', () => {
  it('rules/index.ts lists exactly the rule files', () => {
    expect(() =>
      execFileSync(process.execPath, [path.resolve(import.meta.dirname, '../scripts/generate-rules-index.mjs'), '--check'], { stdio: 'pipe' }),
    ).not.toThrow();
  });

  it('exposes every rule and its meta', () => {
    expect(Object.keys(plugin.rules).sort()).toEqual([...ids].sort());
    expect(plugin.meta.name).toBe('eslint-plugin-backend-guard');
  });

  it('derives the presets from rule metadata: strict contains recommended', () => {
    const recommended = Object.keys(plugin.configs.recommended.rules ?? {});
    const strict = Object.keys(plugin.configs.strict.rules ?? {});
    const expected = ids.filter((id) => rules[id]?.meta.docs && (rules[id].meta.docs as { recommended?: string }).recommended === 'recommended');
    expect(recommended.sort()).toEqual(expected.map((id) => `backend-guard/${id}`).sort());
    expect(strict).toEqual(expect.arrayContaining(recommended));
    expect(strict.sort()).toEqual(ids.map((id) => `backend-guard/${id}`).sort());
  });

  it('builds fresh preset objects that carry the project config in settings', () => {
    const a = createConfigs({ config: { tiers: ['a', 'b'] }, root: '/srv/app' });
    const b = createConfigs({ config: { tiers: ['a', 'b'] }, root: '/srv/app' });
    expect(a.recommended).not.toBe(b.recommended);
    expect(a.recommended.settings).toEqual({ 'backend-guard': { root: path.resolve('/srv/app'), config: { tiers: ['a', 'b'] } } });
    expect(plugin.configs.recommended.settings).toBeUndefined();
    const typed = createConfigs({ root: '/srv/app', typeChecked: true }).recommended;
    expect(typed.languageOptions?.parserOptions).toEqual({
      projectService: { allowDefaultProject: ['*.js', '*.mjs', '*.cjs'] },
      tsconfigRootDir: '/srv/app',
    });
  });

  it('bound to a project, lints exactly the files the CLI analyses; standalone drops what concerns other rules', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bg-preset-'));
    const files: Record<string, string> = {
      'package.json': JSON.stringify({ type: 'module', dependencies: { '@trpc/server': '11', hono: '4' } }),
      'server/_core/trpc.ts': 'export declare const protectedProcedure: any;\n',
      // A disable comment naming a rule of a plugin this config does not load.
      'server/routers/leads.ts':
        "import { protectedProcedure } from '../_core/trpc';\n// eslint-disable-next-line react-hooks/exhaustive-deps\nexport const list = protectedProcedure.query(() => []);\n",
      'server/routers/leads.test.ts': 'export const notParsed = <;\n',
      'drizzle.config.js': 'export default <;\n',
      'dist/server.js': 'export const built = <;\n',
    };
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(path.join(dir, name), text);
    }
    const lint = async (standalone: boolean) => {
      const guard = createConfigs({ root: dir, standalone });
      const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: [guard.ignores, guard.recommended] as Linter.Config[] });
      const results = await eslint.lintFiles(['.']);
      return results.flatMap((r) => [path.relative(dir, r.filePath), ...r.messages.map((m) => `  ${m.line}:${m.column} ${m.ruleId}${m.ruleId?.startsWith('backend-guard/') ? '' : ` ${m.message}`}`)]);
    };
    try {
      // Tests, tooling and build outputs are not server code: neither linted nor parsed.
      expect(await lint(true)).toEqual(['server/_core/trpc.ts', 'server/routers/leads.ts', '  3:40 backend-guard/require-zod-input']);
      expect((await lint(false)).filter((line) => line.includes('react-hooks'))).toEqual([
        "  2:1 react-hooks/exhaustive-deps Definition for rule 'react-hooks/exhaustive-deps' was not found.",
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe.each(ids)('%s meta', (id) => {
    const rule = rules[id]!;
    const meta = rule.meta;
    it('has an imperative one-sentence description, a preset and a derived docs URL', () => {
      const docs = meta.docs as { description: string; recommended: string; url: string; requiresTypeChecking?: boolean };
      expect(docs.description).toMatch(/^(Require|Disallow|Enforce) [^.]+\.?$/);
      expect(['recommended', 'strict']).toContain(docs.recommended);
      expect(docs.url).toBe(docsUrl(id));
      expect(existsSync(new URL(docs.url)), `${docs.url} resolves to a shipped page`).toBe(true);
    });
    it('has camelCase messageIds and a closed, described options schema', () => {
      for (const messageId of Object.keys(meta.messages)) expect(messageId).toMatch(/^[a-z][a-zA-Z0-9]*$/);
      const schemas = Array.isArray(meta.schema) ? meta.schema : [meta.schema];
      for (const schema of schemas) {
        if (!schema || typeof schema !== 'object' || !('properties' in schema)) continue;
        expect(schema.additionalProperties).toBe(false);
        for (const [name, property] of Object.entries(schema.properties ?? {})) {
          expect((property as { description?: string }).description, `${id} option ${name}`).toBeTruthy();
        }
      }
    });
  });
});
