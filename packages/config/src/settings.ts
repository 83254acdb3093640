import path from 'node:path';
import { ConfigError } from './errors.js';
import { createExternalClientMatcher, createModuleMatcher, type ExternalClientMatch, type ModuleMatcher } from './modules.js';
import { createRoleMatcher, type RoleMatcher } from './roles.js';
import { configInput, parseConfig } from './load.js';
import type { BackendGuardConfig, BackendGuardConfigInput } from './schema.js';

/** The key under ESLint's shared `settings` that carries the backend-guard config to every rule. */
export const SETTINGS_KEY = 'backend-guard';

/** What `settings["backend-guard"]` holds. */
export interface GuardSettings {
  /** Absolute root that role globs are relative to (default: ESLint's cwd). */
  root?: string;
  /** The backend-guard config, as in the config file. */
  config?: BackendGuardConfigInput;
  /**
   * `lazy`: when the parser gives no type information, rules that need a type ask a TypeScript
   * program built from the file's nearest tsconfig.json, created the first time a question comes
   * (the CLI's mode: most files need no type at all). Editors use the parser's project service.
   */
  typeInformation?: 'lazy';
}

/** Everything a rule needs from the config, compiled once per settings object. */
export interface Guard {
  config: BackendGuardConfig;
  roles: RoleMatcher;
  sqlDriver: ModuleMatcher;
  externalClient: (specifier: string) => ExternalClientMatch | undefined;
  /** Tier builder name → rank (0 = lowest trust). */
  tierRank: ReadonlyMap<string, number>;
  /** Build a TypeScript program on demand when the parser has none (`typeInformation: 'lazy'`). */
  lazyTypes: boolean;
}

export function createGuard(config: BackendGuardConfig, root: string, lazyTypes = false): Guard {
  return {
    lazyTypes,
    config,
    roles: createRoleMatcher(config, root),
    sqlDriver: createModuleMatcher(config.sqlDrivers),
    externalClient: createExternalClientMatcher(config.externalClients),
    tierRank: new Map(config.tiers.map((tier, index) => [tier, index])),
  };
}

const bySettings = new WeakMap<object, Guard>();
const byRoot = new Map<string, Guard>();

/**
 * Compiles `settings["backend-guard"]` (cached per settings object, which ESLint shares across
 * files of one config). A bad value throws a ConfigError naming the key.
 */
export function resolveGuard(settings: Readonly<Record<string, unknown>> | undefined, cwd: string): Guard {
  const raw = settings?.[SETTINGS_KEY];
  if (raw === undefined) {
    let guard = byRoot.get(cwd);
    if (guard === undefined) {
      guard = createGuard(parseConfig({}, '(defaults)'), cwd);
      byRoot.set(cwd, guard);
    }
    return guard;
  }
  if (raw === null || typeof raw !== 'object') {
    throw new ConfigError(`settings["${SETTINGS_KEY}"]: expected an object { root?, config? }`);
  }
  const cached = bySettings.get(raw);
  if (cached) return cached;
  const { root, config, typeInformation, ...rest } = raw as GuardSettings & Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) {
    throw new ConfigError(`settings["${SETTINGS_KEY}"]: unknown key ${unknown.map((k) => `"${k}"`).join(', ')}; expected "root", "config" and "typeInformation"`);
  }
  if (typeInformation !== undefined && typeInformation !== 'lazy') {
    throw new ConfigError(`settings["${SETTINGS_KEY}"].typeInformation: expected "lazy" or nothing (got ${JSON.stringify(typeInformation)})`);
  }
  if (root !== undefined && typeof root !== 'string') {
    throw new ConfigError(`settings["${SETTINGS_KEY}"].root: expected an absolute path string`);
  }
  const guard = createGuard(
    parseConfig(config ?? {}, `settings["${SETTINGS_KEY}"].config`),
    path.resolve(cwd, root ?? '.'),
    typeInformation === 'lazy',
  );
  bySettings.set(raw, guard);
  return guard;
}

/** The settings object for a loaded config, as the plugin's configs factory and the CLI pass it. */
export function toSettings(config: BackendGuardConfig | BackendGuardConfigInput, root: string): GuardSettings {
  return { root: path.resolve(root), config: configInput(config) };
}
