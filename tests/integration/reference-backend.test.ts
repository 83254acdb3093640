import path from 'node:path';
import { check } from '@backend-guard/cli';
import { describe, expect, it } from 'vitest';

const REPO = path.resolve(import.meta.dirname, '../..');

// The reference backend is written the way the document says: the guard must stay silent on it,
// with and without type information. A finding here is a false positive to fix in the rule.
describe('the guard over fixtures/backend', () => {
  it.each([
    ['with type information', true],
    ['without type information', false],
  ])('reports nothing %s', async (_label, types) => {
    const { report, unanalysed } = await check({ path: 'fixtures/backend', cwd: REPO, types });
    expect(unanalysed).toEqual([]);
    expect(report.findings).toEqual([]);
    expect(report.summary.filesAnalyzed).toBeGreaterThan(60);
  }, 180_000);
});
