import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError } from '@backend-guard/config';
import { formatGithub } from './formatters/github.js';
import { formatJson } from './formatters/json.js';
import { formatPretty, formatRoleSummary } from './formatters/pretty.js';
import { escapeText, safeLines } from './escape.js';
import { errorsOnly, tooManyWarnings, writeReport } from './output.js';
import { EXIT_CLEAN, EXIT_FAILURE, EXIT_FINDINGS, GuardFailure } from './report.js';

export interface CliIo {
  cwd: string;
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  env?: Record<string, string | undefined>;
}

const FORMATS = ['pretty', 'json', 'github', 'sarif'] as const;
type Format = (typeof FORMATS)[number];
const COMMANDS = ['check', 'roles', 'init', 'map', 'rules', 'explain'] as const;
type Command = (typeof COMMANDS)[number];
const MAP_FORMATS = ['pretty', 'json', 'mermaid'] as const;
type MapFormat = (typeof MAP_FORMATS)[number];

export const USAGE = `Usage: backend-guard <command> [path] [options]

Commands:
  check [path]   check the backend at path (default .) against the backend-design conventions
  roles [path]   print each file's roles (tRPC core, routers, db…) and why it has them
  init [path]    detect the layout and tiers; write backend-guard.config.json, the ESLint config
                 and the lint:check script
  map [path]     print the procedure inventory (path, kind, tier, input, services, tables,
                 adapters) and the Hono routes, or a Mermaid request-lifecycle diagram per router
  rules          list every check: id, engine, preset, doc page
  explain <id>   print a check's doc page

Options of check and roles:
  --config <file>         read the config from file instead of <path>/backend-guard.config.*
                          (a trusted copy, when path holds an untrusted pull request)
Options of check:
  --format <pretty|json|github|sarif>  output format (default pretty; github: pull-request
                          annotations; sarif: SARIF 2.1.0 for code scanning)
  --no-types              lint without type information, even when path has a tsconfig.json
  --engine <oxlint|eslint>  host of the file-level rules (default oxlint; eslint: the editor's host)
  --baseline <file>       suppress the known violations listed in file
                          (default: <path>/backend-guard-baseline.json when it exists)
  --update-baseline       write the current error findings to the baseline file
  --no-baseline           ignore any baseline file
  --color, --no-color     force colours on or off (default: on when stdout is a terminal)
  --quiet                 report errors only
  --max-warnings <n>      exit 1 when there are more than n warnings (counted before --quiet)
  --output-file <file>    write the report to file instead of stdout
  --changed <git-ref>     lint only the files changed since the ref's merge base with HEAD (and
                          untracked ones); whole-project checks read all, report in those files
Options of roles and rules:
  --format <pretty|json>  output format (default pretty)
Options of map:
  --format <pretty|json|mermaid>  output format (default pretty; mermaid: Markdown, one diagram
                                  per router); --config as for check
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
        quiet: { type: 'boolean' },
        'max-warnings': { type: 'string' },
        'output-file': { type: 'string' },
        changed: { type: 'string' },
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
    if (command === 'explain' && target === undefined) throw new UsageError('explain: which check? e.g. backend-guard explain tier-policy');
    if (command === 'rules' && target !== undefined) throw new UsageError(`unexpected argument "${target}"; rules takes none`);
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"; ${command} takes one ${command === 'explain' ? 'check id' : 'path'}`);
  }
  const format = (values.format ?? 'pretty') as Format | MapFormat;
  const formats: readonly string[] = command === 'roles' || command === 'rules' ? ['pretty', 'json'] : command === 'map' ? MAP_FORMATS : FORMATS;
  if (!formats.includes(format)) throw new UsageError(`--format: "${values.format}" is not a format of ${command}; expected one of ${formats.join(', ')}`);
  const only = (names: string[], allowed: Command) => {
    for (const name of names) {
      if ((values as Record<string, unknown>)[name] !== undefined && command !== allowed) throw new UsageError(`--${name} is an option of ${allowed}, not of ${command}`);
    }
  };
  only(['no-types', 'baseline', 'no-baseline', 'update-baseline', 'quiet', 'max-warnings', 'output-file', 'changed', 'engine'], 'check');
  // The engine names live with the engines; listed here too so --help and usage errors load nothing.
  const engines = ['oxlint', 'eslint'] as const;
  if (values.engine !== undefined && !(engines as readonly string[]).includes(values.engine)) {
    throw new UsageError(`--engine: "${values.engine}" is not an engine; expected one of ${engines.join(', ')}`);
  }
  only(['force'], 'init');
  for (const bare of ['init', 'explain', 'rules'] as const) {
    if (command !== bare) continue;
    if (bare !== 'rules' && values.format !== undefined) throw new UsageError(`--format is not an option of ${bare}`);
    if (values.config !== undefined) throw new UsageError(`--config is not an option of ${bare}`);
  }
  const maxWarnings = values['max-warnings'] === undefined ? undefined : Number(values['max-warnings']);
  if (maxWarnings !== undefined && !(Number.isInteger(maxWarnings) && maxWarnings >= -1 && /^-?\d+$/.test(values['max-warnings']!))) {
    throw new UsageError(`--max-warnings: "${values['max-warnings']}" is not a whole number of warnings`);
  }
  if (values.changed !== undefined && values['update-baseline']) {
    throw new UsageError('--changed cannot be combined with --update-baseline (a baseline lists the whole project)');
  }
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
    quiet: values.quiet ?? false,
    // -1, as ESLint's, means no limit.
    maxWarnings: maxWarnings === -1 ? undefined : maxWarnings,
    outputFile: values['output-file'],
    changed: values.changed,
    engine: values.engine as (typeof engines)[number] | undefined,
  };
}

type Args = ReturnType<typeof parse>;

async function runCheck(args: Args, io: CliIo): Promise<number> {
  // Loaded only now: usage errors, --help and --version answer without loading ESLint and TypeScript.
  const { check } = await import('./check.js');
  const { terminalProgress } = await import('./progress.js');
  // Progress only for a person watching a terminal, and never beside a machine format.
  const progress = io.stderr.isTTY === true && args.format === 'pretty' ? terminalProgress(io.stderr) : undefined;
  const outcome = await check({
    path: args.path,
    cwd: io.cwd,
    types: args.types,
    baseline: args.baseline,
    updateBaseline: args.updateBaseline,
    ...(args.configFile === undefined ? {} : { configFile: args.configFile }),
    ...(args.changed === undefined ? {} : { changed: args.changed }),
    ...(progress === undefined ? {} : { progress }),
    ...(args.engine === undefined ? {} : { engine: args.engine }),
    warn: (message) => {
      // A notice gets a line of its own: the progress line is cleared first and redrawn later.
      progress?.end();
      io.stderr.write(`backend-guard: warning: ${safeLines(message)}\n`);
    },
  });
  const { unanalysed, baseline, roles, notServer } = outcome;
  const report = args.quiet ? errorsOnly(outcome.report) : outcome.report;
  const env = io.env ?? process.env;
  const color = args.color ?? (args.outputFile === undefined && io.stdout.isTTY === true && env.NO_COLOR === undefined);
  let formatted: string;
  if (args.format === 'json') formatted = formatJson(report);
  else if (args.format === 'github') formatted = formatGithub(report);
  else if (args.format === 'sarif') {
    const { formatSarif } = await import('./formatters/sarif.js');
    const { SourceLines } = await import('./positions.js');
    const lines = new SourceLines(path.resolve(io.cwd, args.path));
    formatted = formatSarif(report, {
      line: (file, line) => lines.line(file, line),
      baselined: args.quiet ? outcome.baselined.filter((f) => f.severity === 'error') : outcome.baselined,
      ...(baseline ? { baselineFile: path.relative(io.cwd, baseline.file).split(path.sep).join('/') || baseline.file } : {}),
      version: cliVersion(),
    });
  } else formatted = formatPretty(report, { color }) + formatRoleSummary(roles, notServer, { color });
  if (args.outputFile === undefined) io.stdout.write(formatted);
  else writeReport(io.cwd, args.outputFile, formatted);
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
  const excess = tooManyWarnings(outcome.report.summary.warnings, args.maxWarnings);
  if (excess !== undefined) io.stderr.write(`backend-guard: ${excess}\n`);
  return report.summary.errors > 0 || excess !== undefined ? EXIT_FINDINGS : EXIT_CLEAN;
}

async function runRules(args: Args, io: CliIo): Promise<number> {
  const { catalog, formatCatalog } = await import('./catalog.js');
  io.stdout.write(formatCatalog(catalog(), args.format === 'json' ? 'json' : 'pretty'));
  return EXIT_CLEAN;
}

async function runExplain(args: Args, io: CliIo): Promise<number> {
  const { docPage, resolveCheckId } = await import('./catalog.js');
  io.stdout.write(docPage(resolveCheckId(args.path)));
  return EXIT_CLEAN;
}

function cliVersion(): string {
  return (createRequire(import.meta.url)('../package.json') as { version: string }).version;
}

async function runRoles(args: Args, io: CliIo): Promise<number> {
  const { describeRoles, formatRoles } = await import('./roles.js');
  const described = await describeRoles(io.cwd, args.path, args.configFile);
  io.stdout.write(args.format === 'json' ? `${JSON.stringify(described, null, 2)}\n` : formatRoles(described));
  return EXIT_CLEAN;
}

async function runMap(args: Args, io: CliIo): Promise<number> {
  const [{ mapBackend }, { formatMapJson, formatMapMermaid, formatMapPretty }] = await Promise.all([import('./map.js'), import('./formatters/map.js')]);
  const report = await mapBackend(io.cwd, args.path, args.configFile, (message) => io.stderr.write(`backend-guard: warning: ${safeLines(message)}\n`));
  const color = args.color ?? (io.stdout.isTTY === true && (io.env ?? process.env).NO_COLOR === undefined);
  io.stdout.write(args.format === 'json' ? formatMapJson(report) : args.format === 'mermaid' ? formatMapMermaid(report) : formatMapPretty(report, { color }));
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
    io.stdout.write(`${cliVersion()}\n`);
    return EXIT_CLEAN;
  }

  try {
    if (args.command === 'roles') return await runRoles(args, io);
    if (args.command === 'init') return await runInit(args, io);
    if (args.command === 'map') return await runMap(args, io);
    if (args.command === 'rules') return await runRules(args, io);
    if (args.command === 'explain') return await runExplain(args, io);
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
