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
 * importing routers, `layers-router-siblings` (domain routers directly in a routers root import
 * no other router) and `layers-router-nested` (a router in a subfolder may import its own folder's
 * parts, nothing else of the routers layer); and `layers-router-importers` (routers imported from
 * anywhere but the app router or the Hono entry). Type-only imports are not layer crossings: they
 * vanish at compile time. The same decisions as `layerViolation` in @backend-guard/config.
 */
export const layers: RuleFactory = (paths, layout) => {
  const tests = paths.tests;
  const rules: ForbiddenRule[] = [];
  for (const rule of LAYER_MATRIX) {
    const { from, allow, instead } = rule;
    const allowed = allowedRoles(rule);
    const fromPath = paths[from];
    // Routers importing routers are the two rules below (a router's own parts are allowed).
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
  const rootAlternatives = layout.routerRoots.map(escape).join('|');
  const rootFiles = `^(?:${rootAlternatives})[^/]+$`;
  // Router modules (isRouterModule): the files directly in a routers root.
  const routerModules = rootFiles;
  const notARouter = anyOf(paths, ['appRouter', 'tests']);
  const routerComment = `A router imports another router. ${WHY} Domain routers are independent: each is mounted once by the app router, and one that imports another couples two request surfaces and their tiers. A router split into a folder may import its own parts (sub-routers, handlers, schemas in its folder). Fix: ${routerRules.instead}, or move the shared code into a service or lib.`;
  rules.push(
    {
      name: `${LAYERS_PREFIX}router-siblings`,
      severity: 'error',
      comment: routerComment,
      from: restriction(rootFiles, anyOf(paths, [...ROUTER_IMPORTERS, 'tests'])),
      to: { ...restriction(routerModules, notARouter), dependencyTypesNot: ['type-only'] },
    },
    {
      name: `${LAYERS_PREFIX}router-nested`,
      severity: 'error',
      comment: routerComment,
      // $1 is the importer's folder: what lies in it or below is the router's own.
      from: restriction(`^((?:${rootAlternatives})(?:|.*/))[^/]+$`, [rootFiles, anyOf(paths, [...ROUTER_IMPORTERS, 'tests'])].join('|')),
      to: { ...restriction(routerModules, [notARouter, '^$1'].filter((s) => s !== undefined).join('|')), dependencyTypesNot: ['type-only'] },
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
