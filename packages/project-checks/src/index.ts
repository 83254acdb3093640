import type { ProjectCheck } from './check.js';
import { formatMessage } from './check.js';
import { contextOnce } from './checks/context-once.js';
import { migrationSafety } from './checks/migration-safety.js';
import { routerMounted } from './checks/router-mounted.js';
import { tierChain } from './checks/tier-chain.js';
import { ProjectContext, type ProjectCheckInput, type ProjectFinding, type Severity } from './project.js';

export type { OptionsSchema, ProjectCheck, Reporter } from './check.js';
export type { ProjectCheckInput, ProjectFinding, Severity } from './project.js';

/** The whole-project checks, one per file in src/checks named by its catalog id. */
export const checks = [tierChain, routerMounted, contextOnce, migrationSafety] as unknown as readonly ProjectCheck<Record<string, unknown>>[];

export interface ProjectCheckResult {
  findings: ProjectFinding[];
  /** Source files parsed (plus migrations read). */
  filesAnalyzed: number;
}

type RuleEntry = 'off' | 'warn' | 'error' | readonly ['off' | 'warn' | 'error', ...unknown[]];

/** The config's `rules` entry for a check (severity, options), when the config has that key. */
function ruleEntry(input: ProjectCheckInput, id: string): { severity: Severity | 'off'; options: Record<string, unknown> } {
  const rules = (input.config as { rules?: Record<string, RuleEntry | undefined> }).rules;
  const entry = rules?.[id] ?? rules?.[`backend-guard/${id}`];
  const level = Array.isArray(entry) ? entry[0] : entry;
  const options = Array.isArray(entry) && typeof entry[1] === 'object' && entry[1] !== null ? (entry[1] as Record<string, unknown>) : {};
  return { severity: level === 'off' ? 'off' : level === 'warn' ? 'warning' : 'error', options };
}

export interface RunOptions {
  /** Run only these checks. */
  only?: readonly string[];
  /** Check id → options, over the config's (tests and API callers). */
  options?: Readonly<Record<string, Record<string, unknown>>>;
}

/** Runs the checks (all, or those named) over one backend. */
export async function runProjectChecks(input: ProjectCheckInput, run: RunOptions = {}): Promise<ProjectCheckResult> {
  const { only } = run;
  const context = new ProjectContext(input);
  const findings: ProjectFinding[] = [];
  for (const check of checks) {
    if (only !== undefined && !only.includes(check.id)) continue;
    const { severity, options } = ruleEntry(input, check.id);
    if (severity === 'off') continue;
    const merged = { ...check.meta.defaultOptions, ...options, ...run.options?.[check.id] };
    await check.run(context, merged, (messageId, at, data) => {
      const template = check.meta.messages[messageId];
      if (template === undefined) throw new Error(`${check.id}: unknown messageId ${messageId}`);
      const message = formatMessage(template, data);
      const where = 'getSourceFile' in at ? context.position(at) : at;
      findings.push({ ruleId: check.id, messageId, severity, ...where, message });
    });
  }
  return { findings, filesAnalyzed: context.parsedCount };
}

export { formatMessage, ProjectContext };
export { buildProcedureMap, type HonoRoute, type MappedProcedure, type MappedService, type MappedTier, type ProcedureKind, type ProcedureMap, type UnmappedEntry } from './map.js';
