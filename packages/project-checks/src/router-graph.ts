import { Node, SyntaxKind, type CallExpression, type SourceFile } from './ts-morph.js';
import { propertyKey, staticText, unwrap, type ProjectContext } from './project.js';
import { bindingOf, exportNamesOf, importsOf, resolveExport, topLevelVariable } from './symbols.js';
import { routerCalls, routerFactoryOf, trpcInstances, type RouterFactory } from './trpc.js';

/** A router value: a module-scope `const x = router({...})`, or an inline one inside another router. */
export interface RouterDef {
  id: string;
  file: string;
  /** Module-scope name, or undefined for an inline router. */
  local: string | undefined;
  exportNames: string[];
  call: CallExpression;
  kind: RouterFactory;
  /** Where to report it: the declared name, or the inline call. */
  anchor: Node;
  label: string;
}

export type Ref = { kind: 'router'; def: RouterDef } | { kind: 'unresolved'; name: string } | { kind: 'none' };

const PREFILTER = /Router\s*[(<]|\brouter\s*[(<]|mergeRouters/;

export class RouterGraph {
  readonly defs: RouterDef[] = [];
  private readonly byCall = new Map<CallExpression, RouterDef>();
  private readonly byName = new Map<string, RouterDef>();

  constructor(private readonly context: ProjectContext) {}

  addFile(sourceFile: SourceFile): void {
    const file = sourceFile.getFilePath();
    for (const { call, kind } of routerCalls(this.context, sourceFile)) {
      const declaration = call.getParentIfKind(SyntaxKind.VariableDeclaration) ?? unwrapParentDeclaration(call);
      const nameNode = declaration?.getNameNode();
      const moduleScope = declaration?.getVariableStatement()?.getParent() === sourceFile;
      const local = moduleScope && nameNode && Node.isIdentifier(nameNode) ? nameNode.getText() : undefined;
      const isDefaultExport = call.getParentIfKind(SyntaxKind.ExportAssignment) !== undefined;
      const exportNames = local ? exportNamesOf(sourceFile, local) : isDefaultExport ? ['default'] : [];
      const def: RouterDef = {
        id: `${file}#${call.getStart()}`,
        file,
        local,
        exportNames,
        call,
        kind,
        anchor: local && nameNode ? nameNode : call,
        label: local ?? (isDefaultExport ? `${this.context.relative(file)} (default export)` : 'an inline router'),
      };
      this.defs.push(def);
      this.byCall.set(call, def);
      if (local) this.byName.set(`${file}#${local}`, def);
      for (const name of exportNames) this.byName.set(`${file}#export:${name}`, def);
    }
  }

  /** The router an expression in a router record (or a mergeRouters argument) names. */
  refOf(sourceFile: SourceFile, expression: Node, depth = 0): Ref {
    const inner = unwrap(expression);
    if (depth > 8) return { kind: 'none' };
    if (Node.isCallExpression(inner)) {
      const def = this.byCall.get(inner);
      if (def) return { kind: 'router', def };
      const lazy = this.lazyTarget(sourceFile, inner);
      if (lazy) return lazy;
      // A router passed through a helper (`withDocs(leadsRouter)`) is still mounted here.
      for (const argument of inner.getArguments()) {
        const ref = this.refOf(sourceFile, argument, depth + 1);
        if (ref.kind !== 'none') return ref;
      }
      return { kind: 'none' };
    }
    if (Node.isIdentifier(inner)) {
      const binding = bindingOf(this.context, sourceFile, inner.getText());
      if (binding === undefined) return { kind: 'none' };
      if (binding.kind === 'unresolved') return isPackage(binding.module) ? { kind: 'none' } : { kind: 'unresolved', name: binding.imported };
      const def = this.byName.get(`${binding.file}#${binding.local}`);
      if (def) return { kind: 'router', def };
      // A module-scope alias (`const leads = leadsRouter`) names what it is initialised with.
      const target = this.context.sourceFile(binding.file);
      const init = topLevelVariable(target, binding.local)?.getInitializer();
      return init ? this.refOf(target, init, depth + 1) : { kind: 'none' };
    }
    if (Node.isPropertyAccessExpression(inner)) {
      const object = unwrap(inner.getExpression());
      const imported = Node.isIdentifier(object) ? importsOf(sourceFile).get(object.getText()) : undefined;
      if (imported?.imported !== '*') return { kind: 'none' };
      const target = this.context.resolve(sourceFile.getFilePath(), imported.module);
      if (!target) return isPackage(imported.module) ? { kind: 'none' } : { kind: 'unresolved', name: inner.getName() };
      const found = resolveExport(this.context, target, inner.getName());
      const def = found ? this.byName.get(`${found.file}#${found.local}`) : undefined;
      return def ? { kind: 'router', def } : { kind: 'none' };
    }
    return { kind: 'none' };
  }

  /** tRPC v11's `lazy(() => import('./x'))` (optionally `.then((m) => m.xRouter)`). */
  private lazyTarget(sourceFile: SourceFile, call: CallExpression): Ref | undefined {
    const dynamicImport = call.getDescendantsOfKind(SyntaxKind.CallExpression).find((c) => c.getExpression().getKind() === SyntaxKind.ImportKeyword);
    const specifier = staticText(dynamicImport?.getArguments()[0]);
    if (specifier === undefined) return undefined;
    const target = this.context.resolve(sourceFile.getFilePath(), specifier);
    if (!target) return isPackage(specifier) ? undefined : { kind: 'unresolved', name: '*' };
    const picked = call.getDescendantsOfKind(SyntaxKind.PropertyAccessExpression).find((access) => access.getFirstAncestor((a) => a === dynamicImport) === undefined && access !== call.getExpression());
    const exported = this.defs.filter((def) => def.file === target && def.exportNames.length > 0);
    const def = (picked && exported.find((d) => d.exportNames.includes(picked.getName()))) ?? (exported.length === 1 ? exported[0] : undefined);
    return def ? { kind: 'router', def } : undefined;
  }

  /** The app router(s): the exported routers of the app router files (all of theirs when none is exported). */
  rootsIn(appFiles: ReadonlySet<string>): RouterDef[] {
    const inApp = this.defs.filter((def) => appFiles.has(def.file));
    return inApp.some((def) => def.exportNames.length > 0) ? inApp.filter((def) => def.exportNames.length > 0) : inApp;
  }

  /** The routers a router mounts: the values of its record, or the routers it merges. */
  mounts(def: RouterDef): { site: Node; key: string | undefined; ref: Ref }[] {
    const sourceFile = def.call.getSourceFile();
    const result: { site: Node; key: string | undefined; ref: Ref }[] = [];
    for (const argument of def.call.getArguments()) {
      const inner = unwrap(argument);
      if (def.kind === 'merge' || !Node.isObjectLiteralExpression(inner)) {
        result.push({ site: argument, key: undefined, ref: this.refOf(sourceFile, argument) });
        continue;
      }
      for (const property of inner.getProperties()) {
        if (Node.isPropertyAssignment(property)) {
          const initializer = property.getInitializer();
          result.push({ site: property, key: propertyKey(property), ref: initializer ? this.refOf(sourceFile, initializer) : { kind: 'none' } });
        } else if (Node.isShorthandPropertyAssignment(property)) {
          result.push({ site: property, key: propertyKey(property), ref: this.refOf(sourceFile, property.getNameNode()) });
        } else if (Node.isSpreadAssignment(property)) {
          result.push({ site: property, key: undefined, ref: { kind: 'none' } });
        }
      }
      break;
    }
    return result;
  }
}

function unwrapParentDeclaration(call: CallExpression) {
  let node: Node = call;
  for (let parent = node.getParent(); parent && (Node.isAsExpression(parent) || Node.isSatisfiesExpression(parent) || Node.isParenthesizedExpression(parent)); parent = node.getParent()) {
    node = parent;
  }
  return node.getParentIfKind(SyntaxKind.VariableDeclaration);
}

/** A bare specifier the run's files cannot satisfy and no tsconfig alias maps: a package. */
function isPackage(specifier: string): boolean {
  return !specifier.startsWith('.') && !specifier.startsWith('/') && !/^[~#]/.test(specifier) && !specifier.startsWith('@/');
}

/** Names of the run's router factories, exported by the tRPC core (`router`, `createTRPCRouter`, ...). */
function factoryNames(context: ProjectContext): string[] {
  const names: string[] = [];
  for (const file of context.filesWith('trpcCore')) {
    const sourceFile = context.sourceFile(file);
    if (trpcInstances(sourceFile).size === 0) continue;
    for (const statement of sourceFile.getVariableStatements()) {
      for (const declaration of statement.getDeclarations()) {
        const init = declaration.getInitializer();
        const name = declaration.getNameNode();
        if (init && Node.isIdentifier(name) && routerFactoryOf(context, init) !== undefined) names.push(name.getText());
        if (Node.isObjectBindingPattern(name)) names.push(...name.getElements().map((element) => element.getNameNode().getText()));
      }
    }
  }
  return names;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The run's routers: every router factory call in router files and in server files that look like they hold one. */
export function buildRouterGraph(context: ProjectContext): RouterGraph {
  const names = factoryNames(context);
  const prefilter = names.length > 0 ? new RegExp(`${PREFILTER.source}|\\b(?:${names.map(escape).join('|')})\\s*[(<]`) : PREFILTER;
  const candidates = context.files.filter(
    (file) => context.isServer(file) && (context.roles.is(file, 'routers') || context.roles.is(file, 'appRouter') || prefilter.test(context.text(file))),
  );
  const graph = new RouterGraph(context);
  for (const file of candidates) graph.addFile(context.sourceFile(file));
  return graph;
}
