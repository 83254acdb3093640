import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { generate } from '../scripts/bench/generate.mjs';

const ROOT = path.resolve(import.meta.dirname, '..');
const RUNNER = path.join(ROOT, 'scripts/bench/run.mjs');
const SCRATCH = path.join(ROOT, '.bench/test-generate');

function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const file = path.join(entry.parentPath, entry.name);
      files.set(path.relative(dir, file), readFileSync(file, 'utf8'));
    }
  }
  return files;
}

afterAll(() => rmSync(SCRATCH, { recursive: true, force: true }));

describe('benchmark', () => {
  it('generates the same backend for the same N, with 60-120-line routers', () => {
    const first = generate({ routers: 30, outDir: path.join(SCRATCH, 'a') });
    generate({ routers: 30, outDir: path.join(SCRATCH, 'b') });
    expect(snapshot(path.join(SCRATCH, 'a'))).toEqual(snapshot(path.join(SCRATCH, 'b')));
    expect(first.files).toBe(30 * 2 + 8);
    expect(first.routerLinesMin).toBeGreaterThanOrEqual(60);
    expect(first.routerLinesMax).toBeLessThanOrEqual(120);
  });

  it('completes a smoke run (N=20, one round) and prints the table and the ratios', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [RUNNER, '--smoke'], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1' },
      maxBuffer: 16 * 1024 * 1024,
    });
    for (const label of [
      'parse-only ESLint (parser, no rules)',
      'guard syntactic (check --no-types)',
      'guard full check (types on)',
      'tsc --noEmit',
      'typed no-floating-promises (ESLint)',
      'guard syntactic / parse-only',
      'guard full check / tsc --noEmit',
      'no-floating-promises / tsc --noEmit',
    ]) {
      expect(stdout).toContain(label);
    }
    expect(stdout).toMatch(/^N = 20: 48 \.ts files/m);
    expect(stdout).toMatch(/^tsc --noEmit\s+\d+\.\d\d s/m);
    // Both memory figures of the check: the sum of its processes' peaks, and (Linux) the sampled tree peak.
    const memory = String.raw`\d+ MiB|\d+\.\d\d GiB`;
    const figures = new RegExp(String.raw`^guard full check \(types on\)\s.*\s(${memory})\s+(${memory}|\?)$`, 'm').exec(stdout);
    expect(figures).not.toBeNull();
    if (process.platform === 'linux') expect(figures![2]).not.toBe('?');
  }, 300_000);
});
