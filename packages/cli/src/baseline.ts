import { existsSync, lstatSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { jsonError } from '@backend-guard/config';
import { z } from 'zod';
import { GuardFailure, type Finding } from './report.js';

/**
 * Known violations, counted per file and rule, as ESLint's suppressions file does: counts survive
 * edits that move lines, and a file that gains a violation of a rule shows all of that rule's
 * violations there again, so new debt never hides behind old.
 */
const baselineSchema = z.strictObject({
  version: z.literal(1),
  suppressions: z.record(z.string(), z.record(z.string(), z.strictObject({ count: z.number().int().positive() }))),
});
export type Baseline = z.infer<typeof baselineSchema>;

export const DEFAULT_BASELINE_FILE = 'backend-guard-baseline.json';

/** Findings that can never be baselined: the guard could not analyse the file. */
const UNSUPPRESSIBLE = new Set(['parse-error']);

export function readBaseline(file: string): Baseline {
  if (!existsSync(file)) {
    throw new GuardFailure(`${file}: baseline file not found; create it with --update-baseline`);
  }
  let data: unknown;
  const text = readFileSync(file, 'utf8');
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new GuardFailure(`${file}: ${jsonError(text, error)}`);
  }
  const result = baselineSchema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new GuardFailure(`${file}: ${issue.path.join('.') || '(top level)'}: ${issue.message}; expected { "version": 1, "suppressions": { "<file>": { "<ruleId>": { "count": <n> } } } }`);
  }
  return result.data;
}

export function createBaseline(findings: readonly Finding[]): Baseline {
  const suppressions: Baseline['suppressions'] = {};
  for (const finding of findings) {
    if (finding.severity !== 'error' || UNSUPPRESSIBLE.has(finding.ruleId)) continue;
    const rules = (suppressions[finding.file] ??= {});
    rules[finding.ruleId] = { count: (rules[finding.ruleId]?.count ?? 0) + 1 };
  }
  const sorted = Object.fromEntries(Object.entries(suppressions).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { version: 1, suppressions: sorted };
}

/** Writes the baseline, never through a symbolic link that leads out of the analysed root. */
export function writeBaseline(file: string, baseline: Baseline, root: string): void {
  if (existsSync(file) && lstatSync(file).isSymbolicLink()) {
    const real = realpathSync(file);
    const realRoot = realpathSync(root);
    if (real !== realRoot && !real.startsWith(`${realRoot}${path.sep}`)) {
      throw new GuardFailure(`${file}: a symbolic link that leads out of the analysed folder; the baseline is not written through it`);
    }
  }
  writeFileSync(file, `${JSON.stringify(baseline, null, 2)}\n`);
}

export interface BaselineOutcome {
  findings: Finding[];
  suppressed: number;
  /** The findings the baseline kept out (SARIF lists them as suppressed results). */
  baselined: Finding[];
  /** (file, rule) entries whose count is now higher than what remains: the baseline can shrink. */
  obsolete: number;
}

/** `inScope`: the files this run checked (all by default); entries of other files are never obsolete. */
export function applyBaseline(findings: readonly Finding[], baseline: Baseline, inScope: (file: string) => boolean = () => true): BaselineOutcome {
  const counts = new Map<string, number>();
  const key = (f: Finding) => `${f.file}\0${f.ruleId}`;
  for (const f of findings) if (f.severity === 'error') counts.set(key(f), (counts.get(key(f)) ?? 0) + 1);
  const kept: Finding[] = [];
  const baselined: Finding[] = [];
  for (const f of findings) {
    const allowed = baseline.suppressions[f.file]?.[f.ruleId]?.count ?? 0;
    if (f.severity === 'error' && !UNSUPPRESSIBLE.has(f.ruleId) && (counts.get(key(f)) ?? 0) <= allowed) baselined.push(f);
    else kept.push(f);
  }
  let obsolete = 0;
  for (const [file, rules] of Object.entries(baseline.suppressions)) {
    if (!inScope(file)) continue;
    for (const [ruleId, { count }] of Object.entries(rules)) {
      if ((counts.get(`${file}\0${ruleId}`) ?? 0) < count) obsolete++;
    }
  }
  return { findings: kept, suppressed: baselined.length, baselined, obsolete };
}
