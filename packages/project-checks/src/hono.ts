import { unwrap, staticText, type ProjectContext } from './project.js';
import { bindingOf, importsOf, topLevelVariable } from './symbols.js';
import { Node, SyntaxKind, type SourceFile } from './ts-morph.js';

/** A Hono route: a request that does not go through a tRPC procedure (or the tRPC mount itself). */
export interface HonoRoute {
  /** `GET`, `POST`…, `ALL`; several joined by `|` for `app.on([...])`. */
  method: string;
  /** The full path, mount prefixes and base paths included. */
  path: string;
  /** The handler's name, `(inline)`, or `tRPC (<adapter>)` for the tRPC mount. */
  handler: string;
  file: string;
  line: number;
}

const HONO_CLASSES: Readonly<Record<string, readonly string[]>> = {
  hono: ['Hono'],
  'hono/tiny': ['Hono'],
  'hono/quick': ['Hono'],
  '@hono/zod-openapi': ['OpenAPIHono'],
};
const TRPC_ADAPTER = /^@hono\/trpc-server$|^@trpc\/server\/adapters\//;
const METHODS = new Set(['get', 'post', 'put', 'delete', 'patch', 'options', 'head', 'all']);
const MAX_MOUNT_DEPTH = 6;

/** One `new Hono()`: its routes relative to itself and the apps it mounts. */
interface App {
  node: Node;
  routes: HonoRoute[];
  mounts: { prefix: string; app: App }[];
  mounted: boolean;
}

const join = (...parts: string[]) => {
  const joined = parts.join('/').replace(/\/{2,}/g, '/');
  return joined.length > 1 ? joined.replace(/\/$/, '') : joined || '/';
};

/** The `new Hono(...)` at the bottom of a chain (`new Hono().basePath('/api')`), and the base paths on the way. */
function honoAt(sourceFile: SourceFile, expression: Node): { node: Node; base: string } | undefined {
  let current = unwrap(expression);
  const bases: string[] = [];
  for (;;) {
    if (Node.isCallExpression(current)) {
      const callee = unwrap(current.getExpression());
      if (!Node.isPropertyAccessExpression(callee)) return undefined;
      if (callee.getName() === 'basePath') bases.unshift(staticText(current.getArguments()[0]) ?? '*');
      current = unwrap(callee.getExpression());
      continue;
    }
    if (Node.isNewExpression(current)) {
      const callee = unwrap(current.getExpression());
      const imported = Node.isIdentifier(callee) ? importsOf(sourceFile).get(callee.getText()) : undefined;
      return imported && HONO_CLASSES[imported.module]?.includes(imported.imported) ? { node: current, base: join('', ...bases) } : undefined;
    }
    return undefined;
  }
}

/** How a handler reads in the map. */
function describeHandler(handler: Node | undefined, adapters: ReadonlySet<string>): string {
  if (handler === undefined) return '(none)';
  const inner = unwrap(handler);
  if (adapters.size > 0) {
    const used = [inner, ...inner.getDescendantsOfKind(SyntaxKind.Identifier)].find((n) => Node.isIdentifier(n) && adapters.has(n.getText()));
    if (used) return `tRPC (${used.getText()})`;
  }
  if (Node.isIdentifier(inner) || Node.isPropertyAccessExpression(inner)) return inner.getText();
  if (Node.isCallExpression(inner)) return `${inner.getExpression().getText()}(…)`;
  return '(inline)';
}

/**
 * The server's Hono routes: every `new Hono()` (imported from hono), the `get/post/…/all/on`
 * calls on the variable holding it, `route(prefix, sub)` mounts (a sub-app held by a variable,
 * or returned by a factory function), and `basePath`. The tRPC adapter mounted with `use` is
 * listed too. Syntax only: apps passed around in other ways are listed unmounted.
 */
export function honoRoutes(context: ProjectContext): HonoRoute[] {
  const apps = new Map<Node, App>();
  const files = context.files.filter((file) => context.isServer(file) && /['"]hono['"/]|@hono\/zod-openapi/.test(context.text(file)));
  const pending: { sourceFile: SourceFile; app: App; prefix: string; sub: Node }[] = [];

  for (const file of files) {
    const sourceFile = context.sourceFile(file);
    const adapters = new Set([...importsOf(sourceFile)].filter(([, binding]) => TRPC_ADAPTER.test(binding.module)).map(([local]) => local));
    for (const declaration of sourceFile.getDescendantsOfKind(SyntaxKind.VariableDeclaration)) {
      const init = declaration.getInitializer();
      const nameNode = declaration.getNameNode();
      const found = init && Node.isIdentifier(nameNode) ? honoAt(sourceFile, init) : undefined;
      if (found === undefined) continue;
      const app: App = { node: found.node, routes: [], mounts: [], mounted: false };
      apps.set(found.node, app);
      const name = nameNode.getText();
      // The calls on this variable in its scope, each chain read from the variable outwards.
      const scope = declaration.getFirstAncestor((a) => Node.isBlock(a) || Node.isSourceFile(a)) ?? sourceFile;
      const chains = [init!, ...scope.getDescendantsOfKind(SyntaxKind.Identifier).filter((id) => id.getText() === name && id !== nameNode)];
      for (const start of chains) {
        let base = start === init ? '' : found.base;
        let node: Node = start === init ? found.node : start;
        for (let parent = node.getParent(); parent && Node.isPropertyAccessExpression(parent) && parent.getExpression() === node; parent = node.getParent()) {
          const call = parent.getParent();
          if (!call || !Node.isCallExpression(call) || call.getExpression() !== parent) break;
          const method = parent.getName();
          const args = call.getArguments();
          // The method name's line: routes chained in one statement each get their own.
          const at = sourceFile.getLineAndColumnAtPos(parent.getNameNode().getStart());
          const where = { file: context.relative(file), line: at.line };
          const first = staticText(args[0]);
          if (method === 'basePath') base = join(base, first ?? '*');
          else if (METHODS.has(method) && first !== undefined) {
            app.routes.push({ method: method.toUpperCase(), path: join(base, first), handler: describeHandler(args.at(-1), adapters), ...where });
          } else if (method === 'on' && args.length >= 2) {
            const methodsNode = unwrap(args[0]!);
            const methods = Node.isArrayLiteralExpression(methodsNode) ? methodsNode.getElements().map((e) => staticText(e)) : [staticText(methodsNode)];
            const routePath = staticText(args[1]);
            if (routePath !== undefined && methods.every((m) => m !== undefined)) {
              app.routes.push({ method: methods.join('|').toUpperCase(), path: join(base, routePath), handler: describeHandler(args.at(-1), adapters), ...where });
            }
          } else if (method === 'use' && first !== undefined && args.length >= 2) {
            const handler = describeHandler(args.at(-1), adapters);
            if (handler.startsWith('tRPC')) app.routes.push({ method: 'ALL', path: join(base, first), handler, ...where });
          } else if (method === 'route' && first !== undefined && args[1] !== undefined) {
            pending.push({ sourceFile, app, prefix: join(base, first), sub: args[1] });
          }
          node = call;
        }
      }
    }
  }

  for (const { sourceFile, app, prefix, sub } of pending) {
    const target = appOf(context, apps, sourceFile, sub);
    if (target && target !== app) {
      app.mounts.push({ prefix, app: target });
      target.mounted = true;
    }
  }

  const routes: HonoRoute[] = [];
  const emit = (app: App, prefix: string, depth: number) => {
    if (depth > MAX_MOUNT_DEPTH) return;
    for (const route of app.routes) routes.push({ ...route, path: join(prefix, route.path) });
    for (const mount of app.mounts) emit(mount.app, join(prefix, mount.prefix), depth + 1);
  };
  for (const app of apps.values()) if (!app.mounted) emit(app, '', 0);
  return routes;
}

/** The app a `route()` argument names: a variable holding one, or a call of a function that makes one. */
function appOf(context: ProjectContext, apps: ReadonlyMap<Node, App>, sourceFile: SourceFile, expression: Node, depth = 0): App | undefined {
  if (depth > MAX_MOUNT_DEPTH) return undefined;
  const inner = unwrap(expression);
  const direct = honoAt(sourceFile, inner);
  if (direct) return apps.get(direct.node);
  if (Node.isCallExpression(inner)) {
    const callee = unwrap(inner.getExpression());
    if (!Node.isIdentifier(callee)) return undefined;
    const binding = bindingOf(context, sourceFile, callee.getText());
    if (binding?.kind !== 'local') return undefined;
    const target = context.sourceFile(binding.file);
    const fn = target.getFunction(binding.local) ?? topLevelVariable(target, binding.local)?.getInitializer();
    const made = fn ? [...apps.values()].filter((app) => app.node.getFirstAncestor((a) => a === fn) !== undefined) : [];
    return made.length === 1 ? made[0] : undefined;
  }
  if (!Node.isIdentifier(inner)) return undefined;
  const binding = bindingOf(context, sourceFile, inner.getText());
  if (binding?.kind !== 'local') return undefined;
  const target = context.sourceFile(binding.file);
  const init = topLevelVariable(target, binding.local)?.getInitializer();
  return init ? appOf(context, apps, target, init, depth + 1) : undefined;
}
