import { escapeControls } from '../escape.js';
import type { Report } from '../report.js';

// Workflow-command escaping, as GitHub's @actions/core does it.
const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/**
 * GitHub Actions annotations, one per finding, shown on the pull request's diff. Paths are made
 * relative to the working directory (the checkout), since the root may be a subfolder of it.
 */
export function formatGithub(report: Report): string {
  const prefix = report.root === '.' ? '' : `${report.root}/`;
  const lines = report.findings.map((f) => {
    const props = [
      `file=${escapeProperty(escapeControls(prefix + f.file))}`,
      `line=${f.line}`,
      ...(f.endLine === undefined ? [] : [`endLine=${f.endLine}`]),
      `col=${f.column}`,
      ...(f.endColumn === undefined ? [] : [`endColumn=${f.endColumn}`]),
      `title=${escapeProperty(`backend-guard/${f.ruleId}`)}`,
    ];
    // How to read the doc page, on a line of its own under the message. Not the page's URL: that
    // is a file on the runner (docs ship inside the package), which no reviewer can open.
    const text = f.docsUrl === undefined ? f.message : `${f.message}\nWhy and how to fix: npx backend-guard explain ${f.ruleId}`;
    return `::${f.severity === 'error' ? 'error' : 'warning'} ${props.join(',')}::${escapeData(escapeControls(text))}`;
  });
  for (const note of report.summary.notes ?? []) lines.push(`::notice title=backend-guard::${escapeData(escapeControls(note))}`);
  const { errors, warnings, filesAnalyzed } = report.summary;
  lines.push(`backend-guard: ${errors} error(s), ${warnings} warning(s) in ${filesAnalyzed} file(s)`);
  return `${lines.join('\n')}\n`;
}
