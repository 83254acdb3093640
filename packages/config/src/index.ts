export {
  DEFAULT_EXTERNAL_CLIENTS,
  DEFAULT_FILES,
  DEFAULT_IGNORES,
  DEFAULT_LOGGERS,
  DEFAULT_ROLES,
  DEFAULT_SQL_DRIVERS,
  DEFAULT_TIERS,
  ROLE_NAMES,
  type ExternalClientImport,
  type RoleName,
} from './defaults.js';
export { ConfigError } from './errors.js';
export { CATALOG_IDS, CHECKS, CHECK_IDS, HYGIENE_CHECKS, RULE_PREFIX, closestId, ruleSetting, type CheckEngine, type RuleSetting } from './checks.js';
export { CONFIG_FILE_NAMES, configInput, loadConfig, parseConfig, type LoadedConfig } from './load.js';
export { clearPackageCache, packageOf, type PackageKind } from './packages.js';
export { contentRoles, importsClientCode, mayHaveSignals } from './signals.js';
export { createExternalClientMatcher, createModuleMatcher, type ExternalClientMatch, type ModuleMatcher } from './modules.js';
export { createRoleMatcher, useSourceParser, type RoleMatcher, type RoleReason, type SourceParser } from './roles.js';
export { configSchema, defineConfig, type BackendGuardConfig, type BackendGuardConfigInput, type RuleEntry, type RuleSeverity } from './schema.js';
export { SETTINGS_KEY, createGuard, resolveGuard, toSettings, type Guard, type GuardSettings } from './settings.js';
export { loadTypeScript, nearestTsconfig, readTsconfig, type TsconfigProject } from './tsconfig.js';
export { configJsonSchema } from './json-schema.js';
export { jsonError, CONFIG_TIMEOUT_MS, type LoadOptions } from './load.js';
export {
  allowedRoles,
  CORE_PARTS,
  importsAreConstrained,
  isRouterModule,
  LAYER_MATRIX,
  LAYER_TARGETS,
  layerViolation,
  ROUTER_IMPORTERS,
  routerRoots,
  type ImportPaths,
  type LayerRule,
  type LayerViolation,
} from './layers.js';
