import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadTypeScript, nearestTsconfig } from '@backend-guard/config';
import type * as TS from 'typescript';

/** A tsconfig's `paths`, ready to resolve the specifiers they cover. */
interface Aliases {
  options: TS.CompilerOptions;
  /** Each `paths` key as the text before and after its `*` (an exact key has no `*`). */
  keys: Array<{ prefix: string; suffix: string; exact: boolean }>;
  cache: TS.ModuleResolutionCache;
}

const nearestByDir = new Map<string, string | undefined>();
const byTsconfig = new Map<string, Aliases | undefined>();

/**
 * Reads only the compiler options of a tsconfig (its `extends` chain included); the host lists no
 * files, so a large project costs nothing here. A tsconfig that cannot be read gives no aliases:
 * the rule then resolves relative specifiers only, never guesses.
 */
function aliasesOf(tsconfig: string): Aliases | undefined {
  if (byTsconfig.has(tsconfig)) return byTsconfig.get(tsconfig);
  let aliases: Aliases | undefined;
  try {
    // `paths` come from the file or its `extends` chain: a tsconfig naming neither has no aliases,
    // and TypeScript (a large module) is not loaded to say so.
    const text = readFileSync(tsconfig, 'utf8');
    if (!/\bpaths\b/.test(text) && !/\bextends\b/.test(text)) {
      byTsconfig.set(tsconfig, undefined);
      return undefined;
    }
    const ts = loadTypeScript();
    const read = ts.readConfigFile(tsconfig, (file) => ts.sys.readFile(file));
    if (read.error === undefined) {
      const host: TS.ParseConfigHost = { ...ts.sys, readDirectory: () => [] };
      const { options } = ts.parseJsonConfigFileContent(read.config, host, path.dirname(tsconfig), undefined, tsconfig);
      const keys = Object.keys(options.paths ?? {}).map((key) => {
        const star = key.indexOf('*');
        return star === -1 ? { prefix: key, suffix: '', exact: true } : { prefix: key.slice(0, star), suffix: key.slice(star + 1), exact: false };
      });
      if (keys.length > 0) {
        aliases = { options, keys, cache: ts.createModuleResolutionCache(path.dirname(tsconfig), (name) => name, options) };
      }
    }
  } catch {
    aliases = undefined;
  }
  byTsconfig.set(tsconfig, aliases);
  return aliases;
}

/**
 * The file a path-alias specifier (`@/server/db`, `~/services/leads`) points to, through the
 * `paths` of the importing file's nearest tsconfig.json (up to `root`), resolved by TypeScript.
 * Undefined for specifiers no `paths` key covers (packages), for files in node_modules and for
 * declaration files. The one alias resolver of the rules (layers, Drizzle db tracing, imported helpers).
 */
export function resolveAliasedModule(fromFile: string, specifier: string, root: string): string | undefined {
  const tsconfig = nearestTsconfig(fromFile, root, nearestByDir);
  const aliases = tsconfig === undefined ? undefined : aliasesOf(tsconfig);
  if (aliases === undefined) return undefined;
  const covered = aliases.keys.some(({ prefix, suffix, exact }) =>
    exact ? specifier === prefix : specifier.length >= prefix.length + suffix.length && specifier.startsWith(prefix) && specifier.endsWith(suffix),
  );
  if (!covered) return undefined;
  const ts = loadTypeScript();
  const { resolvedModule } = ts.resolveModuleName(specifier, fromFile, aliases.options, ts.sys, aliases.cache);
  if (resolvedModule === undefined || resolvedModule.isExternalLibraryImport === true || resolvedModule.resolvedFileName.endsWith('.d.ts')) return undefined;
  return path.resolve(resolvedModule.resolvedFileName);
}
