import { restriction, type RuleFactory } from '../rule-types.js';

export const NO_NON_PACKAGE_JSON = 'no-non-package-json';

export const noNonPackageJson: RuleFactory = (paths) => [
  {
    name: NO_NON_PACKAGE_JSON,
    severity: 'warn',
    comment:
      'This server module imports an npm package that its package.json does not declare: it works only because something else happened to install it (a hoisted transitive dependency). The backend-design document, PR Readiness 1: "Architecture fit and lifecycle integrity": a deploy or rollback that installs dependencies afresh can lose an undeclared package and fail at start-up. Fix: add it to the package.json `dependencies` of the package that imports it.',
    from: restriction(paths.server, paths.tests),
    to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
  },
];
