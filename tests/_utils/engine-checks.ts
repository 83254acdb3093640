import type { Engine } from '@backend-guard/cli';

/**
 * Catalog checks that a whole-project engine reports (no ESLint rule behind them). They are held
 * to the rules' bar: a doc page whose examples are checked (by the engine, over the example files
 * as one project), at least 5 mutations, planted cases.
 */
export const engineChecks: Readonly<Record<string, Exclude<Engine, 'eslint'>>> = {
  'no-circular': 'dependency-cruiser',
  'no-orphans': 'dependency-cruiser',
};
