import { restriction, type RuleFactory } from '../rule-types.js';

export const NOT_TO_UNRESOLVABLE = 'not-to-unresolvable';

/**
 * Relative specifiers only. A package that is not installed is the package manager's business (a
 * checkout whose dependencies are not installed yet would report every import), and a path alias
 * resolves through the tsconfig of the importing package, while dependency-cruiser reads one
 * tsconfig per run: in a monorepo every other package's aliases would look unresolvable.
 */
const RELATIVE = '^\\.\\.?/';

/** A relative import that resolves to nothing on disk. */
export const notToUnresolvable: RuleFactory = (paths) => [
  {
    name: NOT_TO_UNRESOLVABLE,
    severity: 'warn',
    comment:
      'This server module imports something that cannot be resolved on disk (a file that moved or was renamed). The backend-design document, PR Readiness 1: "Architecture fit and lifecycle integrity": an import that resolves nowhere fails at start-up, and hides the module\'s real dependencies from every layer check. Fix: correct the path.',
    from: restriction(paths.server, paths.tests),
    to: { couldNotResolve: true, path: RELATIVE },
  },
];
