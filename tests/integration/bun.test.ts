import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const REPO = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(REPO, 'packages/cli/bin/backend-guard.js');
// Bun comes from the npm `bun` package (a dev dependency), binary shipped inside: no download.
const BUN = path.join(path.dirname(createRequire(import.meta.url).resolve('bun/package.json')), 'bin', 'bun.exe');

function guard(runtime: string, target: string) {
  const result = spawnSync(runtime, [BIN, 'check', target, '--format', 'json'], { cwd: REPO, encoding: 'utf8' });
  return { code: result.status, report: result.stdout ? (JSON.parse(result.stdout) as unknown) : undefined, stderr: result.stderr };
}

describe('Bun', () => {
  it('`bun run lint:check` passes on the reference backend', () => {
    const result = spawnSync(BUN, ['run', 'lint:check'], { cwd: REPO, encoding: 'utf8' });
    expect(result.stderr + result.stdout).toMatch(/files checked, no problems/);
    expect(result.status).toBe(0);
  }, 180_000);

  it.each(['fixtures/backend', 'fixtures/cases'])('the CLI under Bun reports exactly what it reports under Node on %s', (target) => {
    const underNode = guard(process.execPath, target);
    const underBun = guard(BUN, target);
    expect(underNode.report, underNode.stderr).toBeDefined();
    expect(underBun).toEqual(underNode);
  }, 240_000);
});
