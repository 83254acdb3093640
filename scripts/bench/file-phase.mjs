#!/usr/bin/env node
// The file-level phase alone: ESLint with the guard's preset against ESLint with the same parser and
// no rules, over the same files, in one process, rounds alternated (parse, guard, guard, parse, …),
// the ratio taken pair by pair. Whole-project engines are left out: this is what the editor and
// the ESLint engine pay per file. Run `npm run bench -- --sizes 1000` first to generate .bench/n1000.
//
//   node scripts/bench/file-phase.mjs <dir> [--rounds 3] [--only id,id,...]
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '@backend-guard/config';
import { ESLint } from 'eslint';
import backendGuard from 'eslint-plugin-backend-guard';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { rounds: { type: 'string' }, only: { type: 'string' } } });
const dir = path.resolve(positionals[0] ?? '.');
const rounds = Number(values.rounds ?? 3);
const { config } = await loadConfig(dir);
const preset = backendGuard.createConfigs({ config, root: dir }).recommended;
const only = values.only?.split(',');
const rules = only ? Object.fromEntries(only.map((id) => [`backend-guard/${id}`, 'error'])) : preset.rules;
const patterns = ['server/**/*.ts', 'drizzle/**/*.ts'];

async function time(withRules) {
  const eslint = new ESLint({
    cwd: dir,
    overrideConfigFile: true,
    overrideConfig: [{ ...preset, rules: withRules ? rules : {} }],
  });
  const started = process.hrtime.bigint();
  await eslint.lintFiles(patterns);
  return Number(process.hrtime.bigint() - started) / 1e9;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
await time(false); // warm-up: module loading and JIT, for both runs alike
const parse = [];
const guard = [];
for (let round = 0; round < rounds; round++) {
  const order = round % 2 === 0 ? [false, true] : [true, false];
  for (const withRules of order) (withRules ? guard : parse).push(await time(withRules));
}
const ratios = parse.map((p, i) => guard[i] / p);
console.log(`${Object.keys(rules).length} rules over ${dir}`);
console.log(`parse only  ${median(parse).toFixed(2)} s  (${parse.map((t) => t.toFixed(2)).join(' ')})`);
console.log(`with rules  ${median(guard).toFixed(2)} s  (${guard.map((t) => t.toFixed(2)).join(' ')})`);
console.log(`ratio       ${median(ratios).toFixed(2)}×  (${ratios.map((r) => r.toFixed(2)).join(' ')})`);
