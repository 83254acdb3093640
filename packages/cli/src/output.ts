import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { escapeText } from './escape.js';
import { GuardFailure, type Report } from './report.js';

/** `--quiet`: errors only, as ESLint's (the summary's warning count follows what is shown). */
export function errorsOnly(report: Report): Report {
  return {
    ...report,
    findings: report.findings.filter((finding) => finding.severity === 'error'),
    summary: { ...report.summary, warnings: 0 },
  };
}

/** `--max-warnings`: the complaint when the run has more warnings than allowed, else undefined. */
export function tooManyWarnings(warnings: number, max: number | undefined): string | undefined {
  if (max === undefined || warnings <= max) return undefined;
  return `${warnings} warning(s), more than --max-warnings ${max} allows`;
}

/** `--output-file`: the report written to a file (its folder made), never half-said on stdout. */
export function writeReport(cwd: string, file: string, text: string): void {
  const target = path.resolve(cwd, file);
  try {
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, text);
  } catch (error) {
    throw new GuardFailure(`--output-file ${escapeText(file)}: cannot be written (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}
