import { execFileSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { escapeText } from './escape.js';
import { GuardFailure } from './report.js';

function git(cwd: string, args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
}

const stderrOf = (error: unknown) => String((error as { stderr?: unknown }).stderr ?? '').trim().split('\n')[0] ?? '';

/**
 * The files changed since a git ref, as absolute paths: what differs between the working tree and
 * the ref's merge base with HEAD (a branch's own changes, not what landed on the base branch
 * since), plus untracked files that are not ignored. Deleted files are not listed. A missing git, a
 * folder outside a repository or a ref that names no commit stops the run (exit 2).
 */
export function changedFiles(root: string, ref: string, warn: (message: string) => void = () => {}): Set<string> {
  if (ref === '' || ref.startsWith('-')) throw new GuardFailure(`--changed: "${escapeText(ref)}" is not a git ref`);
  let top: string;
  try {
    top = git(root, ['rev-parse', '--show-toplevel']).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new GuardFailure('--changed needs git, and git is not installed (or not on PATH)');
    throw new GuardFailure(`--changed: ${escapeText(root)} is not in a git repository (${escapeText(stderrOf(error))})`);
  }
  let base: string;
  try {
    base = git(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]).trim();
  } catch {
    throw new GuardFailure(
      `--changed: "${escapeText(ref)}" names no commit in this repository; fetch it first (in GitHub Actions: actions/checkout with fetch-depth: 0)`,
    );
  }
  try {
    base = git(root, ['merge-base', base, 'HEAD']).trim() || base;
  } catch {
    // No common ancestor (or no HEAD yet): compare with the ref itself.
  }
  let head: string | undefined;
  try {
    head = git(root, ['rev-parse', '--verify', '--quiet', 'HEAD']).trim();
  } catch {
    head = undefined;
  }
  // `--changed HEAD` in CI (a clean checkout) checks nothing, every time: say so rather than pass quietly.
  if (base === head) warn(`--changed ${ref}: the ref is HEAD's own commit, so only uncommitted and untracked files are checked`);
  const list = (args: string[]) => git(top, args).split('\0').filter(Boolean);
  const names = [
    ...list(['diff', '--name-only', '-z', '--no-renames', '--diff-filter=d', base, '--']),
    ...list(['ls-files', '--others', '--exclude-standard', '-z']),
  ];
  // Git names real paths; the run's files hang off the root as the user typed it (maybe through a link).
  const realRoot = realpathSync(root);
  return new Set(names.map((name) => path.join(root, path.relative(realRoot, path.join(top, name)))));
}
