import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CATALOG_IDS, CHECKS, closestId, RULE_PREFIX, type CheckEngine } from '@backend-guard/config';
import { docsUrl, rules } from 'eslint-plugin-backend-guard';
import { GuardFailure, type Severity } from './report.js';

/** One check of the catalog as `backend-guard rules` lists it and SARIF describes it. */
export interface CatalogEntry {
  id: string;
  engine: CheckEngine;
  /** The preset that first enables it. */
  preset: 'recommended' | 'strict';
  /** Its severity in that preset. */
  severity: Severity;
  description: string;
  docsUrl: string;
  /** Type information makes it more precise (`--no-types` reduces it). */
  typeInformation: boolean;
}

/** The text of a check's doc page (the one the report links to). */
export function docPage(id: string): string {
  return readFileSync(fileURLToPath(docsUrl(id)), 'utf8');
}

/**
 * Every check of the catalog, in the catalog's order. Each fact is read where it is kept: an
 * ESLint rule's preset from its meta, the rest (description, severity, type information) from the
 * doc page's quote and badge line, which the docs test holds to the rule.
 */
export function catalog(): readonly CatalogEntry[] {
  cached ??= CATALOG_IDS.map((id) => {
    const lines = docPage(id).split('\n');
    const description = (lines.find((line) => line.startsWith('> ')) ?? '').slice(2).trim();
    const badge = lines.find((line) => /^(✅|⚠️|🔒)/u.test(line)) ?? '';
    const meta = (rules as Record<string, { meta: { docs?: { recommended?: 'recommended' | 'strict' } } } | undefined>)[id]?.meta;
    const preset = meta?.docs?.recommended ?? (badge.includes('strict') ? 'strict' : 'recommended');
    return {
      id,
      engine: CHECKS[id]!,
      preset,
      severity: badge.includes('(warning)') ? 'warning' : 'error',
      description,
      docsUrl: docsUrl(id),
      typeInformation: badge.includes('💭'),
    };
  });
  return cached;
}

/** Read once per process: a run with --no-types and its SARIF both ask. */
let cached: readonly CatalogEntry[] | undefined;

/** The catalog id a user typed (either form), or a GuardFailure naming the closest one. */
export function resolveCheckId(typed: string): string {
  const id = typed.startsWith(RULE_PREFIX) ? typed.slice(RULE_PREFIX.length) : typed;
  if (CATALOG_IDS.includes(id)) return id;
  const closest = closestId(id);
  const hint = closest !== undefined && CATALOG_IDS.includes(closest) ? `; did you mean "${closest}"?` : '; `backend-guard rules` lists every check';
  throw new GuardFailure(`"${typed}" is not a check of the catalog${hint}`);
}

/** `backend-guard rules`: one line per check, or the catalog as JSON. */
export function formatCatalog(entries: readonly CatalogEntry[], format: 'pretty' | 'json'): string {
  if (format === 'json') return `${JSON.stringify({ version: 1, rules: entries }, null, 2)}\n`;
  const width = Math.max(...entries.map((entry) => entry.id.length));
  const engineWidth = Math.max(...entries.map((entry) => entry.engine.length));
  const row = (id: string, engine: string, preset: string, docs: string) => `${id.padEnd(width)}  ${engine.padEnd(engineWidth)}  ${preset.padEnd(21)}  ${docs}`;
  const lines = [
    row('check', 'engine', 'preset', 'doc page'),
    ...entries.map((entry) => row(entry.id, entry.engine, entry.preset === 'strict' ? 'strict' : entry.severity === 'warning' ? 'recommended (warning)' : 'recommended', entry.docsUrl)),
  ];
  return `${lines.join('\n')}\n${entries.length} checks; \`backend-guard explain <id>\` prints one's page\n`;
}
