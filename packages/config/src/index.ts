export {
  DEFAULT_EXTERNAL_CLIENTS,
  DEFAULT_FILES,
  DEFAULT_IGNORES,
  DEFAULT_ROLES,
  DEFAULT_SQL_DRIVERS,
  DEFAULT_TIERS,
  ROLE_NAMES,
  type ExternalClientImport,
  type RoleName,
} from './defaults.js';
export { ConfigError } from './errors.js';
export { CONFIG_FILE_NAMES, loadConfig, parseConfig, type LoadedConfig } from './load.js';
export { createExternalClientMatcher, createModuleMatcher, type ExternalClientMatch, type ModuleMatcher } from './modules.js';
export { createRoleMatcher, type RoleMatcher } from './roles.js';
export { configSchema, defineConfig, type BackendGuardConfig, type BackendGuardConfigInput } from './schema.js';
export { SETTINGS_KEY, createGuard, resolveGuard, toSettings, type Guard, type GuardSettings } from './settings.js';
export { loadTypeScript, nearestTsconfig, readTsconfig, type TsconfigProject } from './tsconfig.js';
export {
  allowedRoles,
  CORE_PARTS,
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
