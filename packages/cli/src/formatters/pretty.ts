import { createColors } from 'picocolors';
import type { RoleName } from '@backend-guard/config';
import { escapeText, safePath } from '../escape.js';
import type { Finding, Report } from '../report.js';

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** Grouped by file, one line per finding, a summary line last (ESLint's stylish, in spirit). */
export function formatPretty(report: Report, options: { color: boolean }): string {
  const c = createColors(options.color);
  const byFile = new Map<string, Finding[]>();
  for (const finding of report.findings) {
    const list = byFile.get(finding.file) ?? [];
    list.push(finding);
    byFile.set(finding.file, list);
  }
  const out: string[] = [];
  for (const [file, findings] of byFile) {
    out.push(c.underline(safePath(file)));
    const width = Math.max(...findings.map((f) => `${f.line}:${f.column}`.length));
    for (const f of findings) {
      const where = `${f.line}:${f.column}`.padEnd(width);
      const level = f.severity === 'error' ? c.red('error  ') : c.yellow('warning');
      out.push(`  ${c.dim(where)}  ${level}  ${escapeText(f.message)}  ${c.dim(escapeText(f.ruleId))}`);
    }
    out.push('');
  }
  const { errors, warnings, filesAnalyzed, suppressed } = report.summary;
  const files = plural(filesAnalyzed, 'file');
  const hidden = suppressed > 0 ? ` (${suppressed} suppressed by inline comments: --format json lists them)` : '';
  if (errors === 0 && warnings === 0) {
    out.push(c.green(`✔ ${files} checked, no problems`) + hidden);
  } else {
    const text = `✖ ${plural(errors + warnings, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')}) in ${files} checked`;
    out.push((errors > 0 ? c.red(c.bold(text)) : c.yellow(c.bold(text))) + hidden);
    // Each reported check's doc page once: the why and the fix, which messages leave out.
    const docs = new Map(report.findings.flatMap((f) => (f.docsUrl === undefined ? [] : [[f.ruleId, f.docsUrl] as const])));
    if (docs.size > 0) {
      out.push('', c.dim('Docs (or `backend-guard explain <id>`):'));
      const width = Math.max(...[...docs.keys()].map((id) => id.length));
      for (const [id, url] of [...docs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) out.push(`  ${escapeText(id).padEnd(width)}  ${c.dim(escapeText(url))}`);
    }
  }
  for (const note of report.summary.notes ?? []) out.push(c.yellow(`note: ${escapeText(note)}`));
  return `${out.join('\n')}\n`;
}

const ROLE_LABELS: ReadonlyArray<[RoleName, string, string]> = [
  ['trpcCore', 'tRPC core', 'tRPC core'],
  ['appRouter', 'app router', 'app routers'],
  ['routers', 'router', 'routers'],
  ['honoEntry', 'Hono entry', 'Hono entries'],
  ['services', 'service', 'services'],
  ['adapters', 'adapter', 'adapters'],
  ['webhooks', 'webhook', 'webhooks'],
  ['scheduler', 'scheduler', 'schedulers'],
  ['db', 'db module', 'db modules'],
  ['schema', 'schema', 'schemas'],
  ['env', 'env module', 'env modules'],
  ['logger', 'logger', 'loggers'],
];

/** One line saying what the guard recognised, so a layout it missed shows at a glance. */
export function formatRoleSummary(counts: Partial<Record<RoleName, number>>, notServer: number, options: { color: boolean }): string {
  const c = createColors(options.color);
  const parts = ROLE_LABELS.filter(([role]) => (counts[role] ?? 0) > 0).map(([role, one, many]) => `${counts[role]} ${counts[role] === 1 ? one : many}`);
  const skipped = notServer > 0 ? `; ${notServer} not server code` : '';
  return `${c.dim(`roles: ${parts.join(', ') || 'none recognised'}${skipped} (backend-guard roles lists them)`)}\n`;
}
