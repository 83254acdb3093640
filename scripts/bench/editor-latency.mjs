#!/usr/bin/env node
// Warm edit-to-diagnostic latency in the editor: the real ESLint language server
// (vscode-eslint-language-server) over stdio, on a copy of fixtures/backend with the README's
// eslint.config.js, as an editor drives it: open a router, then type edits (each one unsaved) and
// pull the diagnostics after each. Reports the median and the spread of the warm edits.
//
//   npx tsc -b && node scripts/bench/editor-latency.mjs [--router tags] [--edits 40] [--mode lazy|typed|untyped]
//                                                       [--tiers publicProcedure,protectedProcedure,adminProcedure]
//
// A benchmark, not a test: nothing asserts a time. Target: median < 100 ms on a router of the
// reference backend (the mode of the README's config: lazy).
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startEslintServer } from '../lsp-client.mjs';

const REPO = path.resolve(import.meta.dirname, '../..');
const { values } = parseArgs({
  options: {
    router: { type: 'string', default: 'tags' },
    edits: { type: 'string', default: '40' },
    mode: { type: 'string', default: 'lazy' },
    // A project shape to compare: the config's tiers (comma-separated) instead of the defaults.
    tiers: { type: 'string' },
  },
});
const modes = {
  lazy: 'lazyTypes: true',
  typed: 'typeChecked: true',
  untyped: '',
};
if (!(values.mode in modes)) throw new Error(`--mode: one of ${Object.keys(modes).join(', ')}`);

const dir = mkdtempSync(path.join(os.tmpdir(), 'bg-editor-'));
cpSync(path.join(REPO, 'fixtures/backend'), dir, { recursive: true, filter: (src) => !src.includes(`${path.sep}node_modules`) && !src.includes(`${path.sep}.data`) });
// The repository's installed packages (the workspace's plugin and config, zod, @trpc/server, …).
symlinkSync(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
writeFileSync(
  path.join(dir, 'eslint.config.js'),
  `import backendGuard from 'eslint-plugin-backend-guard';
import { loadConfig } from '@backend-guard/config';

const { config } = await loadConfig(import.meta.dirname);
export default [
  backendGuard.createConfigs({ config, root: import.meta.dirname, standalone: true, ${modes[values.mode]} }).recommended,
];
`,
);

if (values.tiers) writeFileSync(path.join(dir, 'backend-guard.config.json'), JSON.stringify({ tiers: values.tiers.split(',') }));

const file = path.join(dir, 'server/routers', `${values.router}.ts`);
const original = readFileSync(file, 'utf8');
// The edit: a line typed at the top of the file (shifting every line below), then a procedure
// that breaks a convention (a finding appears), then the text restored (it goes).
const variants = [
  `// typing…\n${original}`,
  `${original}\nexport const extra = 1 + 1;\n`,
  `${original.replace(/\.input\((\w+)\)/, '.input(z.any())')}\nimport { z } from 'zod';\n`,
  original,
];

const server = await startEslintServer(dir);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
try {
  server.open(file, original);
  let start = performance.now();
  const first = await server.diagnostics(file);
  const cold = performance.now() - start;
  const times = [];
  let findings = 0;
  const edits = Number(values.edits);
  for (let index = 0; index < edits; index++) {
    server.change(file, variants[index % variants.length]);
    start = performance.now();
    const items = await server.diagnostics(file);
    times.push(performance.now() - start);
    findings += items.length;
  }
  // The first round of edits warms what the first edit after a cold start builds.
  const warm = times.slice(variants.length);
  const p90 = [...warm].sort((a, b) => a - b)[Math.floor(warm.length * 0.9)];
  console.log(
    JSON.stringify({
      router: `server/routers/${values.router}.ts`,
      mode: values.mode,
      ...(values.tiers ? { tiers: values.tiers } : {}),
      coldMs: Math.round(cold),
      firstDiagnostics: first.length,
      warmEdits: warm.length,
      medianMs: Math.round(median(warm)),
      p90Ms: Math.round(p90),
      maxMs: Math.round(Math.max(...warm)),
      findingsSeen: findings,
      // The machine's load while measuring: on a shared machine the figures move with it.
      loadAverage: Math.round(os.loadavg()[0] * 10) / 10,
      cpus: os.cpus().length,
    }),
  );
} finally {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
