/** The public JSON contract (conventions.md): keep field names, types and meaning stable. */

export type Severity = 'error' | 'warning';
export type Engine = 'eslint' | 'oxlint' | 'dependency-cruiser' | 'project';

export interface Finding {
  /** The check id from conventions.md (no `backend-guard/` prefix), or `parse-error`. */
  ruleId: string;
  severity: Severity;
  /** Relative to the root, forward slashes. */
  file: string;
  line: number;
  column: number;
  /**
   * Additive to version 1: where the finding ends, 1-based, `endColumn` just past its last
   * character (as ESLint's). Every finding of a report has them; an engine may leave them out and
   * the check derives them from the source.
   */
  endLine?: number;
  endColumn?: number;
  message: string;
  engine: Engine;
  /** Additive to version 1: the check's doc page (checks of the catalog; absent for parse-error and the like). */
  docsUrl?: string;
}

/** A finding an inline comment kept out of the report, or a comment that changes a rule: listed, never silent. */
export interface Suppression {
  kind: 'directive' | 'inline-config';
  file: string;
  line: number;
  /** Check ids the comment names (for a directive: the one it suppressed here). */
  rules: string[];
  /** The comment's `-- reason`, or null when it gives none. */
  reason: string | null;
  /** The suppressed finding's message (directives only). */
  message?: string;
  /** Additive: the suppressed finding's severity, column and end (directives only). */
  severity?: Severity;
  column?: number;
  endLine?: number;
  endColumn?: number;
}

export interface Report {
  version: 1;
  root: string;
  findings: Finding[];
  /** Additive to version 1: what inline comments suppressed (`summary.suppressed` counts them). */
  suppressions: Suppression[];
  summary: {
    filesAnalyzed: number;
    errors: number;
    warnings: number;
    suppressed: number;
    /** Additive to version 1: checks that ran with less than they need (`--no-types`: the type-based checks, named). */
    notes?: string[];
  };
}

/** Exit codes: 0 clean, 1 findings at error severity, 2 the guard could not do its job. */
export const EXIT_CLEAN = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_FAILURE = 2;

/** A failure that means the guard could not do its job (exit 2): bad input, nothing analysed, a crash. */
export class GuardFailure extends Error {
  override readonly name = 'GuardFailure';
}

/** Code-point order: the same report in every locale. */
const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function compareFindings(a: Finding, b: Finding): number {
  return compareText(a.file, b.file) || a.line - b.line || a.column - b.column || compareText(a.ruleId, b.ruleId);
}

export function buildReport(root: string, findings: Finding[], filesAnalyzed: number, suppressions: Suppression[] = []): Report {
  const sorted = [...findings].sort(compareFindings);
  const listed = [...suppressions].sort((a, b) => compareText(a.file, b.file) || a.line - b.line);
  return {
    version: 1,
    root,
    findings: sorted,
    suppressions: listed,
    summary: {
      filesAnalyzed,
      errors: sorted.filter((f) => f.severity === 'error').length,
      warnings: sorted.filter((f) => f.severity === 'warning').length,
      suppressed: listed.length,
    },
  };
}
