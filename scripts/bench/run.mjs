#!/usr/bin/env node
// The backend-guard benchmark (docs/benchmark.md).
//
//   npm run bench -- [--sizes 20,200,1000] [--runs 3] [--smoke] [--out-dir .bench] [--json file] [--strict]
//
// For each N: generate a synthetic backend with N routers (scripts/bench/generate.mjs), then time
// whole-process runs of eight tools, in rounds whose order alternates (forward, reverse, forward, …)
// so that drift from a busy machine cancels out of the pairwise ratios:
//   parse-only   ESLint with the typescript-eslint parser and no rules (scripts/bench/eslint-baseline.mjs)
//   files        the file-level phase alone on oxlint, no types (scripts/bench/file-level.mjs)
//   syntactic    backend-guard check <dir> --no-types: the file-level rules (oxlint) and the
//                whole-project engines, no type information; syntactic-eslint: the same on ESLint
//   check        backend-guard check <dir>: every engine, type information on; check-eslint: --engine eslint
//   tsc          tsc --noEmit -p <dir>
//   floating     ESLint with typed @typescript-eslint/no-floating-promises alone (projectService)
// Every child is `node --max-old-space-size=<heap> <bin> …` with NODE_OPTIONS=--import=scripts/bench/peak-rss.mjs:
// the preload writes the peak RSS of the child and of every Node process it starts on exit (summed:
// the figure the memory target is held to, an upper bound). On Linux the runner also samples the
// resident memory of the child's whole process tree every 20 ms (/proc): the largest total seen,
// reported beside the sum (the two processes of a check do not peak at the same moment). Wall time
// is process.hrtime around spawn → close.
// Heap: tsc and typed ESLint need 8 GiB at N=1000. The guard and its parse-only baseline run with a
// 1900 MiB heap: with a larger one V8 lets garbage pile up to the limit on this 24 GiB machine, so
// peak RSS would measure the collector's laziness rather than what the guard needs; a smaller heap
// can only cost the guard time (more collections), never flatter it.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { generate } from './generate.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(HERE, '../..');
const require = createRequire(import.meta.url);

const BIG_HEAP_MB = 8192;
const GUARD_HEAP_MB = 1900;
const GIB = 1024 * 1024; // KiB per GiB
// Issue 13's targets for the default (oxlint) engine; the ESLint engine's figures are references.
const TARGETS = {
  filesOverParse: { max: 0.5, fromN: 1000 },
  syntacticOverParse: { max: 1.1, fromN: 200 },
  checkOverTsc: { max: 0.25, fromN: 1000 },
  checkPeakKiB: { max: GIB, fromN: 1000 },
};

// ---------------------------------------------------------------------------------------------
// Arguments

function parseCli(argv) {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      sizes: { type: 'string' },
      runs: { type: 'string' },
      smoke: { type: 'boolean' },
      'out-dir': { type: 'string' },
      json: { type: 'string' },
      strict: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(
      'Usage: npm run bench -- [--sizes 20,200,1000] [--runs R] [--smoke] [--out-dir DIR] [--json FILE] [--strict]\n' +
        '  --sizes    router counts to generate and measure (default 20,200,1000)\n' +
        '  --runs     rounds per size (default 3 for N <= 200, 2 above)\n' +
        '  --smoke    N=20, one round, generated under .bench/smoke: checks that the benchmark completes\n' +
        '  --out-dir  where backends are generated (default .bench; must be inside the repo so packages resolve)\n' +
        '  --json     also write every measurement to FILE\n' +
        '  --strict   exit 1 when a target is missed\n',
    );
    process.exit(0);
  }
  const sizes = (values.sizes ?? (values.smoke ? '20' : '20,200,1000')).split(',').map((s) => Number(s.trim()));
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--sizes: expected positive integers, got "${values.sizes}"`);
  const runs = values.runs === undefined ? (values.smoke ? 1 : undefined) : Number(values.runs);
  if (runs !== undefined && (!Number.isInteger(runs) || runs < 1)) throw new Error(`--runs: expected a positive integer, got "${values.runs}"`);
  const outDir = path.resolve(REPO_ROOT, values['out-dir'] ?? (values.smoke ? '.bench/smoke' : '.bench'));
  return { sizes, runs, smoke: values.smoke ?? false, outDir, json: values.json, strict: values.strict ?? false };
}

const roundsFor = (n, runs) => runs ?? (n <= 200 ? 3 : 2);

// ---------------------------------------------------------------------------------------------
// Tools

const GUARD_BIN = path.join(REPO_ROOT, 'packages/cli/bin/backend-guard.js');
const TSC_BIN = require.resolve('typescript/bin/tsc');
const BASELINE = path.join(HERE, 'eslint-baseline.mjs');
const FILE_LEVEL = path.join(HERE, 'file-level.mjs');
const PRELOAD = pathToFileURL(path.join(HERE, 'peak-rss.mjs')).href;

/** ok(exitCode) says whether the run did its job; findings do not invalidate a timing. */
const TOOLS = [
  {
    id: 'parse',
    label: 'parse-only ESLint (parser, no rules)',
    args: (dir) => [BASELINE, 'parse-only', dir],
    ok: (code) => code === 0,
    heapMb: GUARD_HEAP_MB,
  },
  {
    id: 'files',
    label: 'oxlint file-level phase (no types)',
    args: (dir) => [FILE_LEVEL, 'oxlint', dir],
    ok: (code) => code === 0,
    heapMb: GUARD_HEAP_MB,
  },
  {
    id: 'syntactic',
    label: 'guard syntactic (check --no-types)',
    args: (dir) => [GUARD_BIN, 'check', dir, '--no-types', '--format', 'json'],
    ok: (code) => code === 0 || code === 1,
    guard: true,
    heapMb: GUARD_HEAP_MB,
  },
  {
    id: 'syntactic-eslint',
    label: 'guard syntactic on ESLint (--engine eslint)',
    args: (dir) => [GUARD_BIN, 'check', dir, '--no-types', '--engine', 'eslint', '--format', 'json'],
    ok: (code) => code === 0 || code === 1,
    guard: true,
    heapMb: GUARD_HEAP_MB,
  },
  {
    id: 'check',
    label: 'guard full check (types on)',
    args: (dir) => [GUARD_BIN, 'check', dir, '--format', 'json'],
    ok: (code) => code === 0 || code === 1,
    guard: true,
    heapMb: GUARD_HEAP_MB,
  },
  {
    id: 'check-eslint',
    label: 'guard full check on ESLint (--engine eslint)',
    args: (dir) => [GUARD_BIN, 'check', dir, '--engine', 'eslint', '--format', 'json'],
    ok: (code) => code === 0 || code === 1,
    guard: true,
    heapMb: GUARD_HEAP_MB,
  },
  {
    id: 'tsc',
    label: 'tsc --noEmit',
    args: (dir) => [TSC_BIN, '--noEmit', '-p', dir],
    ok: (code) => code === 0,
    heapMb: BIG_HEAP_MB,
  },
  {
    id: 'floating',
    label: 'typed no-floating-promises (ESLint)',
    args: (dir) => [BASELINE, 'no-floating-promises', dir],
    ok: (code) => code === 0 || code === 1,
    heapMb: BIG_HEAP_MB,
  },
];

const RATIOS = [
  { id: 'filesOverParse', label: 'oxlint file-level phase / parse-only', a: 'files', b: 'parse' },
  { id: 'syntacticOverParse', label: 'guard syntactic / parse-only', a: 'syntactic', b: 'parse' },
  { id: 'syntacticEslintOverParse', label: 'guard syntactic on ESLint / parse-only', a: 'syntactic-eslint', b: 'parse' },
  { id: 'checkOverTsc', label: 'guard full check / tsc --noEmit', a: 'check', b: 'tsc' },
  { id: 'checkEslintOverTsc', label: 'guard full check on ESLint / tsc', a: 'check-eslint', b: 'tsc' },
  { id: 'floatingOverTsc', label: 'no-floating-promises / tsc --noEmit', a: 'floating', b: 'tsc' },
];

class ToolFailure extends Error {}

const PROC_TREE = process.platform === 'linux';
const SAMPLE_MS = 20;

/** The resident memory (KiB) of a process and all its descendants now, from /proc; 0 once it exited. */
function treeRssKiB(pid) {
  let total = 0;
  const pending = [pid];
  while (pending.length > 0) {
    const current = pending.pop();
    try {
      const rss = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${current}/status`, 'utf8'));
      if (rss) total += Number(rss[1]);
      for (const thread of readdirSync(`/proc/${current}/task`)) {
        const children = readFileSync(`/proc/${current}/task/${thread}/children`, 'utf8').trim();
        if (children !== '') pending.push(...children.split(' ').map(Number));
      }
    } catch {
      // The process (or a thread) ended between two reads.
    }
  }
  return total;
}

function runOnce(tool, dir, scratch) {
  const rssFile = path.join(scratch, `${tool.id}-${process.hrtime.bigint()}.rss`);
  const args = [`--max-old-space-size=${tool.heapMb}`, ...tool.args(dir)];
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, args, {
      cwd: REPO_ROOT,
      // Through NODE_OPTIONS the preload also runs in the Node processes the tool starts (oxlint).
      env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${PRELOAD}`.trim(), BENCH_PEAK_RSS_FILE: rssFile, NO_COLOR: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let treePeakKiB = PROC_TREE ? 0 : null;
    const sampler = PROC_TREE ? setInterval(() => (treePeakKiB = Math.max(treePeakKiB, treeRssKiB(child.pid))), SAMPLE_MS) : undefined;
    const stdout = [];
    const stderr = [];
    child.stdout.on('data', (chunk) => stdout.push(chunk));
    child.stderr.on('data', (chunk) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      clearInterval(sampler);
      let peakKiB = null;
      try {
        // One line per process; their sum bounds the tree's peak from above (the CLI runs the
        // whole-project engines while oxlint lints, so both are resident at once, though not
        // necessarily each at its own peak).
        peakKiB = readFileSync(rssFile, 'utf8').trim().split('\n').map(Number).reduce((a, b) => a + b, 0);
        rmSync(rssFile, { force: true });
      } catch {
        // reported as "?"
      }
      const out = Buffer.concat(stdout).toString('utf8');
      const err = Buffer.concat(stderr).toString('utf8');
      if (signal !== null || !tool.ok(code)) {
        const shown = `${out}\n${err}`.trim().split('\n').slice(0, 40).join('\n');
        reject(new ToolFailure(`${tool.label} failed on ${path.relative(REPO_ROOT, dir)} (exit ${code ?? signal}):\n${shown}`));
        return;
      }
      let findings = null;
      if (tool.guard) {
        try {
          findings = JSON.parse(out).findings;
        } catch {
          findings = null;
        }
      }
      resolve({ wallMs, peakKiB, treePeakKiB: treePeakKiB || null, exitCode: code, findings });
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Statistics and formatting

function median(values) {
  const sorted = values.filter((v) => v !== null && Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const seconds = (ms) => (ms === null ? '?' : `${(ms / 1000).toFixed(2)} s`);
const memory = (kib) =>
  kib === null || kib === undefined ? '?' : kib >= GIB ? `${(kib / GIB).toFixed(2)} GiB` : `${Math.round(kib / 1024)} MiB`;
const times = (r) => (r === null ? '?' : `${r.toFixed(2)}×`);
const pad = (text, width) => String(text).padEnd(width);
const padLeft = (text, width) => String(text).padStart(width);

function verdict(n, target, value) {
  if (target === undefined) return { text: 'reference', met: null };
  const applies = n >= target.fromN;
  if (!applies) return { text: `applies at N≥${target.fromN}`, met: null };
  if (value === null) return { text: 'no figure', met: false };
  return value <= target.max ? { text: 'met', met: true } : { text: 'MISSED', met: false };
}

function summarizeFindings(findings) {
  if (findings === null) return 'unknown (output was not JSON)';
  if (findings.length === 0) return '0';
  const byRule = new Map();
  for (const f of findings) byRule.set(f.ruleId, (byRule.get(f.ruleId) ?? 0) + 1);
  return `${findings.length} (${[...byRule].map(([id, count]) => `${id} ×${count}`).join(', ')})`;
}

// ---------------------------------------------------------------------------------------------

async function measureSize(n, rounds, options, scratch, log) {
  const dir = path.join(options.outDir, `n${n}`);
  const genStarted = process.hrtime.bigint();
  const stats = generate({ routers: n, outDir: dir });
  const genMs = Number(process.hrtime.bigint() - genStarted) / 1e6;
  log(
    `\nN = ${n}: ${stats.files} .ts files, ${stats.lines.toLocaleString('en-US')} lines ` +
      `(router files ${stats.routerLinesMin}-${stats.routerLinesMax} lines), generated in ${seconds(genMs)} ` +
      `into ${path.relative(REPO_ROOT, dir)}; ${rounds} round${rounds === 1 ? '' : 's'}, order alternated`,
  );

  // One untimed parse-only run warms the file cache for the generated files and node_modules.
  if (!options.smoke) await runOnce(TOOLS[0], dir, scratch);

  const samples = Object.fromEntries(TOOLS.map((t) => [t.id, []]));
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? TOOLS : [...TOOLS].reverse();
    for (const tool of order) {
      const result = await runOnce(tool, dir, scratch);
      samples[tool.id][round] = result;
      log(`  round ${round + 1}/${rounds} ${pad(tool.id, 16)} ${padLeft(seconds(result.wallMs), 9)}  ${padLeft(memory(result.peakKiB), 9)}  ${padLeft(memory(result.treePeakKiB), 9)}`);
    }
  }

  const tools = TOOLS.map((tool) => {
    const walls = samples[tool.id].map((s) => s.wallMs);
    const peaks = samples[tool.id].map((s) => s.peakKiB).filter((v) => v !== null);
    const treePeaks = samples[tool.id].map((s) => s.treePeakKiB).filter((v) => v !== null);
    return {
      id: tool.id,
      label: tool.label,
      wallMs: samples[tool.id].map((s) => s.wallMs),
      medianMs: median(walls),
      minMs: Math.min(...walls),
      maxMs: Math.max(...walls),
      peakKiB: peaks.length > 0 ? Math.max(...peaks) : null,
      treePeakKiB: treePeaks.length > 0 ? Math.max(...treePeaks) : null,
      findings: tool.guard ? samples[tool.id].at(-1).findings : undefined,
    };
  });
  const ratios = RATIOS.map((ratio) => {
    const perRound = samples[ratio.a].map((s, i) => s.wallMs / samples[ratio.b][i].wallMs);
    const value = median(perRound);
    return { ...ratio, perRound, median: value, target: TARGETS[ratio.id], verdict: verdict(n, TARGETS[ratio.id], value) };
  });
  const checkTool = tools.find((t) => t.id === 'check');
  const memoryTarget = { value: checkTool.peakKiB, target: TARGETS.checkPeakKiB, verdict: verdict(n, TARGETS.checkPeakKiB, checkTool.peakKiB) };
  return { n, stats, rounds, tools, ratios, memoryTarget };
}

function printSize(result, log) {
  const w = 46;
  log('');
  log(`${pad('tool', w)} ${padLeft('wall median', 12)}  ${pad('min–max', 19)} ${padLeft('peak RSS', 10)} ${padLeft('tree peak', 10)}`);
  for (const tool of result.tools) {
    const range = `${(tool.minMs / 1000).toFixed(2)}–${(tool.maxMs / 1000).toFixed(2)} s`;
    log(`${pad(tool.label, w)} ${padLeft(seconds(tool.medianMs), 12)}  ${pad(range, 19)} ${padLeft(memory(tool.peakKiB), 10)} ${padLeft(memory(tool.treePeakKiB), 10)}`);
  }
  log('peak RSS: the sum of each process\'s own peak (the target\'s figure); tree peak: the largest total sampled every 20 ms (Linux)');
  log('');
  log(`${pad('ratio (median of per-round pairs)', w)} ${padLeft('median', 12)}  ${pad('per round', 19)} ${pad('target', 10)} status`);
  for (const ratio of result.ratios) {
    const perRound = ratio.perRound.map((r) => r.toFixed(2)).join(' ');
    const target = ratio.target === undefined ? '—' : `≤ ${ratio.target.max.toFixed(2)}×`;
    log(`${pad(ratio.label, w)} ${padLeft(times(ratio.median), 12)}  ${pad(perRound, 19)} ${pad(target, 10)} ${ratio.verdict.text}`);
  }
  const m = result.memoryTarget;
  const tree = result.tools.find((t) => t.id === 'check').treePeakKiB;
  log(`${pad('guard full check peak RSS', w)} ${padLeft(memory(m.value), 12)}  ${pad(tree === null ? '' : `(tree peak ${memory(tree)})`, 19)} ${pad(`≤ ${memory(m.target.max)}`, 10)} ${m.verdict.text}`);
  const found = (id) => summarizeFindings(result.tools.find((t) => t.id === id).findings);
  log(`guard findings on the generated backend: syntactic ${found('syntactic')}; full check ${found('check')}`);
  const same = (a, b) => JSON.stringify(result.tools.find((t) => t.id === a).findings?.map(({ engine: _e, ...f }) => f)) === JSON.stringify(result.tools.find((t) => t.id === b).findings?.map(({ engine: _e, ...f }) => f));
  log(`oxlint and ESLint engines report the same findings: syntactic ${same('syntactic', 'syntactic-eslint') ? 'yes' : 'NO'}; full check ${same('check', 'check-eslint') ? 'yes' : 'NO'}`);
}

function growth(results, log) {
  const small = results.find((r) => r.n === 200);
  const large = results.find((r) => r.n === 1000);
  if (small === undefined || large === undefined) return [];
  const lineRatio = large.stats.lines / small.stats.lines;
  log('');
  log(`growth N=200 → N=1000 (lines ×${lineRatio.toFixed(2)}; target: time grows no faster than lines)`);
  const rows = [];
  for (const id of ['syntactic', 'check', 'syntactic-eslint', 'check-eslint', 'parse', 'tsc', 'floating']) {
    const a = small.tools.find((t) => t.id === id);
    const b = large.tools.find((t) => t.id === id);
    const factor = b.medianMs / a.medianMs;
    const guarded = id === 'syntactic' || id === 'check';
    const status = guarded ? (factor <= lineRatio ? 'met' : 'MISSED') : 'reference';
    rows.push({ id, factor, lineRatio, met: guarded ? factor <= lineRatio : null });
    log(`  ${pad(a.label, 46)} ×${factor.toFixed(2)}  ${status}`);
  }
  return rows;
}

async function main() {
  const options = parseCli(process.argv.slice(2));
  const log = (text) => process.stdout.write(`${text}\n`);
  const versions = {
    node: process.version,
    typescript: require('typescript/package.json').version,
    eslint: require('eslint/package.json').version,
    typescriptEslint: require('typescript-eslint/package.json').version,
    oxlint: createRequire(path.join(REPO_ROOT, 'packages/cli/package.json'))('oxlint/package.json').version,
  };
  log(
    `backend-guard benchmark${options.smoke ? ' (smoke run: checks that it completes; figures not meaningful)' : ''}\n` +
      `node ${versions.node}, typescript ${versions.typescript}, eslint ${versions.eslint}, typescript-eslint ${versions.typescriptEslint}, oxlint ${versions.oxlint}; ` +
      `${os.cpus().length} CPUs, ${memory(os.totalmem() / 1024)} RAM, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}\n` +
      `children: node --max-old-space-size=${GUARD_HEAP_MB} for the guard and parse-only, ${BIG_HEAP_MB} for tsc and typed ESLint (they need it at N=1000); wall = whole process, peak = maxRSS`,
  );

  const scratch = mkdtempSync(path.join(os.tmpdir(), 'backend-guard-bench-'));
  const results = [];
  try {
    for (const n of options.sizes) {
      const result = await measureSize(n, roundsFor(n, options.runs), options, scratch, log);
      printSize(result, log);
      results.push(result);
    }
  } catch (error) {
    if (error instanceof ToolFailure) {
      process.stderr.write(`\nbench: ${error.message}\n`);
      process.exitCode = 2;
      return;
    }
    throw error;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const growthRows = growth(results, log);

  if (options.json !== undefined) {
    writeFileSync(path.resolve(options.json), `${JSON.stringify({ versions, cpus: os.cpus().length, results, growth: growthRows }, null, 2)}\n`);
  }
  const missed =
    results.some((r) => r.ratios.some((x) => x.verdict.met === false) || r.memoryTarget.verdict.met === false) ||
    growthRows.some((g) => g.met === false);
  log(`\n${missed ? 'some targets missed' : 'no target missed'}${options.smoke ? ' (smoke run: targets apply at N≥200)' : ''}`);
  if (missed && options.strict) process.exitCode = 1;
}

await main();
