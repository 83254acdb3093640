import { existsSync } from 'node:fs';
import path from 'node:path';
import { glob } from 'tinyglobby';
import { createRoleMatcher, loadConfig, routerRoots, type BackendGuardConfig } from '@backend-guard/config';
import type { ICruiseOptions, IConfiguration } from 'dependency-cruiser';
import { rolePaths, type RolePaths } from './role-paths.js';
import type { ForbiddenRule, Layout, RuleFactory } from './rule-types.js';
import { layers, LAYERS_PREFIX } from './rules/layers.js';
import { noCircular, NO_CIRCULAR } from './rules/no-circular.js';
import { noNonPackageJson, NO_NON_PACKAGE_JSON } from './rules/no-non-package-json.js';
import { noOrphans, NO_ORPHANS } from './rules/no-orphans.js';
import { notToUnresolvable, NOT_TO_UNRESOLVABLE } from './rules/not-to-unresolvable.js';

export { globsToRegex } from './globs.js';
export { alternation, filesPerFolder, rolePaths, type RolePaths } from './role-paths.js';
export type { ForbiddenRule, Layout } from './rule-types.js';
export { LAYERS_PREFIX, NO_CIRCULAR, NO_NON_PACKAGE_JSON, NO_ORPHANS, NOT_TO_UNRESOLVABLE };

/** The preset's rules, in the order they are listed. */
export const RULE_FACTORIES: readonly RuleFactory[] = [layers, noCircular, noOrphans, notToUnresolvable, noNonPackageJson];

/**
 * The backend-guard check id of a preset rule name: every `layers-*` rule is the check `layers`;
 * the others keep their name. Undefined for a name the preset does not define (a project's own rule).
 */
export function checkIdOf(ruleName: string): string | undefined {
  if (ruleName.startsWith(LAYERS_PREFIX)) return 'layers';
  return [NO_CIRCULAR, NO_ORPHANS, NOT_TO_UNRESOLVABLE, NO_NON_PACKAGE_JSON].includes(ruleName) ? ruleName : undefined;
}

/** The layout facts of a config the rules need besides the role regexes. */
export function layoutOf(config: BackendGuardConfig): Layout {
  return { routerRoots: routerRoots(config.roles.routers) };
}

/** The `forbidden` rules for a set of role paths. */
export function createRules(paths: RolePaths, layout: Layout): ForbiddenRule[] {
  return RULE_FACTORIES.flatMap((factory) => factory(paths, layout));
}

export interface CreateOptions {
  /** The backend's validated config. */
  config: BackendGuardConfig;
  /** The folder dependency-cruiser runs in: role globs and the rules' paths are relative to it. */
  root: string;
  /** Absolute paths of the source files, when known: roles beyond the globs reach the rules by name. */
  files?: readonly string[];
}

/** dependency-cruiser options that make it see what backend-guard sees. */
export function createOptions({ root }: Pick<CreateOptions, 'root'>): ICruiseOptions {
  const tsconfig = path.join(root, 'tsconfig.json');
  return {
    // No `exclude` from the config's `ignores`: it would also drop imports that resolve into a
    // package's dist/ folder. backend-guard passes the selected files; depcruise users pass folders.
    doNotFollow: { path: 'node_modules' },
    // Types decide nothing at run time, but dependency-cruiser must see type-only imports to tell
    // them apart (`dependencyTypesNot: ['type-only']` in the rules) instead of dropping them.
    tsPreCompilationDeps: true,
    ...(existsSync(tsconfig) ? { tsConfig: { fileName: tsconfig } } : {}),
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  };
}

/** A complete dependency-cruiser configuration for one backend. */
export function createDependencyCruiserConfig(options: CreateOptions): IConfiguration {
  return {
    forbidden: createRules(rolePaths(options.config, options.root, options.files), layoutOf(options.config)),
    options: createOptions(options),
  };
}

/** Reads `backend-guard.config.*` at `root` (the defaults when there is none) and builds the configuration. */
export async function loadDependencyCruiserConfig(root: string = process.cwd()): Promise<IConfiguration> {
  const absolute = path.resolve(root);
  const { config } = await loadConfig(absolute);
  // Roles come from content as well as globs: the files are read so that plain depcruise sees the
  // roles backend-guard sees (server code among them by the same inference).
  const matcher = createRoleMatcher(config, absolute);
  const files = (await glob([...config.files], { cwd: absolute, ignore: [...config.ignores], absolute: true, dot: true })).filter((file) => matcher.isServer(file));
  return createDependencyCruiserConfig({ config, root: absolute, files });
}

/**
 * The backend the preset module describes: backend-guard's CLI sets it before it lets
 * dependency-cruiser read a project's config in-process, so `extends` of the preset yields rules
 * for the checked folder, not for the process's working directory.
 */
export const PRESET_CONTEXT = Symbol.for('@backend-guard/dependency-cruiser-config/context');
export interface PresetContext {
  config: BackendGuardConfig;
  root: string;
  files?: readonly string[];
}
