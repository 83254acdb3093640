#!/usr/bin/env node
// Writes packages/config/schema.json, the JSON Schema of backend-guard.config.json, from the Zod
// schema the config package validates with (build first: it reads packages/config/dist).
// tests/config-schema.test.ts fails when the committed file is stale.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { configJsonSchema } from '../packages/config/dist/json-schema.js';

const target = path.join(import.meta.dirname, '../packages/config/schema.json');
writeFileSync(target, `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
console.log(`wrote ${path.relative(process.cwd(), target)}`);
