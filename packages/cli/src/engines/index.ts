import type { BackendGuardConfig } from '@backend-guard/config';
import type { Finding, Suppression } from '../report.js';

/** What every engine is given: the analysed root, the validated config and the files to analyse. */
export interface EngineInput {
  root: string;
  config: BackendGuardConfig;
  /** Absolute paths of the source files under the root that the config selects. */
  files: string[];
  /** Use type information (each file's nearest tsconfig.json). */
  types: boolean;
  /** Non-fatal notices for the user (stderr). */
  warn: (message: string) => void;
  /** Called once per file a file-level engine has analysed (progress on a terminal). */
  onFile?: () => void;
}

/**
 * A finding as an engine gives it: `related` names other files (relative to the root) the finding
 * is about, so `--changed` keeps it when one of them changed (an import cycle through a changed
 * module is reported at the cycle's first module). Not part of the report.
 */
export type EngineFinding = Finding & { related?: readonly string[] };

export interface EngineResult {
  findings: EngineFinding[];
  filesAnalyzed: number;
  /** Files the engine could not analyse (parse errors): the run is not green. */
  unanalysed: string[];
  /** Findings kept out by inline comments, and comments that change rules. */
  suppressions?: Suppression[];
}

export interface Engine {
  name: Finding['engine'];
  run(input: EngineInput): Promise<EngineResult>;
  /**
   * Reads the whole project (a graph, the tier chain): given every file even when `--changed`
   * limits the file-level engines to the changed ones.
   */
  wholeProject?: boolean;
  /** Does its work in a child process, so this process may run the whole-project engines meanwhile. */
  outOfProcess?: boolean;
}

/** The hosts of the file-level rules: oxlint for speed, ESLint as in the editor. */
export const FILE_ENGINES = ['oxlint', 'eslint'] as const;
export type FileEngine = (typeof FILE_ENGINES)[number];
export const DEFAULT_FILE_ENGINE: FileEngine = 'oxlint';

/**
 * The engines of a check, run in this order; their findings merge into one report. The first is
 * the file-level engine (on the host chosen) whose file count the report's `filesAnalyzed` is.
 * Adding an engine is one line here.
 */
export function enginesFor(fileEngine: FileEngine = DEFAULT_FILE_ENGINE): readonly Engine[] {
  // Each engine's module (ESLint, ts-morph, dependency-cruiser) loads when it runs: oxlint starts sooner.
  return [
    fileEngine === 'oxlint'
      ? { name: 'oxlint', run: async (input) => (await import('./oxlint.js')).runOxlintEngine(input), outOfProcess: true }
      : { name: 'eslint', run: async (input) => (await import('./eslint.js')).runEslintEngine(input) },
    { name: 'project', run: async (input) => (await import('./project.js')).runProjectEngine(input), wholeProject: true },
    { name: 'dependency-cruiser', run: async (input) => (await import('./dependency-cruiser.js')).runDependencyCruiserEngine(input), wholeProject: true },
  ];
}
