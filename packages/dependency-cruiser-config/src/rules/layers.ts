import { allowedRoles, LAYER_MATRIX, LAYER_TARGETS, ROUTER_IMPORTERS } from '@backend-guard/config';
import { anyOf } from '../role-paths.js';
import { restriction, type ForbiddenRule, type RuleFactory } from '../rule-types.js';

/** Rule names start with this; backend-guard reports them all as the check `layers`. */
export const LAYERS_PREFIX = 'layers-';

const WHY =
  'The backend-design document, Canonical Architecture Patterns 4 and 6: "Route orchestration to service layer for non-trivial logic" and "Isolate external APIs behind adapters with retries, backoff, and circuit behavior"; Do / Don\'t: "Don\'t couple router handlers to raw external clients."';

/**
 * One rule per importing layer of the matrix (`layers-routers`, `layers-services`, …) and one for
 * routers imported from anywhere but the app router or the Hono entry (`layers-router-importers`).
 * Type-only imports are not layer crossings: they vanish at compile time.
 */
export const layers: RuleFactory = (paths) => {
  const tests = paths.tests;
  const rules: ForbiddenRule[] = [];
  for (const rule of LAYER_MATRIX) {
    const { from, allow, instead } = rule;
    const allowed = allowedRoles(rule);
    const fromPath = paths[from];
    const forbiddenTargets = anyOf(paths, LAYER_TARGETS.filter((role) => !allowed.includes(role)));
    if (fromPath === undefined || forbiddenTargets === undefined) continue;
    rules.push({
      name: `${LAYERS_PREFIX}${from}`,
      severity: 'error',
      comment: `A module in the ${from} layer imports a layer it may not: ${from} may import only ${allow.join(', ')}. ${WHY} Layers that reach past their neighbours spread orchestration, database access and external calls across the codebase, where no timeout budget or retry policy applies. Fix: ${instead}.`,
      from: restriction(fromPath, tests),
      to: { ...restriction(forbiddenTargets, anyOf(paths, [...allowed, 'tests'])), dependencyTypesNot: ['type-only'] },
    });
  }
  const routers = paths.routers;
  const server = paths.server;
  if (routers !== undefined && server !== undefined) {
    rules.push({
      name: `${LAYERS_PREFIX}router-importers`,
      severity: 'error',
      comment: `A module other than the app router or the Hono entry imports a router. ${WHY} Routers are the edge: the app router mounts them and the Hono entry serves it; code that calls a router module directly skips the procedure's tier, input validation and context. Fix: mount the router in the app router, or move the shared code into a service both can call.`,
      from: restriction(server, anyOf(paths, [...ROUTER_IMPORTERS, ...LAYER_MATRIX.map((rule) => rule.from), 'tests'])),
      to: { ...restriction(routers, tests), dependencyTypesNot: ['type-only'] },
    });
  }
  return rules;
};
