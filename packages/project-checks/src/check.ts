import type { ProjectContext, ProjectFinding, Severity } from './project.js';

/** A JSON Schema for a check's options (the config's `rules` key validates options with it). */
export type OptionsSchema = Record<string, unknown>;

/**
 * A whole-project check: the id is the catalog's (conventions.md), the messages are templates with
 * `{{placeholders}}` as ESLint's, the doc page is docs/rules/<id>.md.
 */
export interface ProjectCheck<Options = Record<string, never>> {
  id: string;
  meta: {
    /** One imperative sentence, as an ESLint rule's docs.description. */
    description: string;
    messages: Record<string, string>;
    schema: OptionsSchema;
    defaultOptions: Options;
  };
  run(context: ProjectContext, options: Options, report: Reporter): void | Promise<void>;
}

/** Reports a finding with one of the check's messages; `at` is a ts-morph node or an explicit position. */
export interface Reporter {
  (messageId: string, at: import('./ts-morph.js').Node | { file: string; line: number; column: number }, data?: Record<string, string | number>): void;
}

export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => (key in data ? String(data[key]) : whole));
}

export type { ProjectFinding, Severity };
