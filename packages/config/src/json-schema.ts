import { z } from 'zod';
import { CHECK_IDS, RULE_PREFIX } from './checks.js';
import { configSchema } from './schema.js';

/**
 * The JSON Schema of `backend-guard.config.json` (editors complete and validate the file with it;
 * shipped as `@backend-guard/config/schema.json`). Draft-07, the input side of the Zod schema: what
 * a user writes. Check ids are enumerated so a misspelt one is flagged in the editor too.
 */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(configSchema, { io: 'input', target: 'draft-7', unrepresentable: 'any' }) as {
    properties: Record<string, Record<string, unknown>>;
  } & Record<string, unknown>;
  const ids = [...CHECK_IDS].sort();
  schema.properties.rules = { ...schema.properties.rules, propertyNames: { enum: [...ids, ...ids.map((id) => `${RULE_PREFIX}${id}`)] } };
  return { title: 'backend-guard config', ...schema };
}
