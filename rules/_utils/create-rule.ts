import { ESLintUtils } from '@typescript-eslint/utils';

/** Which preset turns a rule on: `recommended` rules are in both presets, `strict` ones only in strict. */
export type PresetName = 'recommended' | 'strict';

export interface BackendGuardRuleDocs {
  /** The preset that first enables the rule. */
  recommended: PresetName;
  /** True when the rule needs type information and does nothing useful without it. */
  requiresTypeChecking?: boolean;
}

export const DOCS_BASE_URL = 'https://github.com/backend-guard/backend-guard/blob/main/docs/rules';

/** The one rule factory: derives `docs.url` from the rule name so nobody types a URL. */
export const createRule = ESLintUtils.RuleCreator<BackendGuardRuleDocs>(
  (name) => `${DOCS_BASE_URL}/${name}.md`,
);
