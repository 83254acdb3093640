#!/usr/bin/env node
// Where the file-level checks spend their time: lints a folder with the guard's preset (no types),
// with ESLint's own per-rule statistics, and prints each rule's total, slowest first. Use it on a
// generated backend (`npm run bench -- --sizes 200` leaves .bench/n200) to find the rule to speed up.
//
//   node scripts/bench/rule-times.mjs <dir>
import path from 'node:path';
import { loadConfig } from '@backend-guard/config';
import { ESLint } from 'eslint';
import backendGuard from 'eslint-plugin-backend-guard';

const dir = path.resolve(process.argv[2] ?? '.');
const { config } = await loadConfig(dir);
const eslint = new ESLint({
  cwd: dir,
  overrideConfigFile: true,
  overrideConfig: [backendGuard.createConfigs({ config, root: dir }).recommended],
  stats: true,
});
const started = process.hrtime.bigint();
const results = await eslint.lintFiles(['server/**/*.ts', 'drizzle/**/*.ts']);
const wall = Number(process.hrtime.bigint() - started) / 1e6;
const totals = new Map();
let parse = 0;
for (const result of results) {
  for (const pass of result.stats?.times.passes ?? []) {
    parse += pass.parse.total;
    for (const [rule, time] of Object.entries(pass.rules ?? {})) totals.set(rule, (totals.get(rule) ?? 0) + time.total);
  }
}
const rows = [...totals].sort((a, b) => b[1] - a[1]);
console.log(`${results.length} files, wall ${wall.toFixed(0)} ms, parse ${parse.toFixed(0)} ms, rules ${rows.reduce((s, [, t]) => s + t, 0).toFixed(0)} ms`);
for (const [rule, time] of rows) console.log(`${time.toFixed(1).padStart(9)} ms  ${rule}`);
