/**
 * The check catalog: every id a report, a disable comment or the config's `rules` key may name,
 * and the engine that runs it. Ids are fixed (conventions.md); the rules themselves live in their
 * engines.
 */
export type CheckEngine = 'eslint' | 'dependency-cruiser' | 'project';

export const CHECKS: Readonly<Record<string, CheckEngine>> = {
  // A. Procedures and contracts
  'procedure-tier': 'eslint',
  'tier-policy': 'eslint',
  'require-zod-input': 'eslint',
  'thin-handler': 'eslint',
  'auth-via-context': 'eslint',
  'request-logger': 'eslint',
  // B. Data access
  'drizzle-only-sql': 'eslint',
  'no-unsafe-sql': 'eslint',
  'require-where': 'eslint',
  'fk-index': 'eslint',
  'extension-first-schema': 'eslint',
  'no-http-transaction': 'eslint',
  'explicit-projection': 'eslint',
  // C. Integrations and resilience
  'no-raw-external-client': 'eslint',
  'fetch-timeout': 'eslint',
  'bounded-retry': 'eslint',
  'webhook-verify-first': 'eslint',
  'idempotent-write': 'eslint',
  'no-in-memory-queue': 'eslint',
  'no-swallowed-error': 'eslint',
  'scheduled-job-wrapper': 'eslint',
  // D. Security and privacy
  'env-via-schema': 'eslint',
  'no-hardcoded-secrets': 'eslint',
  'no-pii-in-logs': 'eslint',
  'cache-invalidation': 'eslint',
  // E. Architecture (whole project)
  layers: 'eslint',
  'no-circular': 'dependency-cruiser',
  'no-orphans': 'dependency-cruiser',
  'tier-chain': 'project',
  'router-mounted': 'project',
  'migration-safety': 'project',
  'context-once': 'project',
};

/** The catalog's ids (conventions.md): each has a doc page, tests, mutations and planted cases. */
export const CATALOG_IDS: readonly string[] = Object.keys(CHECKS);

/**
 * Hygiene checks of the dependency-cruiser preset (warnings), beside the catalog: settable in
 * `rules` like any check.
 */
export const HYGIENE_CHECKS: Readonly<Record<string, CheckEngine>> = {
  'not-to-unresolvable': 'dependency-cruiser',
  'no-non-package-json': 'dependency-cruiser',
};

/** Every id the config's `rules` key accepts. */
export const CHECK_IDS: ReadonlySet<string> = new Set([...CATALOG_IDS, ...Object.keys(HYGIENE_CHECKS)]);

/** ESLint's form of an id (`backend-guard/<id>`), accepted wherever a bare id is. */
export const RULE_PREFIX = 'backend-guard/';

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

/** The catalog id closest to a misspelt one, when it is close enough to be the likely intent. */
export function closestId(id: string): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of CHECK_IDS) {
    const d = distance(id, candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}

export interface RuleSetting {
  severity: 'off' | 'warn' | 'error';
  /** The options after the severity (`[severity, ...options]`), empty when none are given. */
  options: unknown[];
}

/** How the config's `rules` key sets a check (either id form), or the check's default. */
export function ruleSetting(rules: Readonly<Record<string, unknown>>, id: string, fallback: RuleSetting['severity']): RuleSetting {
  const entry = rules[id] ?? rules[`${RULE_PREFIX}${id}`];
  if (entry === undefined) return { severity: fallback, options: [] };
  if (Array.isArray(entry)) {
    const [severity, ...options] = entry as [RuleSetting['severity'], ...unknown[]];
    return { severity, options };
  }
  return { severity: entry as RuleSetting['severity'], options: [] };
}
