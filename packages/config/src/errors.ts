import type { z } from 'zod';

/** A config problem the user must fix: the CLI prints `message` and exits 2. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    message: string,
    /** The file at fault, when there is one. */
    readonly file?: string,
  ) {
    super(message);
  }
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  try {
    const text = JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return String(value);
  }
}

function formatPath(path: PropertyKey[]): string {
  if (path.length === 0) return '(top level)';
  return path
    .map((part, index) =>
      typeof part === 'number' ? `[${part}]` : index === 0 ? String(part) : `.${String(part)}`,
    )
    .join('');
}

/** One line per issue: `file: key.path: what was expected (got value)`. */
export function formatIssues(where: string, issues: readonly z.core.$ZodIssue[]): string {
  const lines = issues.map((issue) => {
    const key = formatPath(issue.path);
    if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys.map((k) => `"${k}"`).join(', ');
      return `${where}: ${key}: unknown key ${keys}; check the spelling (unknown keys are never ignored)`;
    }
    // A custom issue's input is the whole object it refined: not worth printing.
    const got = 'input' in issue && issue.code !== 'custom' ? ` (got ${describeValue(issue.input)})` : '';
    return `${where}: ${key}: ${issue.message}${got}`;
  });
  return lines.join('\n');
}
