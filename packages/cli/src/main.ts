import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError } from '@backend-guard/config';
import { formatGithub } from './formatters/github.js';
import { formatJson } from './formatters/json.js';
import { formatPretty } from './formatters/pretty.js';
import { EXIT_CLEAN, EXIT_FAILURE, EXIT_FINDINGS, GuardFailure } from './report.js';

export interface CliIo {
  cwd: string;
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
  env?: Record<string, string | undefined>;
}

const FORMATS = ['pretty', 'json', 'github'] as const;
type Format = (typeof FORMATS)[number];

export const USAGE = `Usage: backend-guard check [path] [options]

Checks the backend at path (default .) against the backend-design conventions.

Options:
  --format <pretty|json|github>  output format (default pretty; github: pull-request annotations)
  --no-types              lint without type information, even when path has a tsconfig.json
  --baseline <file>       suppress the known violations listed in file
                          (default: <path>/backend-guard-baseline.json when it exists)
  --update-baseline       write the current error findings to the baseline file
  --no-baseline           ignore any baseline file
  --color, --no-color     force colours on or off (default: on when stdout is a terminal)
  -h, --help              show this help
  -v, --version           show the version

Exit codes: 0 clean, 1 findings at error severity, 2 the guard could not do its job.
`;

class UsageError extends Error {}

function parse(argv: string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string' },
        'no-types': { type: 'boolean' },
        baseline: { type: 'string' },
        'no-baseline': { type: 'boolean' },
        'update-baseline': { type: 'boolean' },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const format = (values.format ?? 'pretty') as Format;
  if (!FORMATS.includes(format)) {
    throw new UsageError(`--format: "${values.format}" is not a format; expected one of ${FORMATS.join(', ')}`);
  }
  const [command, target, ...extra] = positionals;
  if (values['no-baseline'] && (values.baseline !== undefined || values['update-baseline'])) {
    throw new UsageError('--no-baseline cannot be combined with --baseline or --update-baseline');
  }
  if (!values.help && !values.version) {
    if (command === undefined) throw new UsageError('missing command; expected "check"');
    if (command !== 'check') throw new UsageError(`unknown command "${command}"; expected "check"`);
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"; check takes one path`);
  }
  return {
    help: values.help ?? false,
    version: values.version ?? false,
    path: target ?? '.',
    format,
    types: !values['no-types'],
    baseline: values['no-baseline'] ? (false as const) : values.baseline,
    updateBaseline: values['update-baseline'] ?? false,
    color: values['no-color'] ? false : values.color,
  };
}

/** Runs the CLI; returns the exit code. Never throws. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
  } catch (error) {
    io.stderr.write(`backend-guard: ${(error as Error).message}\n\n${USAGE}`);
    return EXIT_FAILURE;
  }
  if (args.help) {
    io.stdout.write(USAGE);
    return EXIT_CLEAN;
  }
  if (args.version) {
    const { version } = createRequire(import.meta.url)('../package.json') as { version: string };
    io.stdout.write(`${version}\n`);
    return EXIT_CLEAN;
  }

  try {
    // Loaded only now: usage errors, --help and --version answer without loading ESLint and TypeScript.
    const { check } = await import('./check.js');
    const { report, unanalysed, baseline } = await check({
      path: args.path,
      cwd: io.cwd,
      types: args.types,
      baseline: args.baseline,
      updateBaseline: args.updateBaseline,
      warn: (message) => io.stderr.write(`backend-guard: warning: ${message}\n`),
    });
    const env = io.env ?? process.env;
    const color = args.color ?? (io.stdout.isTTY === true && env.NO_COLOR === undefined);
    const formatted =
      args.format === 'json' ? formatJson(report) : args.format === 'github' ? formatGithub(report) : formatPretty(report, { color });
    io.stdout.write(formatted);
    if (baseline) {
      const name = path.relative(io.cwd, baseline.file) || baseline.file;
      if (baseline.written) io.stderr.write(`backend-guard: wrote ${name}\n`);
      if (baseline.suppressed > 0) io.stderr.write(`backend-guard: ${baseline.suppressed} known violation(s) suppressed by ${name}\n`);
      if (baseline.obsolete > 0) {
        io.stderr.write(`backend-guard: ${baseline.obsolete} baseline entr${baseline.obsolete === 1 ? 'y is' : 'ies are'} obsolete (fixed); shrink it with --update-baseline\n`);
      }
    }
    if (unanalysed.length > 0) {
      io.stderr.write(`backend-guard: ${unanalysed.length} file(s) could not be analysed (see parse-error findings); the run is not a pass\n`);
      return EXIT_FAILURE;
    }
    return report.summary.errors > 0 ? EXIT_FINDINGS : EXIT_CLEAN;
  } catch (error) {
    if (error instanceof ConfigError || error instanceof GuardFailure) {
      io.stderr.write(`backend-guard: ${error.message}\n`);
    } else {
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      io.stderr.write(`backend-guard: internal error, the check did not complete:\n${detail}\n`);
    }
    return EXIT_FAILURE;
  }
}
