import { anyOf } from '../role-paths.js';
import { restriction, type RuleFactory } from '../rule-types.js';

export const NO_ORPHANS = 'no-orphans';

/**
 * Files that are used without being imported: type declarations, tool config files (`*.config.ts`,
 * `.eslintrc.cjs`) and dotfiles, as in dependency-cruiser's own `no-orphans`.
 */
const NOT_MODULES = '\\.d\\.[cm]?ts$|(?:^|/)[^/]+\\.config\\.[cm]?[jt]s$|(?:^|/)\\.[^/]+\\.(?:[cm]?[jt]s|json)$';

/**
 * dependency-cruiser's orphan: a server module that imports nothing and that nothing imports, so
 * no entry point can reach it. Entry points themselves import something, so they never match;
 * tests, migrations, type declarations and config files are excluded.
 */
export const noOrphans: RuleFactory = (paths) => {
  const server = paths.server;
  if (server === undefined) return [];
  const excluded = [anyOf(paths, ['tests', 'migrations']), NOT_MODULES].filter((s) => s !== undefined).join('|');
  return [
    {
      name: NO_ORPHANS,
      severity: 'warn',
      comment:
        'This server module imports nothing and nothing imports it, so no request, job or webhook can reach it. The backend-design document, PR Readiness 1: "Architecture fit and lifecycle integrity": a module outside the dependency graph is dead code, or a piece that was never wired in (a validator not used by any procedure, a helper copied and forgotten). Fix: import it where it belongs, or delete it.',
      from: { ...restriction(server, excluded), orphan: true },
      to: {},
    },
  ];
};
