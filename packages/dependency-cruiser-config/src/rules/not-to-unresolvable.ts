import { restriction, type RuleFactory } from '../rule-types.js';

export const NOT_TO_UNRESOLVABLE = 'not-to-unresolvable';

/**
 * An npm package name (with its subpath) or a runtime's scheme (`bun:sqlite`): not reported. A package that is not installed is the
 * package manager's business, and a checkout whose dependencies are not installed yet would
 * otherwise report every import. Relative paths and aliases (`@/x`, `~/x`, `#x`) are local files.
 * (A bare-`baseUrl` import such as `server/db` looks like a package here.) Kept to one quantifier:
 * dependency-cruiser refuses a rule whose regex safe-regex calls unsafe.
 */
const PACKAGE = '^(?:[a-z]+:|@[a-z0-9]|[a-z0-9])';

/** An import of a local file (relative or through an alias) that resolves to nothing on disk. */
export const notToUnresolvable: RuleFactory = (paths) => [
  {
    name: NOT_TO_UNRESOLVABLE,
    severity: 'warn',
    comment:
      'This server module imports something that cannot be resolved on disk (a file that moved or was renamed, a path alias the tsconfig does not declare). The backend-design document, PR Readiness 1: "Architecture fit and lifecycle integrity": an import that resolves nowhere fails at start-up, and hides the module\'s real dependencies from every layer check. Fix: correct the path, or declare the alias in tsconfig.json `paths`.',
    from: restriction(paths.server, paths.tests),
    to: { couldNotResolve: true, pathNot: PACKAGE },
  },
];
