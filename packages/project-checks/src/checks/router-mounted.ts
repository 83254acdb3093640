import type { ProjectCheck } from '../check.js';
import { buildRouterGraph, type RouterDef } from '../router-graph.js';
import type { Node } from '../ts-morph.js';

interface MountSite {
  node: Node;
  label: string;
}

export const routerMounted: ProjectCheck = {
  id: 'router-mounted',
  meta: {
    description: 'Require every router module to be mounted exactly once in the app router, under a key of its own',
    messages: {
      notMounted: '{{router}} is not mounted in the app router; mount it under a key in {{appRouter}}',
      mountedTwice: '{{router}} is already mounted at {{first}}; mount each router once',
      duplicateKey: 'Key "{{key}}" is already used in this router; give each router its own key',
      mergeKeyClash: 'Key "{{key}}" comes from both {{first}} and {{second}}; merged routers need distinct keys',
    },
    schema: { type: 'object', additionalProperties: false, properties: {} },
    defaultOptions: {},
  },
  run(context, _options, report) {
    const appRouterFiles = context.filesWith('appRouter');
    const graph = buildRouterGraph(context);
    if (graph.defs.length === 0) return;

    // Duplicate keys in one record, wherever the router is.
    for (const def of graph.defs) {
      const seen = new Set<string>();
      for (const { site, key } of graph.mounts(def)) {
        if (key === undefined) continue;
        if (seen.has(key)) report('duplicateKey', site, { key });
        seen.add(key);
      }
    }

    const appFiles = new Set(appRouterFiles);
    const roots = graph.rootsIn(appFiles);
    if (roots.length === 0) {
      if (graph.defs.some((def) => def.exportNames.length > 0)) {
        context.warn('router-mounted: no app router found (roles.appRouter); routers were not checked for mounting');
      }
      return;
    }

    // Keys a merged router contributes, for clashes between merged routers.
    const keysOf = (def: RouterDef) => new Set(def.kind === 'router' ? graph.mounts(def).flatMap(({ key }) => (key === undefined ? [] : [key])) : []);

    const sites = new Map<RouterDef, MountSite[]>();
    const mountedAnywhere = new Set<RouterDef>();
    const unresolved = new Set<string>();
    for (const def of graph.defs) {
      for (const { ref } of graph.mounts(def)) if (ref.kind === 'router') mountedAnywhere.add(ref.def);
    }
    const visited = new Set<RouterDef>();
    const queue = [...roots];
    while (queue.length > 0) {
      const def = queue.shift()!;
      if (visited.has(def)) continue;
      visited.add(def);
      const merged = new Map<string, string>();
      for (const { site, key, ref } of graph.mounts(def)) {
        if (ref.kind === 'unresolved') unresolved.add(ref.name);
        if (ref.kind !== 'router') continue;
        const label = key === undefined ? `${def.label} (merged)` : `${def.label}.${key}`;
        sites.set(ref.def, [...(sites.get(ref.def) ?? []), { node: site, label }]);
        queue.push(ref.def);
        if (def.kind === 'merge') {
          for (const mergedKey of keysOf(ref.def)) {
            const first = merged.get(mergedKey);
            if (first !== undefined) report('mergeKeyClash', site, { key: mergedKey, first, second: ref.def.label });
            else merged.set(mergedKey, ref.def.label);
          }
        }
      }
    }

    for (const [def, found] of sites) {
      const [first, ...rest] = found;
      for (const site of rest) report('mountedTwice', site.node, { router: def.label, first: first!.label });
    }

    // A router module nothing mounts. One mounted only by an unmounted router is that router's
    // finding, not its own; an import the run could not follow is matched by its exported name.
    const byName = unresolved.has('*');
    const appRouter = roots.map((def) => def.label).join(' / ');
    for (const def of graph.defs) {
      if (def.exportNames.length === 0 || appFiles.has(def.file) || sites.has(def) || mountedAnywhere.has(def)) continue;
      if (byName || def.exportNames.some((name) => unresolved.has(name))) continue;
      const isModule = context.roles.is(def.file, 'routers') || def.local !== undefined;
      if (isModule) report('notMounted', def.anchor, { router: def.label, appRouter });
    }
  },
};
