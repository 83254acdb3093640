import { createColors } from 'picocolors';
import type { MappedProcedure, MappedService } from '@backend-guard/project-checks';
import { escapeText } from '../escape.js';
import type { MapReport } from '../map.js';

const NONE = '-';

/** The tier cell: the tier, the builder a router named when it is not the tier, and middleware added on top. */
function tierCell(procedure: MappedProcedure): string {
  const tier = procedure.tier ?? `no tier${procedure.builder === null ? '' : ` (${procedure.builder})`}`;
  const builder = procedure.tier !== null && procedure.builder !== null ? ` via ${procedure.builder}` : '';
  const middleware = procedure.middleware.length > 0 ? ` + ${procedure.middleware.join(', ')}` : '';
  return `${tier}${builder}${middleware}`;
}

/** A cell of names, the first few only: the table stays readable, --format json has them all. */
const MAX_CELL_ITEMS = 4;
const list = (items: readonly string[]) =>
  items.length === 0 ? NONE : items.length <= MAX_CELL_ITEMS ? items.join(', ') : `${items.slice(0, MAX_CELL_ITEMS - 1).join(', ')} +${items.length - MAX_CELL_ITEMS + 1} more`;

/** Columns padded to their widest cell; the last column is not padded. */
function table(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ').trimEnd());
}

/** The inventory as a table, the tier chain above it and the Hono routes below. */
export function formatMapPretty(report: MapReport, options: { color: boolean }): string {
  const c = createColors(options.color);
  const out: string[] = [];
  const routers = new Set(report.procedures.map((p) => p.router));
  if (report.procedures.length === 0) {
    out.push(c.bold(`${escapeText(report.root)}: no tRPC procedure; ${report.honoRoutes.length} Hono routes`));
    return `${[...out, ...honoSection(report, c)].join('\n')}\n`;
  }
  out.push(
    c.bold(`${escapeText(report.root)}: ${report.procedures.length} procedures in ${routers.size} routers`) +
      c.dim(` (from ${escapeText(report.appRouters.join(' / ') || 'the unmounted routers')})`),
    '',
  );

  out.push(c.bold('Tiers, lowest first'));
  const tierRows = report.tiers.map((tier) => [
    tier.name,
    tier.file === null ? 'not defined in the tRPC core' : `${tier.base ?? 'tRPC procedure'}${tier.middleware.length > 0 ? ` + ${tier.middleware.join(' + ')}` : ''}`,
    tier.file === null ? '' : `${tier.file}:${tier.line}`,
  ]);
  for (const line of table(tierRows.map((row) => row.map(escapeText)))) out.push(`  ${line}`);
  out.push('');

  out.push(c.bold('Procedures'));
  const header = ['PATH', 'KIND', 'TIER', 'INPUT', 'SERVICES', 'TABLES', 'ADAPTERS'];
  const rows = report.procedures.map((p) => [p.path, p.kind, tierCell(p), p.input ?? NONE, list(p.services), list(p.tables), list(p.adapters)].map(escapeText));
  const [head, ...body] = table([header, ...rows]);
  out.push(`  ${c.dim(head!)}`);
  for (const line of body) out.push(`  ${line}`);

  if (report.unmapped.length > 0) {
    out.push('', c.yellow(`${report.unmapped.length} router ${report.unmapped.length === 1 ? 'entry' : 'entries'} could not be followed (built at run time or imported from outside the analysed files):`));
    for (const line of table(report.unmapped.map((u) => [u.path, `${u.file}:${u.line}`].map(escapeText)))) out.push(`  ${line}`);
  }
  return `${[...out, ...honoSection(report, c)].join('\n')}\n`;
}

function honoSection(report: MapReport, c: ReturnType<typeof createColors>): string[] {
  if (report.honoRoutes.length === 0) return [];
  const out = ['', c.bold('Hono routes') + c.dim(' (HTTP routes of the Hono app; tRPC procedures are served under the tRPC mount)')];
  for (const line of table(report.honoRoutes.map((r) => [r.method, r.path, r.handler, `${r.file}:${r.line}`].map(escapeText)))) out.push(`  ${line}`);
  return out;
}

export function formatMapJson(report: MapReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** Text inside a quoted Mermaid label: quotes, angle brackets and backticks (Markdown strings) as entities, controls made visible, `\n` a line break. */
const label = (text: string) =>
  text
    .split('\n')
    .map((line) => escapeText(line).replace(/#/g, '#35;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;').replace(/`/g, '#96;'))
    .join('<br/>');

/** Node ids: letters, digits and underscores, unique within one diagram. */
class Ids {
  private readonly byKey = new Map<string, string>();
  private readonly used = new Set<string>();

  get(kind: string, name: string): string {
    const key = `${kind}:${name}`;
    let id = this.byKey.get(key);
    if (id !== undefined) return id;
    const base = kind === name ? kind : `${kind}_${name.replace(/[^A-Za-z0-9]+/g, '_')}`.replace(/_+$/, '');
    id = base;
    for (let n = 2; this.used.has(id); n += 1) id = `${base}_${n}`;
    this.used.add(id);
    this.byKey.set(key, id);
    return id;
  }

  has(kind: string, name: string): boolean {
    return this.byKey.has(`${kind}:${name}`);
  }
}

/** One router's lifecycle: request → tier middleware → procedure → service → table / adapter. */
function routerDiagram(report: MapReport, procedures: readonly MappedProcedure[], services: ReadonlyMap<string, MappedService>): string {
  const ids = new Ids();
  const nodes: string[] = [];
  const edges = new Set<string>();
  const node = (kind: string, name: string, shape: (text: string) => string, text = name) => {
    const known = ids.has(kind, name);
    const id = ids.get(kind, name);
    if (!known) nodes.push(`  ${id}${shape(label(text))}:::${kind}`);
    return id;
  };
  const request = node('request', 'request', (t) => `(["${t}"])`);
  const tiers = new Map(report.tiers.map((tier) => [tier.name, tier]));

  /** The tier's node, its chain down to the request drawn once. */
  const tierNode = (name: string, depth = 0): string => {
    const tier = tiers.get(name);
    const text = tier && tier.middleware.length > 0 ? `${name}\n${tier.middleware.join(' › ')}` : name;
    const known = ids.has('tier', name);
    const id = node('tier', name, (t) => `{{"${t}"}}`, text);
    if (!known) {
      const below = tier?.base !== null && tier?.base !== undefined && depth < report.tiers.length ? tierNode(tier.base, depth + 1) : request;
      edges.add(`  ${below} --> ${id}`);
    }
    return id;
  };

  const serviceNode = (name: string, depth = 0): string => {
    const known = ids.has('service', name);
    const id = node('service', name, (t) => `("${t}")`);
    const service = services.get(name);
    if (!known && service !== undefined) {
      for (const table of service.tables) edges.add(`  ${id} --> ${node('table', table, (t) => `[("${t}")]`)}`);
      for (const adapter of service.adapters) edges.add(`  ${id} --> ${node('adapter', adapter, (t) => `[["${t}"]]`)}`);
      if (depth < 8) for (const inner of service.services) edges.add(`  ${id} --> ${serviceNode(inner, depth + 1)}`);
    }
    return id;
  };

  for (const procedure of procedures) {
    const text = `${procedure.path}\n${procedure.kind}${procedure.input === null ? ' · no input' : ` · ${procedure.input}`}`;
    const id = node('procedure', procedure.path, (t) => `["${t}"]`, text);
    const added = [...(procedure.builder !== null && procedure.tier !== null ? [procedure.builder] : []), ...procedure.middleware];
    const via = added.length > 0 ? `|"${label(`+ ${added.join(' › ')}`)}"|` : '';
    if (procedure.tier === null) edges.add(`  ${request} -.->|"${label(`no tier: ${procedure.builder ?? 'unknown builder'}`)}"| ${id}`);
    else edges.add(`  ${tierNode(procedure.tier)} -->${via} ${id}`);
    for (const service of procedure.services) edges.add(`  ${id} --> ${serviceNode(service)}`);
    for (const table of procedure.direct.tables) edges.add(`  ${id} --> ${node('table', table, (t) => `[("${t}")]`)}`);
    for (const adapter of procedure.direct.adapters) edges.add(`  ${id} --> ${node('adapter', adapter, (t) => `[["${t}"]]`)}`);
  }

  return [
    'flowchart LR',
    ...nodes,
    ...edges,
    '  classDef request fill:#eef,stroke:#557',
    '  classDef tier fill:#fde,stroke:#a36',
    '  classDef procedure fill:#fff,stroke:#333',
    '  classDef service fill:#efe,stroke:#494',
    '  classDef table fill:#ffd,stroke:#996',
    '  classDef adapter fill:#def,stroke:#469',
  ].join('\n');
}

/** The Hono app's routes: request → method and path → handler (the tRPC mount leads to the routers). */
function honoDiagram(report: MapReport): string {
  const ids = new Ids();
  const request = ids.get('request', 'request');
  const lines = ['flowchart LR', `  ${request}(["request"])`];
  for (const route of report.honoRoutes) {
    const id = ids.get('route', `${route.method} ${route.path}`);
    lines.push(`  ${id}["${label(`${route.method} ${route.path}`)}"]`);
    lines.push(`  ${request} --> ${id}`);
    const handler = ids.get('handler', `${route.handler} ${route.file}:${route.line}`);
    lines.push(`  ${handler}("${label(`${route.handler}\n${route.file}:${route.line}`)}")`);
    lines.push(`  ${id} --> ${handler}`);
  }
  return lines.join('\n');
}

/**
 * Markdown with one Mermaid flowchart per top-level router (the document's request-lifecycle map,
 * generated from the code) and one for the Hono routes: paste it into a README or a pull request.
 */
export function formatMapMermaid(report: MapReport): string {
  const byRouter = new Map<string, MappedProcedure[]>();
  for (const procedure of report.procedures) byRouter.set(procedure.router, [...(byRouter.get(procedure.router) ?? []), procedure]);
  const services = new Map(report.services.map((service) => [service.name, service]));
  const out: string[] = [`# Request lifecycle: ${escapeText(report.root).replace(/`/g, "'")}`, ''];
  for (const [router, procedures] of byRouter) {
    // A heading of one line whose backticks cannot open a code fence.
    out.push(`## ${escapeText(router).replace(/`/g, "'").replace(/</g, '&lt;')}`, '', '```mermaid', routerDiagram(report, procedures, services), '```', '');
  }
  if (report.honoRoutes.length > 0) out.push('## Hono routes', '', '```mermaid', honoDiagram(report), '```', '');
  return `${out.join('\n')}`;
}
