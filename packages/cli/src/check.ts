import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { createRoleMatcher, loadConfig, type BackendGuardConfig, type RoleMatcher, type RoleName } from '@backend-guard/config';
import { applyBaseline, createBaseline, DEFAULT_BASELINE_FILE, readBaseline, writeBaseline } from './baseline.js';
import { enginesFor, type EngineResult, type FileEngine } from './engines/index.js';
import { findSourceFiles } from './files.js';
import { buildReport, GuardFailure, type Report } from './report.js';

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
  const cwd = options.cwd ?? process.cwd();
  const { root, config, roles, files, all } = await selectFiles(cwd, options.path, options.configFile);

  const input = { root, config, files, types: options.types ?? true, warn: options.warn ?? (() => {}) };
  const results: EngineResult[] = [];
  // One engine at a time: each may hold a whole program in memory.
  for (const engine of enginesFor(options.engine)) {
    try {
      const result = await engine.run(input);
      results.push(result);
      // A file one engine could not parse is left out of the next: the parse error already names it.
      if (result.unanalysed.length > 0) {
        const skipped = new Set(result.unanalysed.map((file) => path.resolve(root, file)));
        input.files = input.files.filter((file) => !skipped.has(file));
      }
    } catch (error) {
      if (error instanceof GuardFailure) throw error;
      throw new GuardFailure(`the ${engine.name} engine crashed, so the run is not trustworthy:\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }
  const [first] = results;
  if (first === undefined || first.filesAnalyzed === 0) {
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

  let findings = results.flatMap((result) => result.findings);
  let baseline: BaselineSummary | undefined;
  const baselineFile =
    options.baseline === false ? undefined : options.baseline !== undefined ? path.resolve(cwd, options.baseline) : path.join(root, DEFAULT_BASELINE_FILE);
  if (baselineFile !== undefined) {
    const written = options.updateBaseline === true;
    if (written) writeBaseline(baselineFile, createBaseline(findings), root);
    if (written || options.baseline !== undefined || existsSync(baselineFile)) {
      const applied = applyBaseline(findings, readBaseline(baselineFile));
      findings = applied.findings;
      baseline = { file: baselineFile, suppressed: applied.suppressed, obsolete: applied.obsolete, written };
    }
  }
  return {
    report: buildReport(reportRoot, findings, first.filesAnalyzed, results.flatMap((result) => result.suppressions ?? [])),
    unanalysed,
    ...(baseline ? { baseline } : {}),
    roles: counts,
    notServer: all.length - files.length,
  };
}
