import { readFileSync } from 'node:fs';
import path from 'node:path';
import { configJsonSchema, parseConfig } from '@backend-guard/config';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';

const REPO = path.resolve(import.meta.dirname, '..');
const committed = JSON.parse(readFileSync(path.join(REPO, 'packages/config/schema.json'), 'utf8')) as object;
const validate = new Ajv({ allErrors: true }).compile(committed);

/** The README's `backend-guard.config.json` example, as a user copies it. */
function readmeJsonExample(): unknown {
  const readme = readFileSync(path.join(REPO, 'README.md'), 'utf8');
  const match = /```json\n(\{\n\s+"\$schema"[\s\S]*?)```/.exec(readme);
  if (!match?.[1]) throw new Error('README.md: no ```json block with a "$schema" config example');
  return JSON.parse(match[1]);
}

describe('the JSON Schema of backend-guard.config.json', () => {
  it('is generated from the Zod schema (run scripts/generate-config-schema.mjs after changing it)', () => {
    expect(committed).toEqual(JSON.parse(JSON.stringify(configJsonSchema())));
  });

  it("validates the README's example, which the config loader accepts too", () => {
    const example = readmeJsonExample();
    expect(validate(example), JSON.stringify(validate.errors)).toBe(true);
    expect(() => parseConfig(example, 'README example')).not.toThrow();
  });

  it('rejects a misspelt key and a misspelt check id, as the loader does', () => {
    for (const typo of [{ tierPolcy: {} }, { rules: { 'tier-polcy': 'off' } }, { rules: { 'tier-policy': 'of' } }, { roles: { router: [] } }]) {
      expect(validate(typo), JSON.stringify(typo)).toBe(false);
      expect(() => parseConfig(typo, 'typo')).toThrow();
    }
  });

  it('accepts both id forms and both list forms', () => {
    const config = { rules: { 'backend-guard/tier-policy': 'warn', 'require-zod-input': ['error', { allowArgumentlessQueries: true }] }, ignores: ['scripts/**'], sqlDrivers: { replace: ['pg'] } };
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
    expect(parseConfig(config, 'x').sqlDrivers).toEqual(['pg']);
  });
});
