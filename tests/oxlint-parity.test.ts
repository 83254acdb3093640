/**
 * One rule source, two hosts: every RuleTester case of tests/rules runs under oxlint's JS plugin
 * host too and must give what it gives under ESLint (the rule tests hold ESLint to each case's
 * exact messageId, data and positions). The cases are collected by importing the rule tests with
 * a RuleTester that records instead of running, written out as files (each case in its own folder,
 * the case's fixture project copied beside it when it has one, so typed cases get their types from
 * the same tsconfig), and linted by ONE oxlint process.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { lintWithOxlint } from '../packages/cli/dist/engines/oxlint.js';
import type { RecordedFile } from '../packages/cli/dist/engines/oxlint-records.js';
import { rules } from '../rules/index.js';
import type { TesterOptions } from './_utils/rule-tester.js';

interface ExpectedError {
  messageId: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  data?: Record<string, unknown>;
}
interface Case {
  name: string;
  code: string;
  filename?: string;
  options?: unknown[];
  settings?: Record<string, unknown>;
  errors?: ExpectedError[];
}
interface Captured {
  runName: string;
  rule: unknown;
  options: TesterOptions;
  valid: Case[];
  invalid: Case[];
}

const captured = vi.hoisted(() => [] as Captured[]);

vi.mock('./_utils/rule-tester.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('./_utils/rule-tester.js')>();
  class CapturingRuleTester {
    readonly #options: TesterOptions;
    constructor(options: TesterOptions = {}) {
      this.#options = options;
    }
    run(runName: string, rule: unknown, tests: { valid: Case[]; invalid: Case[] }): void {
      captured.push({ runName, rule, options: this.#options, valid: tests.valid, invalid: tests.invalid });
    }
  }
  return { ...real, RuleTester: CapturingRuleTester };
});

const { testerDefaults } = await import('./_utils/rule-tester.js');
const rulesDir = path.resolve(import.meta.dirname, 'rules');
for (const name of readdirSync(rulesDir).filter((f) => f.endsWith('.test.ts')).sort()) await import(path.join(rulesDir, name));

const idOf = new Map<unknown, string>(Object.entries(rules).map(([id, rule]) => [rule, id]));

interface Planned {
  id: string;
  runName: string;
  kind: 'valid' | 'invalid';
  test: Case;
  file: string;
}

// Inside the repository, so typed cases resolve drizzle-orm, zod and tRPC from its node_modules as
// the fixture project does (.tmp/ is neither linted nor committed).
const scratch = path.resolve(import.meta.dirname, '../.tmp');
mkdirSync(scratch, { recursive: true });
const work = mkdtempSync(path.join(scratch, 'oxlint-parity-'));
const planned: Planned[] = [];
const settingsByFile: Record<string, Record<string, unknown>> = {};
const filesByRuleAndOptions = new Map<string, { id: string; options: unknown[]; globs: string[] }>();

for (const tester of captured) {
  const id = idOf.get(tester.rule);
  if (id === undefined) throw new Error(`${tester.runName}: its rule is not in rules/index.ts`);
  const defaults = testerDefaults(tester.options);
  const cases: [Planned['kind'], Case][] = [
    ['valid', { name: 'an empty file', code: '' }],
    ...tester.valid.map((test) => ['valid', test] as [Planned['kind'], Case]),
    ...tester.invalid.map((test) => ['invalid', test] as [Planned['kind'], Case]),
  ];
  for (const [kind, test] of cases) {
    const index = planned.length;
    const dir = path.join(work, `c${index}`);
    const settings = (test.settings ?? defaults.settings) as { 'backend-guard': { root: string } & Record<string, unknown> };
    const guard = settings['backend-guard'];
    const root = guard.root;
    const filename = test.filename ?? defaults.filename;
    const relative = path.relative(root, filename);
    if (relative.startsWith('..')) throw new Error(`${tester.runName}: "${test.name}": ${filename} is outside the root ${root}`);
    // A fixture project on disk (typed cases, tsconfig path aliases) comes along; the virtual root does not exist.
    if (existsSync(root) && statSync(root).isDirectory()) cpSync(root, dir, { recursive: true });
    const file = path.join(dir, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, test.code);
    // Types lazily from the copied tsconfig, as the CLI does; syntactic cases have none to find.
    settingsByFile[file] = { ...settings, 'backend-guard': { ...guard, root: dir, typeInformation: 'lazy' } };
    const options = test.options ?? [];
    const key = `${id} ${JSON.stringify(options)}`;
    const group = filesByRuleAndOptions.get(key) ?? { id, options, globs: [] };
    group.globs.push(`c${index}/**`);
    filesByRuleAndOptions.set(key, group);
    planned.push({ id, runName: tester.runName, kind, test, file });
  }
}

let recorded: Record<string, RecordedFile> = {};
let unparsed: string[] = [];

beforeAll(async () => {
  const result = await lintWithOxlint(
    work,
    planned.map((p) => p.file),
    {
      rules: {},
      overrides: [...filesByRuleAndOptions.values()].map(({ id, options, globs }) => ({
        files: globs,
        rules: { [`backend-guard/${id}`]: ['error', ...options] },
      })),
    },
    { settings: {}, settingsByFile },
  );
  recorded = result.files;
  unparsed = result.unparsed;
}, 240_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Seen {
  messageId: string | undefined;
  line: number;
  column: number;
  endLine: number | undefined;
  endColumn: number | undefined;
  message?: string;
}

/** ESLint's placeholder interpolation: an unknown `{{name}}` stays as written. */
function interpolate(template: string, data: Record<string, unknown>): string {
  return template.replace(/\{\{([^{}]+?)\}\}/gu, (whole, term: string) => (term.trim() in data ? String(data[term.trim()]) : whole));
}

function seenIn(file: string): (Seen & { data: Record<string, string> })[] {
  return (recorded[file]?.findings ?? [])
    .map((finding) => {
      const loc = 'start' in finding.loc ? finding.loc : { start: finding.loc, end: undefined };
      return {
        messageId: finding.messageId,
        line: loc.start.line,
        column: loc.start.column + 1,
        endLine: loc.end?.line,
        endColumn: loc.end === undefined ? undefined : loc.end.column + 1,
        data: finding.data ?? {},
      };
    })
    .sort((a, b) => a.line - b.line || a.column - b.column);
}

describe('every rule case gives the same result under oxlint as under ESLint', () => {
  it('oxlint parses every case file', () => {
    expect(unparsed.map((file) => path.relative(work, file))).toEqual([]);
    expect(planned.length).toBeGreaterThan(900);
  });

  for (const id of Object.keys(rules).sort()) {
    it(id, () => {
      const messages = (rules as Record<string, { meta: { messages: Record<string, string> } }>)[id]!.meta.messages;
      const mismatches: string[] = [];
      const mine = planned.filter((p) => p.id === id);
      expect(mine.length).toBeGreaterThan(0);
      for (const { runName, kind, test, file } of mine) {
        const expected = test.errors ?? [];
        // The message is compared where the case pins its data, as RuleTester compares it there.
        const seen: Seen[] = seenIn(file).map(({ data, ...position }, index) => {
          const pinned = expected[index]?.data;
          return pinned && position.messageId ? { ...position, message: interpolate(messages[position.messageId] ?? '', data) } : position;
        });
        const want: Seen[] = expected.map(({ messageId, line, column, endLine, endColumn, data }) => ({
          messageId,
          line,
          column,
          endLine,
          endColumn,
          ...(data ? { message: interpolate(messages[messageId] ?? '', data) } : {}),
        }));
        if (JSON.stringify(seen) !== JSON.stringify(want)) {
          mismatches.push(`${runName} / ${kind} "${test.name}": ESLint ${JSON.stringify(want)}, oxlint ${JSON.stringify(seen)}`);
        }
      }
      expect(mismatches).toEqual([]);
    });
  }
});
