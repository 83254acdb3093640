#!/usr/bin/env node
// Runs the guard over real checkouts and tells whether it holds up: files analysed, findings per
// rule, files it could not parse, crashes and run time, per folder and in total.
//
//   npm run corpus -- /work/corpus/a /work/corpus/b [--no-types] [--json out.json]
//
// Each folder is checked by the built CLI in a child process (`npm run build` first), exactly as a
// user would run it. Findings are the point of the exercise, not a failure: the exit code is
// non-zero only when the guard crashed or could not run (exit 2 with no JSON report, or output that
// is not the JSON contract). Exit 2 *with* a report means some files did not parse: printed as
// "could not parse", not counted as a crash.
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

const REPO = path.resolve(import.meta.dirname, '..');
const CLI = path.join(REPO, 'packages/cli/bin/backend-guard.js');

const USAGE = `Usage: npm run corpus -- <dir>... [--no-types] [--json <file>]

Runs backend-guard over each folder and prints files analysed, findings per rule, files that
could not be parsed, crashes and run time. Exit 1 only when the guard crashed or could not run.
`;

function parseCli(argv) {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'no-types': { type: 'boolean' },
        json: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    return { dirs: positionals, noTypes: values['no-types'] ?? false, json: values.json, help: values.help ?? false };
  } catch (error) {
    process.stderr.write(`corpus: ${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
}

/** The CLI's own options this script passes through when the CLI knows them. */
function supportsFlag(flag) {
  const help = spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' });
  return help.stdout.includes(flag);
}

function runOne(dir, { noTypes, noBaseline }) {
  const args = [CLI, 'check', dir, '--format', 'json'];
  if (noTypes) args.push('--no-types');
  // A checkout's own baseline would hide findings; the corpus wants all of them.
  if (noBaseline) args.push('--no-baseline');
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const run = { dir, exitCode: child.status, signal: child.signal, seconds, stderr: child.stderr.trim() };

  let report;
  try {
    report = JSON.parse(child.stdout);
  } catch {
    report = undefined;
  }
  const isReport = report && report.version === 1 && Array.isArray(report.findings) && report.summary;
  if (child.error || child.status === null || !isReport || ![0, 1, 2].includes(child.status)) {
    const reason = child.error?.message ?? (child.signal ? `killed by ${child.signal}` : !isReport ? 'no JSON report on stdout' : `exit ${child.status}`);
    return { ...run, crashed: true, reason, filesAnalyzed: 0, findingsByRule: {}, parseErrors: [], findings: [] };
  }
  const parseErrors = report.findings.filter((f) => f.ruleId === 'parse-error');
  const findings = report.findings.filter((f) => f.ruleId !== 'parse-error');
  // Exit 2 with a report is legitimate only when files failed to parse; otherwise it is a failure.
  if (child.status === 2 && parseErrors.length === 0) {
    return { ...run, crashed: true, reason: 'exit 2 with a report but no parse errors', filesAnalyzed: report.summary.filesAnalyzed, findingsByRule: {}, parseErrors, findings };
  }
  const findingsByRule = {};
  for (const f of findings) findingsByRule[f.ruleId] = (findingsByRule[f.ruleId] ?? 0) + 1;
  return { ...run, crashed: false, filesAnalyzed: report.summary.filesAnalyzed, findingsByRule, parseErrors, findings };
}

function print(result) {
  const lines = [`\n== ${result.dir}  (${result.seconds.toFixed(1)}s, exit ${result.exitCode ?? result.signal})`];
  if (result.crashed) {
    lines.push(`  CRASH: ${result.reason}`);
    if (result.stderr) lines.push(...result.stderr.split('\n').slice(0, 40).map((l) => `  | ${l}`));
    console.log(lines.join('\n'));
    return;
  }
  lines.push(`  files analysed: ${result.filesAnalyzed}`);
  const rules = Object.entries(result.findingsByRule).sort(([a], [b]) => a.localeCompare(b));
  lines.push(`  findings: ${result.findings.length}${rules.length ? '' : ' (none)'}`);
  for (const [rule, count] of rules) lines.push(`    ${rule.padEnd(28)} ${count}`);
  if (result.parseErrors.length > 0) {
    const files = [...new Set(result.parseErrors.map((f) => f.file))];
    lines.push(`  could not parse ${files.length} file(s):`);
    for (const f of result.parseErrors.slice(0, 20)) lines.push(`    ${f.file}:${f.line}:${f.column} ${f.message}`);
  }
  console.log(lines.join('\n'));
}

const args = parseCli(process.argv.slice(2));
if (args.help || args.dirs.length === 0) {
  process.stdout.write(USAGE);
  process.exit(args.help ? 0 : 2);
}
if (!existsSync(CLI)) {
  process.stderr.write(`corpus: ${CLI} not found; run "npm run build" first\n`);
  process.exit(2);
}
const noBaseline = supportsFlag('--no-baseline');
const distBuilt = existsSync(path.join(REPO, 'packages/cli/dist'));
if (!distBuilt) {
  process.stderr.write('corpus: packages/cli/dist is missing; run "npm run build" (tsc -b) first\n');
  process.exit(2);
}

const results = [];
for (const dir of args.dirs) {
  const result = runOne(path.resolve(dir), { noTypes: args.noTypes, noBaseline });
  print(result);
  results.push(result);
}

const total = {
  dirs: results.length,
  types: !args.noTypes,
  filesAnalyzed: results.reduce((n, r) => n + r.filesAnalyzed, 0),
  findings: results.reduce((n, r) => n + r.findings.length, 0),
  findingsByRule: {},
  unparsedFiles: results.reduce((n, r) => n + new Set(r.parseErrors.map((f) => f.file)).size, 0),
  crashes: results.filter((r) => r.crashed).length,
  seconds: results.reduce((n, r) => n + r.seconds, 0),
};
for (const r of results) for (const [rule, n] of Object.entries(r.findingsByRule)) total.findingsByRule[rule] = (total.findingsByRule[rule] ?? 0) + n;

console.log(
  `\n== total over ${total.dirs} folder(s)${args.noTypes ? ' (--no-types)' : ''}: ${total.filesAnalyzed} files analysed, ${total.findings} findings, ` +
    `${total.unparsedFiles} file(s) not parsed, ${total.crashes} crash(es), ${total.seconds.toFixed(1)}s`,
);
for (const [rule, n] of Object.entries(total.findingsByRule).sort(([a], [b]) => a.localeCompare(b))) console.log(`    ${rule.padEnd(28)} ${n}`);

if (args.json) {
  const aggregate = {
    total,
    runs: results.map(({ stderr, ...r }) => ({ ...r, stderr: r.crashed ? stderr : undefined })),
  };
  writeFileSync(path.resolve(args.json), `${JSON.stringify(aggregate, null, 2)}\n`);
  console.log(`\nwrote ${args.json}`);
}
process.exit(total.crashes > 0 ? 1 : 0);
