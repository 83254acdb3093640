import { restriction, type RuleFactory } from '../rule-types.js';

export const NOT_TO_UNRESOLVABLE = 'not-to-unresolvable';

export const notToUnresolvable: RuleFactory = (paths) => [
  {
    name: NOT_TO_UNRESOLVABLE,
    severity: 'warn',
    comment:
      'This server module imports something that cannot be resolved on disk (a file that moved, a package that is not installed, a path alias the tsconfig does not declare). The backend-design document, PR Readiness 1: "Architecture fit and lifecycle integrity": an import that resolves nowhere fails at start-up, and hides the module\'s real dependencies from every layer check. Fix: correct the path, install the package, or declare the alias in tsconfig.json `paths`.',
    from: restriction(paths.server, paths.tests),
    to: { couldNotResolve: true },
  },
];
