#!/usr/bin/env node
// The file-level phase of a check on one host, as a whole process: the backend's config and files
// selected as `backend-guard check` selects them, then only the file-level engine (oxlint or ESLint),
// no type information, no whole-project engines. run.mjs sets it beside ESLint's parse-only run.
//
//   node scripts/bench/file-level.mjs <oxlint|eslint> <dir>
import path from 'node:path';
import { selectFiles } from '../../packages/cli/dist/check.js';

const [host, dir] = process.argv.slice(2);
// Only the chosen engine is loaded, as `check` loads it.
const engines = {
  oxlint: async (input) => (await import('../../packages/cli/dist/engines/oxlint.js')).runOxlintEngine(input),
  eslint: async (input) => (await import('../../packages/cli/dist/engines/eslint.js')).runEslintEngine(input),
};
const run = Object.hasOwn(engines, host) ? engines[host] : undefined;
if (run === undefined || dir === undefined) {
  process.stderr.write('usage: node scripts/bench/file-level.mjs <oxlint|eslint> <dir>\n');
  process.exit(2);
}
const { root, config, files } = await selectFiles(process.cwd(), path.resolve(dir));
const result = await run({ root, config, files, types: false, warn: (message) => process.stderr.write(`${message}\n`) });
process.stdout.write(`${JSON.stringify({ host, filesAnalyzed: result.filesAnalyzed, findings: result.findings.length })}\n`);
