import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
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
