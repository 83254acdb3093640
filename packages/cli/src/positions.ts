import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CHECKS } from '@backend-guard/config';
import { docsUrl } from 'eslint-plugin-backend-guard';
import type { Finding } from './report.js';

/** The lines of the files a report names, each file read once. */
export class SourceLines {
  private readonly cache = new Map<string, string[] | undefined>();

  constructor(private readonly root: string) {}

  /** The lines of a file relative to the root (undefined when it cannot be read). */
  of(file: string): string[] | undefined {
    if (!this.cache.has(file)) {
      let lines: string[] | undefined;
      try {
        lines = readFileSync(path.join(this.root, file), 'utf8').split(/\r?\n/);
      } catch {
        lines = undefined;
      }
      this.cache.set(file, lines);
    }
    return this.cache.get(file);
  }

  /** One line's text (1-based), or undefined. */
  line(file: string, line: number): string | undefined {
    return this.of(file)?.[line - 1];
  }
}

const WORD = /[\w$]/;
const QUOTES = new Set(['"', "'", '`']);

/**
 * Where a finding that names only its start ends, read from the source: a string literal to its
 * closing quote (an import specifier), a word to its end (a name), a SQL statement to its `;`
 * (a migration), anything else to the end of its line. Past the text: an empty range.
 */
export function endOf(lines: readonly string[] | undefined, file: string, line: number, column: number): { endLine: number; endColumn: number } {
  const empty = { endLine: line, endColumn: column };
  const text = lines?.[line - 1];
  if (lines === undefined || text === undefined || column - 1 >= text.length) return empty;
  const start = column - 1;
  const first = text[start]!;
  if (file.endsWith('.sql')) {
    for (let at = line - 1, from = start; at < lines.length; at++, from = 0) {
      const semicolon = lines[at]!.indexOf(';', from);
      if (semicolon !== -1) return { endLine: at + 1, endColumn: semicolon + 2 };
    }
    return { endLine: line, endColumn: text.trimEnd().length + 1 };
  }
  if (QUOTES.has(first)) {
    for (let at = start + 1; at < text.length; at++) {
      if (text[at] === '\\') at++;
      else if (text[at] === first) return { endLine: line, endColumn: at + 2 };
    }
  } else if (WORD.test(first)) {
    let at = start;
    while (at < text.length && WORD.test(text[at]!)) at++;
    return { endLine: line, endColumn: at + 1 };
  }
  return { endLine: line, endColumn: Math.max(column, text.trimEnd().length + 1) };
}

/** Every finding with its end and, for a check of the catalog, its doc page (the report's additive fields). */
export function completeFindings(findings: readonly Finding[], lines: SourceLines): Finding[] {
  return findings.map((finding) => {
    const end = finding.endLine !== undefined && finding.endColumn !== undefined ? { endLine: finding.endLine, endColumn: finding.endColumn } : endOf(lines.of(finding.file), finding.file, finding.line, finding.column);
    const { ruleId, severity, file, line, column, message, engine } = finding;
    // Field order as the JSON contract lists it, the additive fields after their neighbours.
    return { ruleId, severity, file, line, column, ...end, message, engine, ...(Object.hasOwn(CHECKS, ruleId) ? { docsUrl: docsUrl(ruleId) } : {}) };
  });
}
