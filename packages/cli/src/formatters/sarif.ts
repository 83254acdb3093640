import { createHash } from 'node:crypto';
import { catalog, docPage, type CatalogEntry } from '../catalog.js';
import type { Finding, Report, Severity, Suppression } from '../report.js';

export interface SarifOptions {
  /** A line of a file relative to the report's root (the fingerprints hash it). */
  line(file: string, line: number): string | undefined;
  /** Findings a baseline kept out: listed as suppressed results, so code scanning closes nothing by mistake. */
  baselined?: readonly Finding[];
  /** The baseline file's name, for those results' justification. */
  baselineFile?: string;
  /** The CLI's version. */
  version: string;
}

/** Checks that are not in the catalog but can appear in a report. */
const EXTRA_RULES: Readonly<Record<string, string>> = {
  'parse-error': 'The file could not be parsed, so no check analysed it',
  'unused-disable': 'An eslint-disable comment for a backend-guard rule suppresses nothing',
  'inline-config': 'An /* eslint */ comment changes a backend-guard rule without a reason',
  'not-to-unresolvable': 'An import resolves to no file',
  'no-non-package-json': 'An imported package is not declared in package.json',
};

type Level = 'error' | 'warning';
const levelOf = (severity: Severity | undefined): Level => (severity === 'warning' ? 'warning' : 'error');

interface SarifResult {
  finding: Finding;
  suppression?: { kind: 'inSource' | 'external'; justification?: string };
}

/**
 * A fingerprint that survives edits elsewhere in the file: the check, the file, the finding's
 * source line without its whitespace (a reformat keeps it), and which occurrence of that triple it is. Moving the
 * line keeps it; editing the line itself or renaming the file makes a new finding.
 */
function fingerprints(results: readonly SarifResult[], uriOf: (file: string) => string, lineOf: SarifOptions['line']): string[] {
  const seen = new Map<string, number>();
  return results.map(({ finding }) => {
    const text = (lineOf(finding.file, finding.line) ?? '').replace(/\s+/g, '');
    const key = `${finding.ruleId}\0${uriOf(finding.file)}\0${text}`;
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    return createHash('sha256').update(`${key}\0${occurrence}`).digest('hex').slice(0, 32);
  });
}

function fromDirective(suppression: Suppression): Finding | undefined {
  const [ruleId] = suppression.rules;
  if (suppression.kind !== 'directive' || ruleId === undefined) return undefined;
  const column = suppression.column ?? 1;
  return {
    ruleId,
    severity: suppression.severity ?? 'error',
    file: suppression.file,
    line: suppression.line,
    column,
    endLine: suppression.endLine ?? suppression.line,
    endColumn: suppression.endColumn ?? column,
    message: suppression.message ?? `${ruleId} (suppressed)`,
    engine: 'eslint',
  };
}

/** A rule's `help`: its doc page (code scanning shows it beside an alert). */
function helpOf(entry: CatalogEntry): { text: string; markdown: string } {
  const markdown = docPage(entry.id);
  return { text: `${entry.description}. ${entry.docsUrl}`, markdown };
}

/**
 * SARIF 2.1.0, as GitHub code scanning reads it: one run, every check of the catalog as a rule
 * (help URI, default level, the doc page as help), one result per finding with its region, a
 * stable partial fingerprint, and suppressed results for what inline comments and the baseline
 * kept out. Paths are relative to the working directory (`%SRCROOT%`, the checkout).
 */
export function formatSarif(report: Report, options: SarifOptions): string {
  const prefix = report.root === '.' ? '' : `${report.root}/`;
  const uriOf = (file: string) => (prefix + file).split('/').map(encodeURIComponent).join('/');

  const results: SarifResult[] = [
    ...report.findings.map((finding) => ({ finding })),
    ...report.suppressions.flatMap((suppression) => {
      const finding = fromDirective(suppression);
      return finding === undefined ? [] : [{ finding, suppression: { kind: 'inSource' as const, ...(suppression.reason ? { justification: suppression.reason } : {}) } }];
    }),
    ...(options.baselined ?? []).map((finding) => ({
      finding,
      suppression: { kind: 'external' as const, justification: `a known violation listed in ${options.baselineFile ?? 'the baseline'}` },
    })),
  ];

  const entries = catalog();
  const rules: object[] = entries.map((entry) => ({
    id: entry.id,
    name: entry.id,
    shortDescription: { text: entry.description },
    helpUri: entry.docsUrl,
    help: helpOf(entry),
    defaultConfiguration: { level: levelOf(entry.severity) },
    properties: { engine: entry.engine, preset: entry.preset, tags: ['backend-guard', entry.engine] },
  }));
  const index = new Map(entries.map((entry, at) => [entry.id, at]));
  for (const { finding } of results) {
    if (index.has(finding.ruleId)) continue;
    index.set(finding.ruleId, rules.length);
    rules.push({
      id: finding.ruleId,
      name: finding.ruleId,
      shortDescription: { text: EXTRA_RULES[finding.ruleId] ?? finding.ruleId },
      defaultConfiguration: { level: levelOf(finding.severity) },
      properties: { engine: finding.engine },
    });
  }

  const prints = fingerprints(results, uriOf, options.line);
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'backend-guard',
            version: options.version,
            semanticVersion: options.version,
            rules,
          },
        },
        // The run's notes (`--no-types` reduced checks, `--changed` scope) as notifications.
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: (report.summary.notes ?? []).map((text) => ({ level: 'note', message: { text } })),
          },
        ],
        columnKind: 'utf16CodeUnits',
        results: results.map(({ finding, suppression }, at) => ({
          ruleId: finding.ruleId,
          ruleIndex: index.get(finding.ruleId)!,
          level: levelOf(finding.severity),
          message: { text: finding.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: uriOf(finding.file), uriBaseId: '%SRCROOT%' },
                region: {
                  startLine: finding.line,
                  startColumn: finding.column,
                  endLine: finding.endLine ?? finding.line,
                  endColumn: finding.endColumn ?? finding.column,
                },
              },
            },
          ],
          partialFingerprints: { 'backendGuard/v1': prints[at]! },
          properties: { engine: finding.engine },
          ...(suppression ? { suppressions: [suppression] } : {}),
        })),
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
