/** What the oxlint engine (CLI side) and its plugin (inside oxlint) exchange. */

export const RUN_ENV = 'BACKEND_GUARD_OXLINT_RUN';

export interface Position {
  line: number;
  column: number;
}

/** A finding as the rule reported it, positions copied out of the (per-file, reused) AST. */
export interface RecordedFinding {
  rule: string;
  messageId?: string;
  message?: string;
  data?: Record<string, string>;
  loc: Position | { start: Position; end?: Position };
}

export interface RecordedComment {
  type: 'Line' | 'Block' | 'Shebang';
  value: string;
  range: [number, number];
  loc: { start: Position; end: Position };
}

export interface RecordedFile {
  findings: RecordedFinding[];
  /** Comments that may be ESLint directives (they mention `eslint`). */
  comments: RecordedComment[];
}

export interface OxlintRun {
  /** The `settings` the rules read: one object for the whole run, as under ESLint. */
  settings: Record<string, unknown>;
  /** Settings of single files (absolute paths) instead: the dual-host test gives each case its own. */
  settingsByFile?: Record<string, Record<string, unknown>>;
  /** Where the records go, as JSON `Record<absolute file, RecordedFile>`. */
  out: string;
}

