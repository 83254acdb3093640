import path from 'node:path';
import { createRoleMatcher, loadConfig, type RoleReason } from '@backend-guard/config';
import { findSourceFiles } from './files.js';
import { GuardFailure } from './report.js';
import { useOxcParser } from './parse.js';

export interface DescribedRoles {
  root: string;
  /** The config file read, relative to the root, or null for the defaults. */
  config: string | null;
  files: Array<{ file: string; roles: RoleReason[] }>;
  notServer: Array<{ file: string; why: string }>;
}

/** Every source file under a backend's root with its roles and why, or why it is not server code. */
export async function describeRoles(cwd: string, target: string, configFile?: string): Promise<DescribedRoles> {
  useOxcParser();
  const root = path.resolve(cwd, target);
  const { config, file } = await loadConfig(root, configFile === undefined ? {} : { configFile: path.resolve(cwd, configFile) }).catch((error: unknown) => {
    throw error instanceof Error && 'code' in error && error.code === 'ENOENT' ? new GuardFailure(`${target}: no such folder`) : error;
  });
  const all = await findSourceFiles(root, config);
  const matcher = createRoleMatcher(config, root);
  const described: DescribedRoles = { root: path.relative(cwd, root).split(path.sep).join('/') || '.', config: file ? path.basename(file) : null, files: [], notServer: [] };
  for (const absolute of all) {
    const relative = matcher.relative(absolute)!;
    const why = matcher.whyNotServer(absolute);
    if (why !== undefined) described.notServer.push({ file: relative, why });
    else described.files.push({ file: relative, roles: matcher.explain(absolute) });
  }
  return described;
}

export function formatRoles(described: DescribedRoles): string {
  const out: string[] = [`${described.root}: ${described.config ?? 'no config file (the defaults and content signals)'}`, ''];
  const width = Math.max(0, ...described.files.map((f) => f.file.length));
  for (const { file, roles } of described.files) {
    const named = roles.filter((r) => r.role !== 'server');
    const text = named.length === 0 ? 'server code, no other role' : named.map((r) => `${r.role} (${r.via === 'glob' ? `glob ${r.detail}` : r.detail})`).join(', ');
    out.push(`${file.padEnd(width)}  ${text}`);
  }
  if (described.notServer.length > 0) {
    out.push('', `not server code (${described.notServer.length}; not analysed):`);
    const byWhy = new Map<string, string[]>();
    for (const { file, why } of described.notServer) byWhy.set(why, [...(byWhy.get(why) ?? []), file]);
    for (const [why, files] of byWhy) {
      out.push(`  ${why}: ${files.length}`);
      for (const file of files.slice(0, 5)) out.push(`    ${file}`);
      if (files.length > 5) out.push(`    … and ${files.length - 5} more (--format json lists all)`);
    }
  }
  return `${out.join('\n')}\n`;
}
