// The repo lints itself: typescript-eslint on all of our TypeScript, and eslint-plugin-eslint-plugin
// on the rules and their tests. fixtures/ is the guard's own input (the clean backend is checked by
// `npm run lint:check`, the cases hold planted violations), so it is not linted here.
import { defineConfig } from 'eslint/config';
import eslintPlugin from 'eslint-plugin-eslint-plugin';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    ignores: ['**/dist/**', '**/node_modules/**', 'fixtures/**', 'tests/fixtures/**', '.tmp/**', '.corpus/**', '.bench/**', 'coverage/**'],
  },
  tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['rules/**/*.ts'],
    ...eslintPlugin.configs.recommended,
    // no-property-in-node asks the type checker whether `in` probes an AST node.
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      ...eslintPlugin.configs.recommended.rules,
      'eslint-plugin/require-meta-docs-description': ['error', { pattern: '^(Require|Disallow|Enforce)' }],
      'eslint-plugin/require-meta-docs-url': 'off', // derived by createRule from the rule name
      'eslint-plugin/require-meta-schema-description': 'error',
      'eslint-plugin/prefer-message-ids': 'error',
      'eslint-plugin/no-property-in-node': 'error',
    },
  },
  {
    files: ['tests/rules/**/*.ts'],
    ...eslintPlugin.configs.recommended,
    rules: {
      ...eslintPlugin.configs.recommended.rules,
      'eslint-plugin/test-case-property-ordering': 'off',
      'eslint-plugin/consistent-output': 'error',
      'eslint-plugin/no-identical-tests': 'error',
      'eslint-plugin/require-test-case-name': ['error', { require: 'always' }],
    },
  },
);
