import { ESLintUtils } from '@typescript-eslint/utils';

/** Which preset turns a rule on: `recommended` rules are in both presets, `strict` ones only in strict. */
export type PresetName = 'recommended' | 'strict';

export interface BackendGuardRuleDocs {
  /** The preset that first enables the rule. */
  recommended: PresetName;
  /** True when the rule needs type information and does nothing useful without it. */
  requiresTypeChecking?: boolean;
}

/**
 * Where every check's doc page lives: the pages shipped beside this module, so a link always
 * resolves to the docs of the installed version. The one place a doc URL is made.
 */
export const DOCS_BASE_URL = new URL('../../../../../docs/rules/', import.meta.url).href;

/** The doc page of a check of the catalog (ESLint rules and whole-project checks alike). */
export function docsUrl(checkId: string): string {
  return `${DOCS_BASE_URL}${checkId}.md`;
}

/** The one rule factory: derives `docs.url` from the rule name so nobody types a URL. */
export const createRule = ESLintUtils.RuleCreator<BackendGuardRuleDocs>(docsUrl);
