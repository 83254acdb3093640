import { anyOf } from '../role-paths.js';
import { restriction, type RuleFactory } from '../rule-types.js';

export const NO_CIRCULAR = 'no-circular';

/**
 * Runtime import cycles inside server code. Type-only imports (`import type`, dependency type
 * `type-only`) take no part: TypeScript erases them, so they cannot cause the
 * half-initialised-module bugs a cycle does (dependency-cruiser's documented
 * `viaOnly.dependencyTypesNot: ['type-only']`).
 */
export const noCircular: RuleFactory = (paths) => {
  const server = paths.server;
  if (server === undefined) return [];
  // Drizzle schema modules reference each other's tables lazily (`references(() => t.id)`,
  // `relations(...)`): cycles among them are idiomatic and harmless, so schema modules are left out.
  const excluded = anyOf(paths, ['tests', 'schema']);
  return [
    {
      name: NO_CIRCULAR,
      severity: 'error',
      comment:
        'This import is part of a cycle of runtime imports inside server code. The backend-design document, Canonical Architecture Patterns 4: "Route orchestration to service layer for non-trivial logic": a layered backend imports in one direction, and a cycle means two modules each depend on the other, so neither can be changed, tested or loaded alone (an import cycle also hands one of them an undefined binding at start-up). Fix: move what both need into a module lower down (a service, lib or the schema), or pass the dependency in as an argument.',
      from: restriction(server, excluded),
      to: {
        circular: true,
        dependencyTypesNot: ['type-only'],
        viaOnly: { ...restriction(server, excluded), dependencyTypesNot: ['type-only'] },
      },
    },
  ];
};
