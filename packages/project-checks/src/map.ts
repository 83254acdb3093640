import path from 'node:path';
import type { RoleName } from '@backend-guard/config';
import { tierDefinitions } from './checks/tier-chain.js';
import { honoRoutes, type HonoRoute } from './hono.js';
import { ProjectContext, propertyKey, staticText, unwrap, type ProjectCheckInput } from './project.js';
import { buildRouterGraph, type RouterDef, type RouterGraph } from './router-graph.js';
import { bindingOf, importsOf, isShadowed, isValueReference, resolveExport, topLevelVariable } from './symbols.js';
import { chainRoot, isRawBuilder } from './trpc.js';
import type { ts as TS } from 'ts-morph';
import { Node, ts, type CallExpression, type SourceFile } from './ts-morph.js';

export type { HonoRoute } from './hono.js';

export type ProcedureKind = 'query' | 'mutation' | 'subscription';

/** A configured tier as the tRPC core defines it. */
export interface MappedTier {
  name: string;
  /** 0 for the lowest tier. */
  rank: number;
  /** The tier it is derived from (null: tRPC's raw builder, or not found). */
  base: string | null;
  /** Its own middleware, in the order they run (the `.use(...)` arguments' text). */
  middleware: string[];
  /** Where it is defined (relative to the root), or null when the core does not define it. */
  file: string | null;
  line: number | null;
}

export interface MappedProcedure {
  /** The path a client calls (`users.list`). */
  path: string;
  /** The top-level router key it belongs to (`users`), or the app router's name for its own procedures. */
  router: string;
  kind: ProcedureKind;
  /** The configured tier it starts from, or null (tRPC's raw builder, or a builder not derived from a tier). */
  tier: string | null;
  /** The builder as the router names it, when it is not the tier itself (an ad-hoc or renamed builder, `t.procedure`). */
  builder: string | null;
  /** Middleware added between the tier and the procedure (an ad-hoc builder's or the procedure's own `.use(...)`). */
  middleware: string[];
  /** The input schema: its name, a short shape (`z.object({ id, limit })`), or null for none. */
  input: string | null;
  /** Service functions the resolver calls (directly or through helpers that are not services). */
  services: string[];
  /** Tables reached, through services and helpers (SQL names). */
  tables: string[];
  /** Adapter exports reached, through services and helpers. */
  adapters: string[];
  /** What the resolver reaches itself or through helpers, not through a service (work a service should own). */
  direct: { tables: string[]; adapters: string[] };
  file: string;
  line: number;
}

export interface MappedService {
  /** `<module>.<export>` (`users.getMyProfile`). */
  name: string;
  file: string;
  /** Other services it calls. */
  services: string[];
  /** Tables and adapters it reaches without going through another service. */
  tables: string[];
  adapters: string[];
}

export interface UnmappedEntry {
  /** The path the entry would have (`…` for a spread, `[computed]` for a computed key). */
  path: string;
  file: string;
  line: number;
}

export interface ProcedureMap {
  tiers: MappedTier[];
  /** The app router(s) the paths start from (`appRouter`). */
  appRouters: string[];
  procedures: MappedProcedure[];
  /** Every service function a procedure reaches, with what it reaches itself (for the lifecycle diagram). */
  services: MappedService[];
  /** Router entries the map could not follow (a value built at run time, a computed key): the inventory is incomplete there. */
  unmapped: UnmappedEntry[];
  /** Hono routes of the server (method, path, handler): the requests that do not go through tRPC. */
  honoRoutes: HonoRoute[];
  /** Source files parsed. */
  filesAnalyzed: number;
  /** Router definitions found (0: the project has no tRPC router). */
  routerCount: number;
}

const KINDS = new Set<string>(['query', 'mutation', 'subscription']);
const MIDDLEWARE_METHODS = new Set(['use', 'concat', 'unstable_concat']);
const PASS_THROUGH = new Set(['meta', 'output']);
const MAX_BUILDER_ALIASES = 8;
const MAX_SHAPE_KEYS = 4;
const MAX_TEXT = 60;
const MAX_MIDDLEWARE = 40;
const MAX_ARGUMENT = 20;
const MAX_SHAPE_DEPTH = 12;
/** Roles whose exports are infrastructure, not part of a request's reach (a call through the app router is another procedure's). */
const OPAQUE: readonly RoleName[] = ['db', 'env', 'logger', 'trpcCore', 'core', 'migrations', 'tests', 'honoEntry', 'appRouter'];

type Target =
  | { kind: 'table'; name: string }
  | { kind: 'adapter'; name: string }
  | { kind: 'service'; name: string; file: string; node: Node }
  | { kind: 'code'; key: string; node: Node };

interface Reach {
  tables: Set<string>;
  adapters: Set<string>;
  /** Services reached without going through another service. */
  services: Map<string, Extract<Target, { kind: 'service' }>>;
}

/** The request's reach: which functions, tables and adapters code gets to, one declaration at a time. */
class ReachIndex {
  private readonly targets = new Map<Node, Target[]>();
  private readonly local = new Map<Node, Reach>();
  private tableNames: Map<string, string> | undefined;

  constructor(private readonly context: ProjectContext) {}

  /** Tables and adapters reached from `node` without passing through a service, and the services reached. */
  reachOf(node: Node): Reach {
    if (!this.local.has(node)) this.visit(node);
    return this.local.get(node)!;
  }

  // Tarjan's strongly connected components over the helper graph: helpers that call each other
  // (a cycle) reach the same things, so each component's reach is computed once, for all its members.
  private readonly order = new Map<Node, number>();
  private readonly lowest = new Map<Node, number>();
  private readonly stack: Node[] = [];
  private readonly onStack = new Set<Node>();
  private readonly partial = new Map<Node, Reach>();

  private visit(node: Node): void {
    const index = this.order.size;
    this.order.set(node, index);
    this.lowest.set(node, index);
    this.stack.push(node);
    this.onStack.add(node);
    const reach: Reach = { tables: new Set(), adapters: new Set(), services: new Map() };
    this.partial.set(node, reach);
    for (const target of this.targetsOf(node)) {
      if (target.kind === 'table') reach.tables.add(target.name);
      else if (target.kind === 'adapter') reach.adapters.add(target.name);
      else if (target.kind === 'service') reach.services.set(target.name, target);
      else if (this.local.has(target.node)) merge(reach, this.local.get(target.node)!);
      else if (!this.order.has(target.node)) {
        this.visit(target.node);
        this.lowest.set(node, Math.min(this.lowest.get(node)!, this.lowest.get(target.node)!));
        merge(reach, this.local.get(target.node) ?? this.partial.get(target.node)!);
      } else if (this.onStack.has(target.node)) {
        this.lowest.set(node, Math.min(this.lowest.get(node)!, this.order.get(target.node)!));
      }
    }
    if (this.lowest.get(node) !== index) return;
    const members: Node[] = [];
    for (let member = this.stack.pop(); member !== undefined; member = this.stack.pop()) {
      this.onStack.delete(member);
      members.push(member);
      if (member === node) break;
    }
    const component: Reach = { tables: new Set(), adapters: new Set(), services: new Map() };
    for (const member of members) merge(component, this.partial.get(member)!);
    for (const member of members) {
      this.local.set(member, component);
      this.partial.delete(member);
    }
  }

  /** Everything reached from `node`, through services too. */
  fullReachOf(node: Node): { tables: Set<string>; adapters: Set<string> } {
    const tables = new Set<string>();
    const adapters = new Set<string>();
    const seen = new Set<Node>();
    const visit = (current: Node) => {
      if (seen.has(current)) return;
      seen.add(current);
      const reach = this.reachOf(current);
      for (const table of reach.tables) tables.add(table);
      for (const adapter of reach.adapters) adapters.add(adapter);
      for (const service of reach.services.values()) visit(service.node);
    };
    visit(node);
    return { tables, adapters };
  }

  /** What the identifiers (and relational `db.query.<table>` reads) inside a node name. */
  private targetsOf(node: Node): Target[] {
    const cached = this.targets.get(node);
    if (cached) return cached;
    const found: Target[] = [];
    const seen = new Set<string>();
    const add = (target: Target | undefined) => {
      if (target === undefined) return;
      const key = target.kind === 'code' ? target.key : `${target.kind}:${target.name}`;
      if (seen.has(key)) return;
      seen.add(key);
      found.push(target);
    };
    const sourceFile = node.getSourceFile();
    const compilerFile = sourceFile.compilerNode;
    const imports = importsOf(sourceFile);
    const topLevel = topLevelNamesOf(sourceFile);
    // Walked on the compiler's nodes; only identifiers naming a module-scope binding are wrapped.
    const visit = (current: TS.Node): void => {
      if (ts.isIdentifier(current)) {
        const name = current.text;
        if (!imports.has(name) && !topLevel.has(name)) return;
        const identifier = sourceFile.getDescendantAtStartWithWidth(current.getStart(compilerFile), current.getWidth(compilerFile));
        if (identifier === undefined || !Node.isIdentifier(identifier) || !isValueReference(identifier)) return;
        const parent = current.parent;
        const property = ts.isPropertyAccessExpression(parent) && parent.expression === current && ts.isIdentifier(parent.name) ? parent.name.text : undefined;
        add(this.resolveIdentifier(sourceFile, identifier, property));
        return;
      }
      // `db.query.users.findMany(...)`: Drizzle's relational queries name the table by its export.
      if (ts.isPropertyAccessExpression(current) && ts.isPropertyAccessExpression(current.expression) && current.expression.name.text === 'query') {
        const table = this.tablesByExport().get(current.name.text);
        if (table !== undefined) add({ kind: 'table', name: table });
      }
      ts.forEachChild(current, visit);
    };
    ts.forEachChild(node.compilerNode, visit);
    this.targets.set(node, found);
    return found;
  }

  private resolveIdentifier(sourceFile: SourceFile, identifier: Node, property: string | undefined): Target | undefined {
    const name = identifier.getText();
    const file = sourceFile.getFilePath();
    const imported = importsOf(sourceFile).get(name);
    if (imported?.imported === '*') {
      if (property === undefined) return undefined;
      const module = this.context.resolve(file, imported.module) ?? this.context.resolveWorkspace(imported.module);
      const found = module ? resolveExport(this.context, module, property) : undefined;
      return found && !isShadowed(identifier, name) ? this.declaration(file, found.file, found.local, undefined) : undefined;
    }
    if (imported !== undefined) {
      const binding = bindingOf(this.context, sourceFile, name);
      if (binding === undefined || isShadowed(identifier, name)) return undefined;
      if (binding.kind === 'local') return this.declaration(file, binding.file, binding.local, property);
      // One of the root's workspace packages (`@acme/db/queries`), followed into its source.
      const module = this.context.resolveWorkspace(imported.module);
      const found = module ? resolveExport(this.context, module, binding.imported) : undefined;
      if (found) return this.declaration(file, found.file, found.local, property);
      // A package the run has no source of: a name one of the schema files exports as a table is that table.
      const table = imported.module.startsWith('.') ? undefined : this.tablesByExport().get(binding.imported);
      return table === undefined ? undefined : { kind: 'table', name: table };
    }
    if (!declaresAtTopLevel(sourceFile, name) || isShadowed(identifier, name)) return undefined;
    return this.declaration(file, file, name, property);
  }

  /** What a module-scope declaration is to the map, by the roles of its file. */
  private declaration(from: string, file: string, local: string, property: string | undefined): Target | undefined {
    const { context } = this;
    if (!context.fileSet.has(file) || !context.isServer(file)) return undefined;
    const roles = context.roles.rolesOf(file);
    const sourceFile = context.sourceFile(file);
    if (roles.has('schema')) {
      const table = tableName(sourceFile, local);
      return table === undefined ? undefined : { kind: 'table', name: table };
    }
    const label = `${this.moduleLabel(file)}.${local}${property === undefined ? '' : `.${property}`}`;
    if (OPAQUE.some((role) => roles.has(role)) && !roles.has('adapters')) return undefined;
    const node = declarationBody(sourceFile, local, property);
    if (node === undefined) return undefined;
    // An adapter is reached by calling it; its constants (an enum, an interval) are not a call out.
    if (roles.has('adapters')) return runsCode(node) ? { kind: 'adapter', name: label } : undefined;
    // A service's own helpers and columns are part of it: an edge is a call into another service module.
    if (roles.has('services') && file !== from && runsCode(node)) return { kind: 'service', name: label, file, node };
    return { kind: 'code', key: `${file}#${local}${property === undefined ? '' : `.${property}`}`, node };
  }

  private labels: Map<string, string> | undefined;

  /**
   * How a service or adapter module is named: its file name (`users` for services/users.ts, the
   * folder for an index), with as many parent folders as it takes to tell it from the others
   * (`page/update` beside `monitor/update`).
   */
  private moduleLabel(file: string): string {
    if (this.labels === undefined) {
      this.labels = new Map();
      const segments = (f: string) => {
        const parts = this.context.relative(f).replace(/\.[cm]?[jt]sx?$/, '').split('/');
        return parts.at(-1) === 'index' && parts.length > 1 ? parts.slice(0, -1) : parts;
      };
      // Services among services, adapters among adapters: their columns already tell one from the other.
      for (const files of [this.context.filesWith('services'), this.context.filesWith('adapters')]) {
        for (const f of files) {
          if (this.labels.has(f)) continue;
          const own = segments(f);
          let depth = 1;
          while (depth < own.length && files.some((other) => other !== f && segments(other).slice(-depth).join('/') === own.slice(-depth).join('/'))) depth += 1;
          this.labels.set(f, own.slice(-depth).join('/'));
        }
      }
    }
    return this.labels.get(file) ?? moduleName(file);
  }

  /** Export name → SQL name of every table the schema files define (for relational queries). */
  private tablesByExport(): Map<string, string> {
    if (this.tableNames) return this.tableNames;
    this.tableNames = new Map();
    for (const file of this.context.filesWith('schema')) {
      const sourceFile = this.context.sourceFile(file);
      for (const statement of sourceFile.getVariableStatements()) {
        if (!statement.hasExportKeyword()) continue;
        for (const declaration of statement.getDeclarations()) {
          const table = tableName(sourceFile, declaration.getName());
          if (table !== undefined) this.tableNames.set(declaration.getName(), table);
        }
      }
    }
    return this.tableNames;
  }
}

const topLevelNames = new WeakMap<SourceFile, ReadonlySet<string>>();

/** True when the file declares `name` at module scope (a variable, function or class). */
function merge(into: Reach, from: Reach): void {
  for (const table of from.tables) into.tables.add(table);
  for (const adapter of from.adapters) into.adapters.add(adapter);
  for (const [name, service] of from.services) into.services.set(name, service);
}

function declaresAtTopLevel(sourceFile: SourceFile, name: string): boolean {
  return topLevelNamesOf(sourceFile).has(name);
}

function topLevelNamesOf(sourceFile: SourceFile): ReadonlySet<string> {
  let names = topLevelNames.get(sourceFile);
  if (names === undefined) {
    const found = new Set<string>();
    for (const statement of sourceFile.getVariableStatements()) for (const declaration of statement.getDeclarations()) found.add(declaration.getName());
    for (const fn of sourceFile.getFunctions()) if (fn.getName()) found.add(fn.getName()!);
    for (const cls of sourceFile.getClasses()) if (cls.getName()) found.add(cls.getName()!);
    topLevelNames.set(sourceFile, (names = found));
  }
  return names;
}

/** A function, a class, or an object with methods (a service object): not a constant such as a column list. */
function runsCode(node: Node): boolean {
  if (Node.isPropertyAssignment(node)) return runsCode(unwrap(node.getInitializerOrThrow()));
  if (Node.isObjectLiteralExpression(node)) return node.getProperties().some((p) => Node.isMethodDeclaration(p) || (Node.isPropertyAssignment(p) && runsCode(unwrap(p.getInitializerOrThrow()))));
  return (
    Node.isFunctionDeclaration(node) ||
    Node.isArrowFunction(node) ||
    Node.isFunctionExpression(node) ||
    Node.isMethodDeclaration(node) ||
    Node.isClassDeclaration(node) ||
    Node.isCallExpression(node) ||
    Node.isNewExpression(node)
  );
}

/** The node whose code runs for a module-scope declaration (a method of an object literal when one is named). */
function declarationBody(sourceFile: SourceFile, local: string, property: string | undefined): Node | undefined {
  const fn = sourceFile.getFunction(local);
  if (fn) return fn;
  const cls = sourceFile.getClass(local);
  if (cls) return cls;
  const init = topLevelVariable(sourceFile, local)?.getInitializer();
  if (init === undefined) return undefined;
  const value = unwrap(init);
  if (property !== undefined && Node.isObjectLiteralExpression(value)) {
    const member = value.getProperties().find((p) => propertyKey(p) === property);
    if (member) return member;
  }
  return value;
}

/** The SQL name of a Drizzle table declared as `local` (`pgTable('users', ...)`, a `pgTableCreator` or `schema.table(...)` result). */
function tableName(sourceFile: SourceFile, local: string): string | undefined {
  const init = topLevelVariable(sourceFile, local)?.getInitializer();
  if (init === undefined) return undefined;
  const call = unwrap(init);
  if (!Node.isCallExpression(call) || !isTableFactory(sourceFile, call, 0)) return undefined;
  return staticText(call.getArguments()[0]) ?? local;
}

function isTableFactory(sourceFile: SourceFile, call: CallExpression, depth: number): boolean {
  const callee = unwrap(call.getExpression());
  const root = chainRoot(callee);
  if (root === undefined || depth > 2) return false;
  const imported = importsOf(sourceFile).get(root.getText());
  if (imported !== undefined) return /^drizzle-orm\/[\w-]+-core$/.test(imported.module) && (Node.isPropertyAccessExpression(callee) || /Table(Creator)?$/.test(imported.imported));
  // A local factory: `const createTable = pgTableCreator(...)`, `const app = pgSchema('app')` (then `app.table(...)`).
  const init = topLevelVariable(sourceFile, root.getText())?.getInitializer();
  const inner = init ? unwrap(init) : undefined;
  return inner !== undefined && Node.isCallExpression(inner) && isTableFactory(sourceFile, inner, depth + 1);
}

/** `users` for server/services/users.ts, `billing` for server/services/billing/index.ts. */
function moduleName(file: string): string {
  const base = path.basename(file).replace(/\.[cm]?[jt]sx?$/, '');
  return base === 'index' ? path.basename(path.dirname(file)) : base;
}

/** A short description of an input schema: its name, or a shape such as `z.object({ id, limit }).optional()`. */
function describeInput(node: Node): string {
  return shortText(describeSchema(node, 0));
}

function describeSchema(node: Node, depth: number): string {
  const inner = unwrap(node);
  if (Node.isPropertyAccessExpression(inner) && depth < MAX_SHAPE_DEPTH) return `${describeSchema(inner.getExpression(), depth + 1)}.${inner.getName()}`;
  if (!Node.isCallExpression(inner) || depth >= MAX_SHAPE_DEPTH) return inner.getText().replace(/\s+/g, depth === 0 ? ' ' : '');
  const args = inner.getArguments().map((argument) => {
    const value = unwrap(argument);
    if (Node.isObjectLiteralExpression(value)) {
      const keys = value.getProperties().map((p) => propertyKey(p) ?? '…');
      return `{ ${(keys.length > MAX_SHAPE_KEYS ? [...keys.slice(0, MAX_SHAPE_KEYS), '…'] : keys).join(', ')} }`;
    }
    const text = value.getText().replace(/\s+/g, ' ');
    return text.length <= MAX_ARGUMENT ? text : '…';
  });
  return `${describeSchema(inner.getExpression(), depth + 1)}(${args.join(', ')})`;
}

/** A middleware by its name or call (`requireUser`, `withRatelimit(ratelimit.read)`); one written inline is `inline`. */
function describeMiddleware(text: string): string {
  return /^\s*(async\b\s*)?(function\b|\([^)]*\)\s*=>|\(\s*\{|[\w$]+\s*=>)/.test(text) ? 'inline' : shortText(text, MAX_MIDDLEWARE);
}

/** Source text on one line, cut to a table cell's length. */
function shortText(text: string, max = MAX_TEXT): string {
  const line = text.replace(/\s+/g, ' ');
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

interface Chain {
  kind: ProcedureKind;
  tier: string | null;
  builder: string | null;
  middleware: string[];
  inputs: string[];
  resolver: Node | undefined;
}

/** Reads a procedure chain (`tier.use(m).input(s).query(fn)`) down to the tier it starts from; undefined when the value is not a procedure. */
function readProcedure(context: ProjectContext, sourceFile: SourceFile, value: Node, tiers: readonly string[]): Chain | undefined {
  const outer = unwrap(value);
  if (!Node.isCallExpression(outer)) return undefined;
  const outerCallee = unwrap(outer.getExpression());
  if (!Node.isPropertyAccessExpression(outerCallee) || !KINDS.has(outerCallee.getName())) return undefined;
  const chain: Chain = { kind: outerCallee.getName() as ProcedureKind, tier: null, builder: null, middleware: [], inputs: [], resolver: outer.getArguments().at(-1) };
  let current = unwrap(outerCallee.getExpression());
  let file = sourceFile;
  let named: string | undefined;
  let ownMiddleware = true;
  for (let aliases = 0; ; ) {
    if (Node.isCallExpression(current)) {
      const callee = unwrap(current.getExpression());
      if (!Node.isPropertyAccessExpression(callee)) return { ...chain, builder: current.getText() };
      const method = callee.getName();
      if (method === 'input') chain.inputs.unshift(...current.getArguments().map(describeInput));
      else if (MIDDLEWARE_METHODS.has(method)) {
        if (ownMiddleware) chain.middleware.unshift(...current.getArguments().map((a) => describeMiddleware(a.getText())));
      }
      else if (!PASS_THROUGH.has(method)) return { ...chain, builder: named ?? current.getText() };
      current = unwrap(callee.getExpression());
      continue;
    }
    if (isRawBuilder(current)) return { ...chain, builder: named ?? current.getText() };
    if (!Node.isIdentifier(current)) return { ...chain, builder: named ?? current.getText() };
    const name = current.getText();
    named ??= name;
    const binding = bindingOf(context, file, name);
    const declared = binding?.kind === 'local' ? binding.local : binding?.kind === 'unresolved' ? binding.imported : name;
    if (tiers.includes(declared)) return { ...chain, tier: declared, builder: named === declared ? null : named };
    // An ad-hoc builder (`const orgProcedure = protectedProcedure.use(inOrg)`), here or in another module.
    if (binding?.kind !== 'local' || ++aliases > MAX_BUILDER_ALIASES) return { ...chain, builder: named };
    const target = context.sourceFile(binding.file);
    const init = topLevelVariable(target, binding.local)?.getInitializer();
    if (init === undefined) return { ...chain, builder: named };
    file = target;
    current = unwrap(init);
    // A builder the tRPC core defines is named as such: its middleware is the core's, not the procedure's.
    if (context.roles.is(binding.file, 'trpcCore')) ownMiddleware = false;
  }
}

/** The object literal a router record's value is or names (a module-scope const, here or imported). */
function recordOf(context: ProjectContext, sourceFile: SourceFile, value: Node, depth = 0): { node: Node; sourceFile: SourceFile } | undefined {
  const inner = unwrap(value);
  if (Node.isObjectLiteralExpression(inner)) return { node: inner, sourceFile };
  if (!Node.isIdentifier(inner) || depth > MAX_BUILDER_ALIASES) return undefined;
  const binding = bindingOf(context, sourceFile, inner.getText());
  if (binding?.kind !== 'local') return undefined;
  const target = context.sourceFile(binding.file);
  const init = topLevelVariable(target, binding.local)?.getInitializer();
  return init === undefined ? undefined : recordOf(context, target, init, depth + 1);
}

interface Mount {
  path: string[];
  def: RouterDef;
}

/**
 * The procedure inventory of a backend: every procedure of the app router with its path, kind,
 * tier, input schema, the services it calls and the tables and adapters it reaches, plus the tier
 * chain and the Hono routes. Reuses the checks' router graph and tier resolution; syntax only.
 */
export function buildProcedureMap(input: ProjectCheckInput): ProcedureMap {
  const context = new ProjectContext(input);
  const tiers = context.config.tiers;
  const definitions = tierDefinitions(context);
  const mappedTiers: MappedTier[] = tiers.map((name, rank) => {
    const definition = definitions[rank];
    if (definition === undefined) return { name, rank, base: null, middleware: [], file: null, line: null };
    const position = context.position(definition.name);
    return {
      name,
      rank,
      base: definition.base.kind === 'tier' ? (tiers[definition.base.rank] ?? null) : null,
      middleware: definition.steps.map(describeMiddleware),
      file: position.file,
      line: position.line,
    };
  });

  const graph = buildRouterGraph(context);
  const appFiles = new Set(context.filesWith('appRouter'));
  let roots = graph.rootsIn(appFiles);
  if (roots.length === 0) {
    // No app router where the config says: start from the exported routers nothing mounts.
    const mounted = new Set(graph.defs.flatMap((def) => graph.mounts(def).flatMap(({ ref }) => (ref.kind === 'router' ? [ref.def] : []))));
    roots = graph.defs.filter((def) => def.exportNames.length > 0 && !mounted.has(def));
    if (graph.defs.length > 0) context.warn('map: no app router found (roles.appRouter); paths start at each router nothing mounts');
  }

  const reach = new ReachIndex(context);
  const procedures: MappedProcedure[] = [];
  const services = new Map<string, Extract<Target, { kind: 'service' }>>();
  const visited = new Set<RouterDef>();
  const queue: Mount[] = roots.map((def) => ({ path: [], def }));
  const rootLabel = roots.map((def) => def.label).join(' / ');

  const addProcedure = (pathParts: string[], written: Node, writtenIn: SourceFile) => {
    // A procedure inline, or a module-scope const holding one (`list: listLeads`), here or imported.
    let value = written;
    let chain = readProcedure(context, writtenIn, value, tiers);
    const inner = unwrap(written);
    if (chain === undefined && Node.isIdentifier(inner)) {
      const binding = bindingOf(context, writtenIn, inner.getText());
      const init = binding?.kind === 'local' ? topLevelVariable(context.sourceFile(binding.file), binding.local)?.getInitializer() : undefined;
      if (init !== undefined) {
        value = init;
        chain = readProcedure(context, init.getSourceFile(), init, tiers);
      }
    }
    if (chain === undefined) return false;
    let direct: Reach = { tables: new Set(), adapters: new Set(), services: new Map() };
    let full = { tables: new Set<string>(), adapters: new Set<string>() };
    if (chain.resolver !== undefined) {
      direct = reach.reachOf(chain.resolver);
      full = reach.fullReachOf(chain.resolver);
      for (const service of direct.services.values()) collectServices(service, reach, services);
    }
    const position = context.position(value);
    procedures.push({
      path: pathParts.join('.'),
      router: pathParts.length > 1 ? pathParts[0]! : rootLabel,
      kind: chain.kind,
      tier: chain.tier,
      builder: chain.builder,
      middleware: chain.middleware,
      input: chain.inputs.length === 0 ? null : chain.inputs.join(' & '),
      services: [...direct.services.keys()].sort(),
      tables: [...full.tables].sort(),
      adapters: [...full.adapters].sort(),
      direct: { tables: [...direct.tables].sort(), adapters: [...direct.adapters].sort() },
      file: position.file,
      line: position.line,
    });
    return true;
  };

  const unmapped: UnmappedEntry[] = [];
  const skip = (pathParts: string[], node: Node) => {
    const position = context.position(node);
    unmapped.push({ path: pathParts.join('.'), file: position.file, line: position.line });
  };
  const records = new Set<Node>();
  const walkRecord = (pathParts: string[], record: Node, sourceFile: SourceFile, router: RouterGraph) => {
    if (!Node.isObjectLiteralExpression(record)) return;
    for (const property of record.getProperties()) {
      if (Node.isSpreadAssignment(property)) {
        // `...sharedRoutes`: its entries join this router's.
        const spread = recordOf(context, sourceFile, property.getExpression());
        if (spread !== undefined && !records.has(spread.node)) {
          records.add(spread.node);
          walkRecord(pathParts, spread.node, spread.sourceFile, router);
        } else if (spread === undefined) skip([...pathParts, '…'], property);
        continue;
      }
      const key = propertyKey(property);
      const value = Node.isPropertyAssignment(property) ? property.getInitializer() : Node.isShorthandPropertyAssignment(property) ? property.getNameNode() : undefined;
      if (key === undefined || value === undefined) {
        skip([...pathParts, key ?? '[computed]'], property);
        continue;
      }
      if (addProcedure([...pathParts, key], value, sourceFile)) continue;
      const ref = router.refOf(sourceFile, value);
      if (ref.kind === 'router') {
        queue.push({ path: [...pathParts, key], def: ref.def });
        continue;
      }
      // tRPC v11 takes a plain object as a sub-router, inline or from a module (`{...} satisfies TRPCRouterRecord`).
      const record = recordOf(context, sourceFile, value);
      if (record === undefined) skip([...pathParts, key], property);
      else if (!records.has(record.node)) {
        records.add(record.node);
        walkRecord([...pathParts, key], record.node, record.sourceFile, router);
      }
    }
  };

  while (queue.length > 0) {
    const { path: prefix, def } = queue.shift()!;
    if (visited.has(def)) continue;
    visited.add(def);
    const sourceFile = def.call.getSourceFile();
    if (def.kind === 'merge') {
      for (const { ref } of graph.mounts(def)) if (ref.kind === 'router') queue.push({ path: prefix, def: ref.def });
      continue;
    }
    const [record] = def.call.getArguments();
    if (record !== undefined) walkRecord(prefix, unwrap(record), sourceFile, graph);
  }

  const mappedServices: MappedService[] = [...services.values()]
    .map((service) => {
      const own = reach.reachOf(service.node);
      return {
        name: service.name,
        file: context.relative(service.file),
        services: [...own.services.keys()].filter((name) => name !== service.name).sort(),
        tables: [...own.tables].sort(),
        adapters: [...own.adapters].sort(),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));

  return {
    tiers: mappedTiers,
    appRouters: roots.map((def) => def.label),
    procedures,
    services: mappedServices,
    unmapped,
    honoRoutes: honoRoutes(context),
    filesAnalyzed: context.parsedCount,
    routerCount: graph.defs.length,
  };
}

function collectServices(service: Extract<Target, { kind: 'service' }>, reach: ReachIndex, into: Map<string, Extract<Target, { kind: 'service' }>>): void {
  if (into.has(service.name)) return;
  into.set(service.name, service);
  for (const inner of reach.reachOf(service.node).services.values()) collectServices(inner, reach, into);
}
