import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ESLint, Linter } from 'eslint';
import backendGuard from 'eslint-plugin-backend-guard';
import { GuardFailure } from '../report.js';
import { checkTsconfigs } from '../tsconfig.js';
import { isCommonjs } from './module-kind.js';

type EslintEngine = typeof import('./eslint.js');
import type { EngineInput, EngineResult } from './index.js';
import { inlineConfigComments } from './inline-comments.js';
import { RUN_ENV, type OxlintRun, type RecordedComment, type RecordedFile, type RecordedFinding } from './oxlint-records.js';

const TS_FILE = /\.(?:ts|tsx|mts|cts)$/;
const PLUGIN_NAME = 'backend-guard';
// oxlint takes the files as arguments (relative to the root): batches stay under the platform's
// command-line limit (Windows: 32,767 characters; Linux and macOS: far more). Every batch is its own
// process with its own type programs, so batches are as large as the platform allows.
const MAX_ARGS_LENGTH = process.platform === 'win32' ? 24_000 : 1_000_000;

/** oxlint did not complete (a signal, an unexpected exit code, no report): not a rule's failure. */
class OxlintCrash extends Error {}

interface OxlintDiagnostic {
  message: string;
  code?: string;
  filename: string;
}

/**
 * The file-level rules on oxlint's JS plugin host: the same rules, settings, severities and options
 * as the ESLint engine, with no oxlint config for the user to write. oxlint parses and walks; the
 * rules record their reports; ESLint's own directive code applies the inline comments to them (so
 * suppressions and unused directives are ESLint's). Files oxlint does not take as ESLint would are
 * linted by ESLint and say so in their findings' `engine`: files with an inline `/* eslint
 * backend-guard/… *\/` rule comment (oxlint ignores those), CommonJS scripts, and files oxlint
 * cannot parse.
 */
export async function runOxlintEngine(options: EngineInput): Promise<EngineResult> {
  const { root, config, files } = options;
  // ESLint (directives, fallbacks) is loaded while oxlint lints, not before it starts.
  const eslintLoading = import('./eslint.js');
  eslintLoading.catch(() => {}); // awaited on every path that uses it; a failure surfaces there
  const runEslintEngine = async (...args: Parameters<EslintEngine['runEslintEngine']>) => (await eslintLoading).runEslintEngine(...args);
  const preset = backendGuard.createConfigs({ config, root, lazyTypes: options.types }).recommended;
  const rules = preset.rules ?? {};
  // With every rule off no rule would see a file, and each would count as one oxlint did not analyse.
  const enabled = Object.values(rules).some((entry) => ![0, 'off'].includes((Array.isArray(entry) ? entry[0] : entry) as string | number));
  if (!enabled) return runEslintEngine(options);

  const onEslint = new Set(files.filter((file) => isCommonjs(file, root) || hasInlineRuleConfig(file)));
  const onOxlint = files.filter((file) => !onEslint.has(file));
  if (options.types) checkTsconfigs(root, files.filter((f) => TS_FILE.test(f)), options.warn);

  let recorded: { files: Record<string, RecordedFile>; unparsed: string[] };
  try {
    recorded = onOxlint.length > 0 ? await lintWithOxlint(root, onOxlint, { rules }, { settings: preset.settings ?? {} }) : { files: {}, unparsed: [] };
  } catch (error) {
    if (!(error instanceof OxlintCrash)) throw error;
    // oxlint itself died (a native stack overflow on absurdly nested code, say): ESLint lints every
    // file instead, so the file at fault is named as ESLint names it, and the run says so.
    options.warn(`${error.message}; every file was linted with ESLint instead`);
    return runEslintEngine(options, true);
  }
  if (recorded.unparsed.length > 0) {
    options.warn(`oxlint could not parse ${recorded.unparsed.length} file(s); ESLint analysed them: ${recorded.unparsed.map((f) => toPosix(path.relative(root, f))).join(', ')}`);
  }
  for (const file of recorded.unparsed) onEslint.add(file);

  const { Linter: EslintLinter } = await import('eslint');
  const { cliLinterOptions, collectResults } = await eslintLoading;
  const results: Pick<ESLint.LintResult, 'filePath' | 'messages' | 'suppressedMessages'>[] = [];
  const replay = directivePass(root, config, rules, EslintLinter, cliLinterOptions);
  let analysed = 0;
  for (const file of onOxlint) {
    const record = recorded.files[file];
    if (record === undefined) continue;
    analysed++;
    if (record.findings.length === 0 && record.comments.length === 0) continue;
    results.push(replay(file, record));
  }
  const oxlint = collectResults(results, root, config, 'oxlint', false);

  if (onEslint.size === 0) return { ...oxlint, filesAnalyzed: analysed };
  const eslint = await runEslintEngine({ ...options, files: files.filter((file) => onEslint.has(file)) }, true);
  return {
    findings: [...oxlint.findings, ...eslint.findings],
    filesAnalyzed: analysed + eslint.filesAnalyzed,
    unanalysed: eslint.unanalysed,
    suppressions: [...(oxlint.suppressions ?? []), ...(eslint.suppressions ?? [])],
  };
}

function toPosix(relative: string): string {
  return relative.split(path.sep).join('/');
}

function hasInlineRuleConfig(file: string): boolean {
  return inlineConfigComments(readFileSync(file, 'utf8')).length > 0;
}

/** Rules (and per-file overrides) of the generated oxlint config; the plugin is ours. */
export interface OxlintRules {
  rules: Record<string, unknown>;
  /** Globs relative to the root (the config is written there when there are overrides). */
  overrides?: { files: string[]; rules: Record<string, unknown> }[];
}

/**
 * Runs oxlint over the files (in batches that fit a command line); returns what the rules recorded
 * per file, and the files oxlint did not analyse (a parse error, or no rule saw them).
 */
export async function lintWithOxlint(
  root: string,
  files: string[],
  oxlintRules: OxlintRules,
  settings: Omit<OxlintRun, 'out'>,
): Promise<{ files: Record<string, RecordedFile>; unparsed: string[] }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'backend-guard-oxlint-'));
  // oxlint matches override globs against paths relative to its config file.
  const configFile = path.join(oxlintRules.overrides ? root : dir, '.backend-guard-oxlintrc.json');
  try {
    writeFileSync(
      configFile,
      JSON.stringify({
        // Only our rules: no oxlint-native plugin or category is turned on.
        plugins: [],
        categories: { correctness: 'off', suspicious: 'off', pedantic: 'off', perf: 'off', style: 'off', restriction: 'off', nursery: 'off' },
        jsPlugins: [{ name: PLUGIN_NAME, specifier: fileURLToPath(new URL('./oxlint-plugin.js', import.meta.url)) }],
        ...oxlintRules,
      }),
    );
    const recorded: Record<string, RecordedFile> = {};
    const unparsed: string[] = [];
    for (const [index, batch] of batches(files).entries()) {
      const out = path.join(dir, `records-${index}.json`);
      const runFile = path.join(dir, `run-${index}.json`);
      writeFileSync(runFile, JSON.stringify({ ...settings, out } satisfies OxlintRun));
      const diagnostics = await spawnOxlint(root, configFile, runFile, batch.map((file) => `.${path.sep}${path.relative(root, file)}`));
      let records: Record<string, RecordedFile>;
      try {
        records = JSON.parse(readFileSync(out, 'utf8')) as Record<string, RecordedFile>;
      } catch (error) {
        throw new OxlintCrash(`oxlint did not hand back the rules' findings (${(error as Error).message})`);
      }
      const failed = new Set<string>();
      for (const diagnostic of diagnostics) {
        const file = path.resolve(root, diagnostic.filename);
        if (diagnostic.message.startsWith('Error running JS plugin')) {
          throw new GuardFailure(`a rule crashed, so the run is not trustworthy:\n${diagnostic.message}`);
        }
        // No code: oxlint's parser or semantic checker rejected the file; no rule of ours ran there.
        if (diagnostic.code === undefined) failed.add(file);
        else throw new GuardFailure(`oxlint reported ${diagnostic.code}, which is none of the checks: ${diagnostic.message}`);
      }
      for (const file of batch) {
        const record = records[file];
        // A file no rule saw was not analysed by oxlint, whatever the reason: ESLint takes it.
        if (record === undefined || failed.has(file)) unparsed.push(file);
        else recorded[file] = record;
      }
    }
    return { files: recorded, unparsed };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(configFile, { force: true });
  }
}

function batches(files: string[]): string[][] {
  const result: string[][] = [];
  let current: string[] = [];
  let length = 0;
  for (const file of files) {
    if (current.length > 0 && length + file.length + 1 > MAX_ARGS_LENGTH) {
      result.push(current);
      current = [];
      length = 0;
    }
    current.push(file);
    length += file.length + 1;
  }
  if (current.length > 0) result.push(current);
  return result;
}

function oxlintBin(): string {
  const manifest = createRequire(import.meta.url).resolve('oxlint/package.json');
  return path.join(path.dirname(manifest), 'bin', 'oxlint');
}

/**
 * oxlint's process keeps little alive (about 40 MB at 2,000 files) while every file's tree becomes
 * garbage; V8's default heap growth lets that garbage pile up to several times as much before a
 * full collection. Growing the heap by half at a time keeps the process nearer what it holds at no
 * measurable cost in time (docs/benchmark.md). Bun is not V8: no flag there.
 */
const OXLINT_V8_FLAGS = process.versions.bun === undefined ? ['--heap-growing-percent=50'] : [];

/** One oxlint process (the runtime running us, Node or Bun); its JSON diagnostics, or exit 2. */
function spawnOxlint(root: string, configFile: string, runFile: string, files: string[]): Promise<OxlintDiagnostic[]> {
  const args = [...OXLINT_V8_FLAGS, oxlintBin(), '--config', configFile, '--disable-nested-config', '--no-ignore', '--format', 'json', '-A', 'all', ...files];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, [RUN_ENV]: runFile }, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error) => reject(new GuardFailure(`oxlint could not be started: ${error.message}`)));
    child.on('close', (code, signal) => {
      const output = Buffer.concat(stdout).toString('utf8');
      const detail = (Buffer.concat(stderr).toString('utf8').trim() || output.trim()).split('\n')[0] ?? '';
      const failure = (why: string) => reject(new OxlintCrash(`oxlint ${why}${detail ? ` (${detail.slice(0, 200)})` : ''}`));
      // 0: nothing reported, 1: diagnostics (parse errors, a crashed rule); anything else failed.
      if (signal !== null) return failure(`was killed by ${signal}`);
      if (code !== 0 && code !== 1) return failure(`exited with code ${code}`);
      try {
        resolve((JSON.parse(output) as { diagnostics: OxlintDiagnostic[] }).diagnostics);
      } catch {
        failure('printed no JSON report');
      }
    });
  });
}

/**
 * ESLint's Linter over the recorded findings: a parser that hands it only the file's directive
 * comments, and rules of the same names that report what oxlint's run recorded. ESLint then applies
 * `eslint-disable` comments, their reasons, unused-directive reports and `noInlineConfig` exactly as
 * it does in the ESLint engine.
 */
function directivePass(
  root: string,
  config: EngineInput['config'],
  rules: Record<string, unknown>,
  EslintLinter: typeof Linter,
  cliLinterOptions: EslintEngine['cliLinterOptions'],
) {
  let current: { text: string; record: RecordedFile } | undefined;
  const parser = {
    meta: { name: 'backend-guard-recorded' },
    parseForESLint(text: string) {
      const lines = text.split(/\r\n|[\r\n\u2028\u2029]/);
      const comments = current?.record.comments ?? [];
      return {
        ast: {
          type: 'Program',
          body: [],
          sourceType: 'module',
          range: [0, text.length],
          loc: { start: { line: 1, column: 0 }, end: { line: lines.length, column: lines.at(-1)!.length } },
          comments: comments.map((comment: RecordedComment) => ({ ...comment })),
          tokens: [],
        },
      };
    },
  };
  const sources = backendGuard.rules as unknown as Record<string, { meta: { messages?: Record<string, string> } }>;
  const replayRules = Object.fromEntries(
    Object.entries(sources).map(([id, rule]) => [
      id,
      {
        meta: { messages: rule.meta.messages ?? {}, schema: false },
        create(context: { report(descriptor: object): void }) {
          const mine = (current?.record.findings ?? []).filter((finding: RecordedFinding) => finding.rule === id);
          return {
            Program() {
              for (const { rule: _rule, ...descriptor } of mine) context.report(descriptor);
            },
          };
        },
      },
    ]),
  );
  // Severities only: the options were the rules' business in the oxlint run.
  const severities = Object.fromEntries(Object.entries(rules).map(([name, entry]) => [name, Array.isArray(entry) ? entry[0] : entry]));
  const linter = new EslintLinter({ cwd: root });
  const configs: Linter.Config[] = [
    {
      // Any file name with an extension: a bare `**/*` matches no file in flat config.
      files: ['**/*.*'],
      plugins: { [PLUGIN_NAME]: { rules: replayRules } as unknown as ESLint.Plugin },
      languageOptions: { parser: parser as unknown as Linter.Parser },
      rules: severities as Linter.RulesRecord,
    },
    cliLinterOptions(config),
  ];
  return (file: string, record: RecordedFile): Pick<ESLint.LintResult, 'filePath' | 'messages' | 'suppressedMessages'> => {
    const text = readFileSync(file, 'utf8');
    current = { text, record };
    try {
      const messages = linter.verify(text, configs, file);
      // Public in ESLint 10 but missing from its types.
      const suppressedMessages = (linter as unknown as { getSuppressedMessages(): Linter.SuppressedLintMessage[] }).getSuppressedMessages();
      return { filePath: file, messages, suppressedMessages };
    } finally {
      current = undefined;
    }
  };
}
