import picomatch from 'picomatch';
import type { ExternalClientImport } from './defaults.js';

export type ModuleMatcher = (specifier: string) => string | undefined;

/**
 * A pattern matches the specifier itself and its subpaths (`pg` matches `pg/lib/client`,
 * `@aws-sdk/*` matches `@aws-sdk/client-s3`). Returns the pattern that matched.
 */
export function createModuleMatcher(patterns: readonly string[]): ModuleMatcher {
  const exact = new Set<string>();
  const globs: Array<[string, (s: string) => boolean]> = [];
  for (const pattern of patterns) {
    if (/[*?[\]{}]/.test(pattern)) {
      globs.push([pattern, picomatch([pattern, `${pattern}/**`])]);
    } else {
      exact.add(pattern);
    }
  }
  return (specifier) => {
    if (exact.has(specifier)) return specifier;
    for (let slash = specifier.lastIndexOf('/'); slash > 0; slash = specifier.lastIndexOf('/', slash - 1)) {
      const prefix = specifier.slice(0, slash);
      if (exact.has(prefix)) return prefix;
    }
    for (const [pattern, isMatch] of globs) if (isMatch(specifier)) return pattern;
    return undefined;
  };
}

export interface ExternalClientMatch {
  /** The configured pattern that matched. */
  pattern: string;
  /** When set, only these imported names are clients. */
  imports?: readonly string[];
}

/** Matcher for `externalClients`, whose entries are whole modules or some named imports of one. */
export function createExternalClientMatcher(
  entries: ReadonlyArray<string | ExternalClientImport>,
): (specifier: string) => ExternalClientMatch | undefined {
  const whole = createModuleMatcher(entries.filter((e): e is string => typeof e === 'string'));
  const partial = entries
    .filter((e): e is ExternalClientImport => typeof e !== 'string')
    .map((entry) => ({ entry, match: createModuleMatcher([entry.module]) }));
  return (specifier) => {
    const pattern = whole(specifier);
    if (pattern !== undefined) return { pattern };
    const names = new Set<string>();
    let matched: string | undefined;
    for (const { entry, match } of partial) {
      if (match(specifier) === undefined) continue;
      matched ??= entry.module;
      for (const name of entry.imports) names.add(name);
    }
    return matched === undefined ? undefined : { pattern: matched, imports: [...names] };
  };
}
