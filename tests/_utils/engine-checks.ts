import { CHECKS } from '@backend-guard/config';

/**
 * Catalog checks that the dependency-cruiser engine reports (no ESLint rule behind them). They are
 * held to the rules' bar: a doc page whose examples are checked (by the engine, over the example
 * files as one project), at least 5 mutations, planted cases.
 */
export const engineChecks: Readonly<Record<string, 'dependency-cruiser'>> = Object.fromEntries(
  Object.entries(CHECKS).filter(([, engine]) => engine === 'dependency-cruiser'),
) as Record<string, 'dependency-cruiser'>;
