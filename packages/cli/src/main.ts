import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError } from '@backend-guard/config';
import { formatGithub } from './formatters/github.js';
import { formatJson } from './formatters/json.js';
import { formatPretty, formatRoleSummary } from './formatters/pretty.js';
import { escapeText, safeLines } from './escape.js';
import { EXIT_CLEAN, EXIT_FAILURE, EXIT_FINDINGS, GuardFailure } from './report.js';

export interface CliIo {
  cwd: string;
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
  env?: Record<string, string | undefined>;
}

const FORMATS = ['pretty', 'json', 'github'] as const;
type Format = (typeof FORMATS)[number];
const COMMANDS = ['check', 'roles', 'init'] as const;
type Command = (typeof COMMANDS)[number];

export const USAGE = `Usage: backend-guard <command> [path] [options]

Commands:
  check [path]   check the backend at path (default .) against the backend-design conventions
  roles [path]   print each file's roles (tRPC core, routers, db…) and why it has them
  init [path]    detect the layout and tiers; write backend-guard.config.json, the ESLint config
                 and the lint:check script

Options of check and roles:
  --config <file>         read the config from file instead of <path>/backend-guard.config.*
                          (a trusted copy, when path holds an untrusted pull request)
Options of check:
  --format <pretty|json|github>  output format (default pretty; github: pull-request annotations)
  --no-types              lint without type information, even when path has a tsconfig.json
  --engine <oxlint|eslint>  host of the file-level rules (default oxlint; eslint: the editor's host)
  --baseline <file>       suppress the known violations listed in file
                          (default: <path>/backend-guard-baseline.json when it exists)
  --update-baseline       write the current error findings to the baseline file
  --no-baseline           ignore any baseline file
  --color, --no-color     force colours on or off (default: on when stdout is a terminal)
Options of roles:
  --format <pretty|json>  output format (default pretty)
Options of init:
  --force                 replace an eslint.config that exists instead of printing what to add
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
        force: { type: 'boolean' },
        config: { type: 'string' },
        engine: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const [command, target, ...extra] = positionals;
  const help = values.help ?? false;
  const version = values.version ?? false;
  if (!help && !version) {
    if (command === undefined) throw new UsageError(`missing command; expected one of ${COMMANDS.join(', ')}`);
    if (!COMMANDS.includes(command as Command)) throw new UsageError(`unknown command "${command}"; expected one of ${COMMANDS.join(', ')}`);
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"; ${command} takes one path`);
  }
  const format = (values.format ?? 'pretty') as Format;
  const formats: readonly string[] = command === 'roles' ? ['pretty', 'json'] : FORMATS;
  if (!formats.includes(format)) throw new UsageError(`--format: "${values.format}" is not a format of ${command}; expected one of ${formats.join(', ')}`);
  const only = (names: string[], allowed: Command) => {
    for (const name of names) {
      if ((values as Record<string, unknown>)[name] !== undefined && command !== allowed) throw new UsageError(`--${name} is an option of ${allowed}, not of ${command}`);
    }
  };
  only(['no-types', 'baseline', 'no-baseline', 'update-baseline', 'engine'], 'check');
  // The engine names live with the engines; listed here too so --help and usage errors load nothing.
  const engines = ['oxlint', 'eslint'] as const;
  if (values.engine !== undefined && !(engines as readonly string[]).includes(values.engine)) {
    throw new UsageError(`--engine: "${values.engine}" is not an engine; expected one of ${engines.join(', ')}`);
  }
  only(['force'], 'init');
  if (command === 'init' && values.format !== undefined) throw new UsageError('--format is not an option of init');
  if (command === 'init' && values.config !== undefined) throw new UsageError('--config is not an option of init');
  if (values['no-baseline'] && (values.baseline !== undefined || values['update-baseline'])) {
    throw new UsageError('--no-baseline cannot be combined with --baseline or --update-baseline');
  }
  return {
    help,
    version,
    command: command as Command,
    path: target ?? '.',
    format,
    types: !values['no-types'],
    baseline: values['no-baseline'] ? (false as const) : values.baseline,
    updateBaseline: values['update-baseline'] ?? false,
    color: values['no-color'] ? false : values.color,
    force: values.force ?? false,
    configFile: values.config,
    engine: values.engine as (typeof engines)[number] | undefined,
  };
}

type Args = ReturnType<typeof parse>;

async function runCheck(args: Args, io: CliIo): Promise<number> {
  // Loaded only now: usage errors, --help and --version answer without loading ESLint and TypeScript.
  const { check } = await import('./check.js');
  const { report, unanalysed, baseline, roles, notServer } = await check({
    path: args.path,
    cwd: io.cwd,
    types: args.types,
    baseline: args.baseline,
    updateBaseline: args.updateBaseline,
    ...(args.configFile === undefined ? {} : { configFile: args.configFile }),
    ...(args.engine === undefined ? {} : { engine: args.engine }),
    warn: (message) => io.stderr.write(`backend-guard: warning: ${safeLines(message)}\n`),
  });
  const env = io.env ?? process.env;
  const color = args.color ?? (io.stdout.isTTY === true && env.NO_COLOR === undefined);
  const formatted =
    args.format === 'json'
      ? formatJson(report)
      : args.format === 'github'
        ? formatGithub(report)
        : formatPretty(report, { color }) + formatRoleSummary(roles, notServer, { color });
  io.stdout.write(formatted);
  if (baseline) {
    const name = escapeText(path.relative(io.cwd, baseline.file) || baseline.file);
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
}

async function runRoles(args: Args, io: CliIo): Promise<number> {
  const { describeRoles, formatRoles } = await import('./roles.js');
  const described = await describeRoles(io.cwd, args.path, args.configFile);
  io.stdout.write(args.format === 'json' ? `${JSON.stringify(described, null, 2)}\n` : formatRoles(described));
  return EXIT_CLEAN;
}

async function runInit(args: Args, io: CliIo): Promise<number> {
  const { init } = await import('./init.js');
  const actions = await init(io.cwd, args.path, { force: args.force });
  for (const line of actions) io.stdout.write(`${line}\n`);
  return EXIT_CLEAN;
}

/** Runs the CLI; returns the exit code. Never throws. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  let args: Args;
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
    if (args.command === 'roles') return await runRoles(args, io);
    if (args.command === 'init') return await runInit(args, io);
    return await runCheck(args, io);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof GuardFailure) {
      io.stderr.write(`backend-guard: ${safeLines(error.message)}\n`);
    } else {
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      io.stderr.write(`backend-guard: internal error, the ${args.command} did not complete:\n${safeLines(detail)}\n`);
    }
    return EXIT_FAILURE;
  }
}
