import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '@backend-guard/config';
import { applyBaseline, createBaseline, DEFAULT_BASELINE_FILE, readBaseline, writeBaseline } from './baseline.js';
import { engines } from './engines/index.js';
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
}

export interface BaselineSummary {
  file: string;
  suppressed: number;
  obsolete: number;
  written: boolean;
}

export interface CheckOutcome {
  report: Report;
  /** Files no engine could analyse: the run cannot be green. */
  unanalysed: string[];
  baseline?: BaselineSummary;
}

/**
 * Runs every engine over one backend and merges their findings into one report. Throws
 * GuardFailure (exit 2) when it cannot do its job; never returns a clean report for nothing analysed.
 */
export async function check(options: CheckOptions): Promise<CheckOutcome> {
  const cwd = options.cwd ?? process.cwd();
  const root = path.resolve(cwd, options.path);
  if (!existsSync(root)) throw new GuardFailure(`${options.path}: no such file or directory; expected the folder of a backend to check`);
  if (!statSync(root).isDirectory()) throw new GuardFailure(`${options.path}: is a file; expected the folder of a backend to check`);

  const { config } = await loadConfig(root);
  const files = await findSourceFiles(root, config);
  if (files.length === 0) {
    throw new GuardFailure(
      `${options.path}: no source files to analyse (looked for ${config.files.join(', ')}, ignoring ${config.ignores.length} patterns); a check that analysed nothing is not a pass`,
    );
  }

  const input = { root, config, files, types: options.types ?? true, warn: options.warn ?? (() => {}) };
  const results = [];
  // One engine at a time: each may hold a whole program in memory.
  for (const engine of engines) {
    try {
      results.push(await engine.run(input));
    } catch (error) {
      if (error instanceof GuardFailure) throw error;
      throw new GuardFailure(`the ${engine.name} engine crashed, so the run is not trustworthy:\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }
  const [eslint] = results;
  if (eslint === undefined || eslint.filesAnalyzed === 0) {
    throw new GuardFailure(`${options.path}: none of the ${files.length} source files could be analysed`);
  }
  const reportRoot = path.relative(cwd, root).split(path.sep).join('/') || '.';

  let findings = results.flatMap((result) => result.findings);
  const unanalysed = [...new Set(results.flatMap((result) => result.unanalysed))];
  let baseline: BaselineSummary | undefined;
  const baselineFile =
    options.baseline === false ? undefined : options.baseline !== undefined ? path.resolve(cwd, options.baseline) : path.join(root, DEFAULT_BASELINE_FILE);
  if (baselineFile !== undefined) {
    const written = options.updateBaseline === true;
    if (written) writeBaseline(baselineFile, createBaseline(findings));
    if (written || options.baseline !== undefined || existsSync(baselineFile)) {
      const applied = applyBaseline(findings, readBaseline(baselineFile));
      findings = applied.findings;
      baseline = { file: baselineFile, suppressed: applied.suppressed, obsolete: applied.obsolete, written };
    }
  }
  return {
    report: buildReport(reportRoot, findings, eslint.filesAnalyzed),
    unanalysed,
    ...(baseline ? { baseline } : {}),
  };
}
