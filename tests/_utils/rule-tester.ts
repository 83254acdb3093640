import path from 'node:path';
import { RuleTester as BaseRuleTester, type InvalidTestCase, type RunTests, type ValidTestCase } from '@typescript-eslint/rule-tester';
import type { TSESLint } from '@typescript-eslint/utils';
import { afterAll, describe, it } from 'vitest';

BaseRuleTester.afterAll = afterAll;
BaseRuleTester.describe = describe;
BaseRuleTester.it = it;
BaseRuleTester.itOnly = it.only;

/** The virtual project root of syntactic tests: filenames are `${ROOT}/server/...`. */
export const ROOT = path.resolve('/project');

/** Absolute filename under the virtual root, e.g. `file('server/routers/leads.ts')`. */
export const file = (relative: string): string => path.join(ROOT, relative);

/** The typed fixture project (tsconfig + placeholder files) for tests that need type information. */
export const TYPED_ROOT = path.resolve(import.meta.dirname, '../fixtures/typed');
export const typedFile = (relative: string): string => path.join(TYPED_ROOT, relative);

/**
 * Rule tests name server code by the seed's folders (`server/**`, `drizzle/**`), so a near-miss
 * "outside server code" is a path; how server code is inferred is tested in tests/roles.test.ts.
 */
const SEED_SERVER = { server: ['server/**', 'drizzle/**'] };

/** The settings and default filename of a tester's cases (shared with the dual-host test). */
export function testerDefaults(options: TesterOptions): { settings: Record<string, unknown>; filename: string } {
  const root = options.typed ? TYPED_ROOT : ROOT;
  return {
    settings: { 'backend-guard': { root, config: { ...options.config, roles: { ...SEED_SERVER, ...(options.config?.roles as object | undefined) } } } },
    filename: options.filename ?? path.join(root, 'server/routers/example.ts'),
  };
}

export interface TesterOptions {
  /** Lint with type information from tests/fixtures/typed (filenames must be under TYPED_ROOT). */
  typed?: boolean;
  /** backend-guard config passed through settings, as the plugin's configs factory does. */
  config?: Record<string, unknown>;
  /** Filename of cases that name none (default: a router of the virtual or typed root). */
  filename?: string;
}

/**
 * typescript-eslint's RuleTester with the house test contract: every case is named, every error
 * has an exact position, there are at least as many valid near-misses as invalid cases, and an
 * empty file is valid. Tests call `new RuleTester(...).run(name, rule, { valid, invalid })`
 * directly, so eslint-plugin-eslint-plugin sees their cases.
 */
export class RuleTester extends BaseRuleTester {
  readonly #filename: string;

  constructor(options: TesterOptions = {}) {
    const { settings, filename } = testerDefaults(options);
    super({
      languageOptions: {
        parserOptions: options.typed
          ? { projectService: { allowDefaultProject: ['*.ts'] }, tsconfigRootDir: TYPED_ROOT }
          : {},
      },
      settings,
    });
    this.#filename = filename;
  }

  override run<M extends string, O extends readonly unknown[]>(name: string, rule: TSESLint.RuleModule<M, O>, tests: RunTests<M, O>): void {
    const filename = this.#filename;
    const withFile = <T extends ValidTestCase<O> | InvalidTestCase<M, O>>(test: T): T => (test.filename ? test : { ...test, filename });
    const valid = tests.valid.map((test) => {
      if (typeof test === 'string') throw new Error(`${name}: valid case without a name: ${test.slice(0, 60)}`);
      if (!test.name) throw new Error(`${name}: every valid case needs a name (${test.code.slice(0, 60)})`);
      return withFile(test);
    });
    for (const test of tests.invalid) {
      if (!test.name) throw new Error(`${name}: every invalid case needs a name (${test.code.slice(0, 60)})`);
      for (const error of test.errors) {
        for (const key of ['messageId', 'line', 'column', 'endLine', 'endColumn'] as const) {
          if (error[key] === undefined) throw new Error(`${name}: "${test.name}": every error needs ${key}`);
        }
      }
    }
    if (valid.length < tests.invalid.length) {
      throw new Error(`${name}: ${valid.length} valid cases for ${tests.invalid.length} invalid; near-misses must at least match`);
    }
    super.run(name, rule, {
      valid: [{ name: 'an empty file', code: '', filename }, ...valid],
      invalid: tests.invalid.map(withFile),
    });
  }
}
