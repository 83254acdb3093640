#!/usr/bin/env node
// Writes the files a new rule needs — rule, test, mutations, doc page — named by its id, then
// regenerates rules/index.ts. Usage: node scripts/create-rule.mjs <rule-id> "<Require|Disallow ...>"
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const [id, description] = process.argv.slice(2);
if (!id || !/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/.test(id) || !description || !/^(Require|Disallow|Enforce) /.test(description)) {
  console.error('usage: node scripts/create-rule.mjs <kebab-rule-id> "<Require|Disallow|Enforce ...>"');
  process.exit(2);
}
const repo = path.join(import.meta.dirname, '..');
const files = {
  [`rules/${id}.ts`]: `import { createRule } from './_utils/create-rule.js';
import { fileRoles } from './_utils/guard.js';

type Options = [];
type MessageIds = 'violation';

export default createRule<Options, MessageIds>({
  name: '${id}',
  meta: {
    type: 'problem',
    docs: { description: '${description}', recommended: 'recommended' },
    messages: { violation: 'Explain what is wrong, why the convention asks otherwise, and what to do instead.' },
    schema: [],
  },
  create(context) {
    const { roles } = fileRoles(context);
    if (!roles.has('server')) return {};
    return {};
  },
});
`,
  [`tests/rules/${id}.test.ts`]: `import rule from '../../rules/${id}.js';
import { file, RuleTester } from '../_utils/rule-tester.js';

new RuleTester().run('${id}', rule, {
  valid: [{ name: 'describe the near-miss this proves', code: 'export {};', filename: file('server/routers/example.ts') }],
  invalid: [],
});
`,
  [`tests/mutations/${id}.ts`]: `// ${id}: small edits of fixtures/backend, each with the one finding it must produce.
import type { Mutation } from '../_utils/mutation-harness.js';

export const mutations: Mutation[] = [];
`,
  [`docs/rules/${id}.md`]: `# backend-guard/${id}

> ${description}.

✅ recommended

## Rule details

The convention (quote the seed document's section by name) and why it matters.

## Examples

### Incorrect

\`\`\`ts file=server/routers/example.ts
\`\`\`

### Correct

\`\`\`ts file=server/routers/example.ts
\`\`\`

## Options

None.

## What it does not catch

The honest limits.
`,
};
for (const relative of Object.keys(files)) {
  const target = path.join(repo, relative);
  if (existsSync(target)) {
    console.error(`${relative} exists already; not overwriting`);
    process.exit(2);
  }
}
for (const [relative, text] of Object.entries(files)) writeFileSync(path.join(repo, relative), text);
execFileSync(process.execPath, [path.join(repo, 'scripts/generate-rules-index.mjs')], { stdio: 'inherit' });
console.log(`created rules/${id}.ts, tests/rules/${id}.test.ts, tests/mutations/${id}.ts, docs/rules/${id}.md`);
