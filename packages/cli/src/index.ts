export { applyBaseline, createBaseline, DEFAULT_BASELINE_FILE, readBaseline, type Baseline } from './baseline.js';
export { check, type BaselineSummary, type CheckOptions, type CheckOutcome } from './check.js';
export { formatGithub } from './formatters/github.js';
export { formatJson } from './formatters/json.js';
export { formatPretty } from './formatters/pretty.js';
export { main, USAGE, type CliIo } from './main.js';
export { mapBackend, type MapReport } from './map.js';
export { formatMapJson, formatMapMermaid, formatMapPretty } from './formatters/map.js';
export {
  compareFindings,
  EXIT_CLEAN,
  EXIT_FAILURE,
  EXIT_FINDINGS,
  GuardFailure,
  type Engine,
  type Finding,
  type Report,
  type Severity,
  type Suppression,
} from './report.js';
