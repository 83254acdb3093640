import picomatch from 'picomatch';
import type { TSESLint } from '@typescript-eslint/utils';
import { getGuard } from './guard.js';

type AnyContext = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

const matchers = new Map<string, (path: string) => boolean>();

/** One compiled matcher per glob list: a rule's options are the same object for every file of a run. */
function globMatcher(globs: readonly string[]): (path: string) => boolean {
  const key = globs.join('\0');
  let matcher = matchers.get(key);
  if (!matcher) {
    matcher = picomatch([...globs], { dot: true });
    matchers.set(key, matcher);
  }
  return matcher;
}

/** True when the file being linted matches one of `globs`, relative to the backend-guard root (a rule option's file list). */
export function fileMatches(context: AnyContext, globs: readonly string[] | undefined): boolean {
  if (!globs || globs.length === 0) return false;
  const relative = getGuard(context).roles.relative(context.filename);
  return relative !== undefined && globMatcher(globs)(relative);
}
