import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { createRoleMatcher, loadConfig, type BackendGuardConfig, type RoleMatcher, type RoleName } from '@backend-guard/config';
import { applyBaseline, createBaseline, DEFAULT_BASELINE_FILE, readBaseline, writeBaseline } from './baseline.js';
import { enginesFor, type Engine, type EngineResult, type FileEngine } from './engines/index.js';
import { findSourceFiles } from './files.js';
import { catalog } from './catalog.js';
import { changedFiles } from './changed.js';
import { completeFindings, SourceLines } from './positions.js';
import { NO_PROGRESS, type Progress } from './progress.js';
import { buildReport, GuardFailure, type Finding, type Report } from './report.js';
import { useOxcParser } from './parse.js';

export interface CheckOptions {
  /** The backend to analyse (a folder). */
  path: string;
  /** Where relative paths are resolved from and the report's `root` is relative to. */
  cwd?: string;
  /** Use type information from the backend's tsconfig.json (default true). */
  types?: boolean;
  /**
   * Known violations to suppress: a file path (relative to cwd), or false for none. Default: the
   * root's backend-guard-baseline.json when it exists.
   */
  baseline?: string | false;
  /** Write the current error findings to the baseline file (then apply it). */
  updateBaseline?: boolean;
  /** Receives non-fatal notices (default: dropped). */
  warn?: (message: string) => void;
  /** Read the config from this file (relative to cwd) instead of the root's. */
  configFile?: string;
  /**
   * Check only the files changed since this git ref (and untracked ones): file-level engines lint
   * those; whole-project engines read the whole project and their findings are kept in those files.
   */
  changed?: string;
  /** Told which engine runs and each file linted (a terminal's progress line). */
  progress?: Progress;
  /** The host of the file-level rules (default oxlint; eslint is the fallback). */
  engine?: FileEngine;
}

export interface BaselineSummary {
  file: string;
  suppressed: number;
  obsolete: number;
  written: boolean;
}

/** How many analysed files have each role, for the one-line summary of a pretty report. */
export type RoleCounts = Partial<Record<RoleName, number>>;

export interface CheckOutcome {
  report: Report;
  /** Files no engine could analyse: the run cannot be green. */
  unanalysed: string[];
  baseline?: BaselineSummary;
  roles: RoleCounts;
  /** Source files under the root that are not server code (client code, tests, tooling): not analysed. */
  notServer: number;
  /** Findings the baseline kept out (SARIF lists them as suppressed results). */
  baselined: Finding[];
  /** With `changed`: the server files changed since the ref, relative to the root. */
  changed?: string[];
}

export interface Selection {
  root: string;
  config: BackendGuardConfig;
  roles: RoleMatcher;
  /** Server files: what the engines analyse. */
  files: string[];
  /** Every source file the config selects, server or not. */
  all: string[];
}

/** Loads the config at a backend's root and selects its server files (shared by check and roles). */
export async function selectFiles(cwd: string, target: string, configFile?: string): Promise<Selection> {
  const root = path.resolve(cwd, target);
  if (!existsSync(root)) throw new GuardFailure(`${target}: no such file or directory; expected the folder of a backend to check`);
  if (!statSync(root).isDirectory()) throw new GuardFailure(`${target}: is a file; expected the folder of a backend to check`);
  const { config } = await loadConfig(root, configFile === undefined ? {} : { configFile: path.resolve(cwd, configFile) });
  const all = await findSourceFiles(root, config);
  if (all.length === 0) {
    throw new GuardFailure(
      `${target}: no source files to analyse (looked for ${config.files.join(', ')}, ignoring ${config.ignores.length} patterns); a check that analysed nothing is not a pass`,
    );
  }
  const roles = createRoleMatcher(config, root);
  const files = all.filter((file) => roles.isServer(file));
  if (files.length === 0) {
    throw new GuardFailure(
      `${target}: none of the ${all.length} source files is server code (all are client code, tests or tooling); set roles.server in backend-guard.config, or run \`backend-guard roles ${target}\` to see why`,
    );
  }
  return { root, config, roles, files, all };
}

const COUNTED: readonly RoleName[] = ['trpcCore', 'appRouter', 'routers', 'honoEntry', 'services', 'adapters', 'webhooks', 'scheduler', 'db', 'schema', 'env', 'logger'];

/**
 * Runs every engine over one backend and merges their findings into one report. Throws
 * GuardFailure (exit 2) when it cannot do its job; never returns a clean report for nothing analysed.
 */
export async function check(options: CheckOptions): Promise<CheckOutcome> {
  useOxcParser();
  const cwd = options.cwd ?? process.cwd();
  const { root, config, roles, files, all } = await selectFiles(cwd, options.path, options.configFile);

  const types = options.types ?? true;
  const progress = options.progress ?? NO_PROGRESS;
  let scope: ((file: string) => boolean) | undefined;
  let changedServer: string[] | undefined;
  if (options.changed !== undefined) {
    const changed = changedFiles(root, options.changed, options.warn);
    scope = (file) => changed.has(path.isAbsolute(file) ? file : path.join(root, file));
    changedServer = files.filter(scope);
  }
  const base = { root, config, types, warn: options.warn ?? (() => {}) };
  // Whole-project engines read every server file; file-level ones the changed files only, with `changed`.
  let projectFiles = files;
  let fileLevelFiles = changedServer ?? files;
  const crashed = (engine: Engine, error: unknown): GuardFailure =>
    error instanceof GuardFailure
      ? error
      : new GuardFailure(`the ${engine.name} engine crashed, so the run is not trustworthy:\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  const [fileEngine, ...wholeEngines] = enginesFor(options.engine);
  if (fileEngine === undefined || fileEngine.wholeProject === true) throw new Error('enginesFor: the file-level engine comes first');

  const runFileLevel = async (): Promise<EngineResult> => {
    if (fileLevelFiles.length === 0) return { findings: [], filesAnalyzed: 0, unanalysed: [] };
    // Progress per file only when this process lints: an engine working in a child reports at its end.
    const counted = fileEngine.outOfProcess !== true;
    if (counted) progress.phase(fileEngine.name, fileLevelFiles.length);
    else progress.phase(`${fileEngine.name} (${fileLevelFiles.length} files, in its own process)`, 0);
    const onFile = counted ? { onFile: () => progress.file() } : {};
    try {
      return await fileEngine.run({ ...base, files: fileLevelFiles, ...onFile });
    } catch (error) {
      throw crashed(fileEngine, error);
    }
  };
  // One engine at a time in this process: each may hold a whole program in memory.
  const runWholeProject = async (): Promise<EngineResult[]> => {
    const out: EngineResult[] = [];
    for (const engine of wholeEngines) {
      progress.phase(`${engine.name} (whole project)`, 0);
      try {
        const result = await engine.run({ ...base, files: projectFiles });
        out.push(result);
        dropUnanalysed(result);
      } catch (error) {
        throw crashed(engine, error);
      }
    }
    return out;
  };
  // A file one engine could not parse is left out of the next: the parse error already names it.
  const dropUnanalysed = (result: EngineResult): boolean => {
    if (result.unanalysed.length === 0) return false;
    const skipped = new Set(result.unanalysed.map((file) => path.resolve(root, file)));
    projectFiles = projectFiles.filter((file) => !skipped.has(file));
    fileLevelFiles = fileLevelFiles.filter((file) => !skipped.has(file));
    return true;
  };

  const results: EngineResult[] = [];
  try {
    if (fileEngine.outOfProcess === true) {
      // The file-level rules run in a child process: the whole-project engines use this one meanwhile.
      const pending = runFileLevel();
      pending.catch(() => {}); // awaited below, after the whole-project engines
      let whole: EngineResult[] | undefined;
      let wholeError: unknown;
      try {
        whole = await runWholeProject();
      } catch (error) {
        wholeError = error;
      }
      const fileLevel = await pending;
      // They read a file the file-level engine could not parse (and may have failed on it): run
      // them again without it, as if they had come after it (rare: parse errors).
      if (dropUnanalysed(fileLevel)) whole = await runWholeProject();
      else if (whole === undefined) throw wholeError;
      results.push(fileLevel, ...whole);
    } else {
      const fileLevel = await runFileLevel();
      dropUnanalysed(fileLevel);
      results.push(fileLevel, ...(await runWholeProject()));
    }
  } finally {
    progress.end();
  }
  const [first] = results;
  // With `changed`, no changed server file is a run with nothing to lint, not a failure.
  if (first === undefined || (first.filesAnalyzed === 0 && (changedServer === undefined || changedServer.length > 0))) {
    throw new GuardFailure(`${options.path}: none of the ${files.length} server files could be analysed`);
  }

  // Roles were read by the rules while linting; asking again costs a cache lookup.
  const counts: RoleCounts = {};
  for (const file of files) for (const role of roles.rolesOf(file)) if (COUNTED.includes(role)) counts[role] = (counts[role] ?? 0) + 1;
  const unanalysed = [...new Set(results.flatMap((result) => result.unanalysed))];
  // A file that did not parse may be the router; its parse error already makes the run red.
  if (!counts.routers && !counts.appRouter && !counts.db && unanalysed.length === 0) {
    throw new GuardFailure(
      `${options.path}: no tRPC router and no Drizzle db found in ${files.length} server files, so the checks had nothing to hold to the conventions. ` +
        'Map the layout: `backend-guard init` writes a config from what it detects, `backend-guard roles` shows each file\'s roles, ' +
        'and backend-guard.config\'s `roles` key (e.g. "routers": ["src/api/**"], "db": ["src/db.ts"]) names them.',
    );
  }
  const reportRoot = path.relative(cwd, root).split(path.sep).join('/') || '.';

  let engineFindings = results.flatMap((result) => result.findings);
  let suppressions = results.flatMap((result) => result.suppressions ?? []);
  if (scope !== undefined) {
    engineFindings = engineFindings.filter((finding) => scope(finding.file) || (finding.related ?? []).some(scope));
    suppressions = suppressions.filter((suppression) => scope(suppression.file));
  }
  let findings = completeFindings(engineFindings, new SourceLines(root));
  let baselined: Finding[] = [];
  let baseline: BaselineSummary | undefined;
  const baselineFile =
    options.baseline === false ? undefined : options.baseline !== undefined ? path.resolve(cwd, options.baseline) : path.join(root, DEFAULT_BASELINE_FILE);
  if (baselineFile !== undefined) {
    const written = options.updateBaseline === true;
    if (written) writeBaseline(baselineFile, createBaseline(findings), root);
    if (written || options.baseline !== undefined || existsSync(baselineFile)) {
      const applied = applyBaseline(findings, readBaseline(baselineFile), scope);
      findings = applied.findings;
      baselined = applied.baselined;
      baseline = { file: baselineFile, suppressed: applied.suppressed, obsolete: applied.obsolete, written };
    }
  }
  const notes: string[] = [];
  if (!types) {
    const reduced = catalog().filter((entry) => entry.typeInformation).map((entry) => entry.id);
    notes.push(`type information off (--no-types): ${reduced.join(', ')} fell back to syntax and may miss findings`);
  }
  if (changedServer !== undefined) {
    notes.push(
      `changed since ${options.changed}: ${changedServer.length} server file(s) linted; whole-project checks read all ${files.length} and report what lands in or runs through the changed files`,
    );
  }
  const report = buildReport(reportRoot, findings, first.filesAnalyzed, suppressions);
  return {
    report: notes.length > 0 ? { ...report, summary: { ...report.summary, notes } } : report,
    unanalysed,
    ...(baseline ? { baseline } : {}),
    roles: counts,
    notServer: all.length - files.length,
    baselined,
    ...(changedServer ? { changed: changedServer.map((file) => path.relative(root, file).split(path.sep).join('/')) } : {}),
  };
}
