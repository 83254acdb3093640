import { allowedRoles, LAYER_MATRIX, LAYER_TARGETS, ROUTER_IMPORTERS } from '@backend-guard/config';
import { anyOf } from '../role-paths.js';
import { restriction, type ForbiddenRule, type RuleFactory } from '../rule-types.js';

/** Rule names start with this; backend-guard reports them all as the check `layers`. */
export const LAYERS_PREFIX = 'layers-';

const WHY =
  'The backend-design document, Canonical Architecture Patterns 4 and 6: "Route orchestration to service layer for non-trivial logic" and "Isolate external APIs behind adapters with retries, backoff, and circuit behavior"; Do / Don\'t: "Don\'t couple router handlers to raw external clients."';

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * One rule per importing layer of the matrix (`layers-routers`, `layers-services`, …); for routers
 * importing router modules, `layers-router-to-router`; and `layers-router-importers` (router
 * modules imported from anywhere but the app router or the Hono entry). Type-only imports are not layer crossings: they
 * vanish at compile time. The same decisions as `layerViolation` in @backend-guard/config.
 */
export const layers: RuleFactory = (paths, layout) => {
  const rules: ForbiddenRule[] = [];
  for (const rule of LAYER_MATRIX) {
    const { from, allow, instead } = rule;
    const allowed = allowedRoles(rule);
    const fromPath = paths[from];
    // Routers importing routers: `layers-router-to-router` below (only router modules count).
    const forbidden = LAYER_TARGETS.filter((role) => !allowed.includes(role) && !(from === 'routers' && role === 'routers'));
    const forbiddenTargets = anyOf(paths, forbidden);
    if (fromPath === undefined || forbiddenTargets === undefined) continue;
    const notTo = from === 'routers' ? [...allowed, 'tests' as const, 'routers' as const] : [...allowed, 'tests' as const];
    rules.push({
      name: `${LAYERS_PREFIX}${from}`,
      severity: 'error',
      comment: `A module in the ${from} layer imports a layer it may not: ${from} may import only ${allow.join(', ')}. ${WHY} Layers that reach past their neighbours spread orchestration, database access and external calls across the codebase, where no timeout budget or retry policy applies. Fix: ${instead}.`,
      from: restriction(fromPath, anyOf(paths, [...ROUTER_IMPORTERS, 'tests'])),
      to: { ...restriction(forbiddenTargets, anyOf(paths, notTo)), dependencyTypesNot: ['type-only'] },
    });
  }
  const routers = paths.routers;
  const server = paths.server;
  if (routers === undefined || server === undefined) return rules;
  const routerRules = LAYER_MATRIX.find((rule) => rule.from === 'routers')!;
  // Router modules (isRouterModule in @backend-guard/config): the files directly in a routers root.
  const routerModules = `^(?:${layout.routerRoots.map(escape).join('|')})[^/]+$`;
  const notARouter = anyOf(paths, ['appRouter', 'tests']);
  rules.push(
    {
      name: `${LAYERS_PREFIX}router-to-router`,
      severity: 'error',
      comment: `A router imports another router module (a file directly in a routers root). ${WHY} Domain routers are independent: each is mounted once by the app router, and one that imports another couples two request surfaces and their tiers. Files in folders below a root are parts of a router and may be shared. Fix: ${routerRules.instead}, or move the shared code into a service or lib.`,
      from: restriction(routers, anyOf(paths, [...ROUTER_IMPORTERS, 'tests'])),
      to: { ...restriction(routerModules, notARouter), dependencyTypesNot: ['type-only'] },
    },
    {
      name: `${LAYERS_PREFIX}router-importers`,
      severity: 'error',
      comment: `A module other than the app router or the Hono entry imports a router. ${WHY} Routers are the edge: the app router mounts them and the Hono entry serves it; code that calls a router module directly skips the procedure's tier, input validation and context. Fix: mount the router in the app router, or move the shared code into a service both can call.`,
      from: restriction(server, anyOf(paths, [...ROUTER_IMPORTERS, ...LAYER_MATRIX.map((rule) => rule.from), 'tests'])),
      // Importing the app router (to serve it, or to type a client) is not importing a router.
      to: { ...restriction(routerModules, notARouter), dependencyTypesNot: ['type-only'] },
    },
  );
  return rules;
};
