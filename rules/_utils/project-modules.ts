import path from 'node:path';
import { resolveRelativeModule } from './modules.js';
import { resolveAliasedModule } from './path-aliases.js';

/**
 * The project file a specifier names: a relative path, or a tsconfig `paths` alias (`@/db`,
 * `@api/utils/teller`) through the importing file's nearest tsconfig. Installed packages and
 * declaration files are not project modules: undefined.
 */
export function resolveProjectModule(fromFile: string, specifier: string): string | undefined {
  return resolveRelativeModule(fromFile, specifier) ?? resolveAliasedModule(fromFile, specifier, path.parse(path.resolve(fromFile)).root);
}
