import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as ESLintUtils from '@typescript-eslint/utils/eslint-utils';
import type { TSESLint } from '@typescript-eslint/utils';

/** Which preset turns a rule on: `recommended` rules are in both presets, `strict` ones only in strict. */
export type PresetName = 'recommended' | 'strict';

export interface BackendGuardRuleDocs {
  /** The preset that first enables the rule. */
  recommended: PresetName;
  /** True when the rule needs type information and does nothing useful without it. */
  requiresTypeChecking?: boolean;
}

/**
 * Where every check's doc page lives: the nearest `docs/rules` above this module (the package's
 * own in a tarball, the repository's from source), so a link resolves to the installed version's
 * page whatever the build layout. The one place a doc URL is made.
 */
export const DOCS_BASE_URL = pathToFileURL(`${nearestDocs(path.dirname(fileURLToPath(import.meta.url)))}${path.sep}`).href;

function nearestDocs(from: string): string {
  const candidate = path.join(from, 'docs', 'rules');
  if (existsSync(candidate)) return candidate;
  const parent = path.dirname(from);
  if (parent === from) throw new Error(`backend-guard: no docs/rules folder above ${fileURLToPath(import.meta.url)}`);
  return nearestDocs(parent);
}

/** The doc page of a check of the catalog (ESLint rules and whole-project checks alike). */
export function docsUrl(checkId: string): string {
  return `${DOCS_BASE_URL}${checkId}.md`;
}

const named = ESLintUtils.RuleCreator<BackendGuardRuleDocs>(docsUrl);

/**
 * The one rule factory: derives `docs.url` from the rule name so nobody types a URL. The options
 * merged with `meta.defaultOptions` are kept per options array (both hosts hand every file the same
 * one): merging afresh for every file and rule was a measurable share of a whole-repository run.
 */
export function createRule<Options extends readonly unknown[], MessageIds extends string>(
  spec: Readonly<ESLintUtils.RuleWithMetaAndName<Options, MessageIds, BackendGuardRuleDocs>>,
): TSESLint.RuleModule<MessageIds, Options, BackendGuardRuleDocs> {
  const rule = named(spec);
  const defaults = (spec.meta.defaultOptions ?? []) as Options;
  const merged = new WeakMap<readonly unknown[], Options>();
  return {
    ...rule,
    create(context) {
      let options = merged.get(context.options);
      if (options === undefined) {
        options = ESLintUtils.applyDefault<Options, Options>(defaults, context.options as Options);
        merged.set(context.options, options);
      }
      return spec.create(context, options);
    },
  };
}
