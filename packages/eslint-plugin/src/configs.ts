import { SETTINGS_KEY, toSettings, type BackendGuardConfigInput } from '@backend-guard/config';
import type { TSESLint } from '@typescript-eslint/utils';
import tsParser from '@typescript-eslint/parser';
import type { BackendGuardRuleDocs, PresetName } from '../../../rules/_utils/create-rule.js';

export const PLUGIN_NAME = 'backend-guard';

export const SOURCE_FILES = ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'];

export interface CreateConfigsOptions {
  /** The backend-guard config (as in `backend-guard.config.*`); defaults apply when omitted. */
  config?: BackendGuardConfigInput;
  /** Root the role globs are relative to; default: ESLint's cwd. */
  root?: string;
  /**
   * Turn on type information (typescript-eslint's project service) rooted at `root`. Rules use it
   * for precision where it resolves and fall back to imports and names where it does not.
   */
  typeChecked?: boolean;
  /**
   * Without `typeChecked`: rules that need a type build a TypeScript program from the file's
   * nearest tsconfig.json the first time they ask (the CLI's mode; files whose questions syntax
   * answers cost nothing extra).
   */
  lazyTypes?: boolean;
}

export type PresetConfigs = Record<PresetName, TSESLint.FlatConfig.Config>;

type PluginShape = TSESLint.FlatConfig.Plugin & {
  rules: Record<string, { meta: { docs?: BackendGuardRuleDocs & object } }>;
};

const PRESET_ORDER: readonly PresetName[] = ['recommended', 'strict'];

/** Severity map of a preset, derived from each rule's `docs.recommended` (strict includes recommended). */
export function presetRules(plugin: PluginShape, preset: PresetName): TSESLint.FlatConfig.Rules {
  const level = PRESET_ORDER.indexOf(preset);
  const entries = Object.entries(plugin.rules)
    .filter(([, rule]) => {
      const first = rule.meta.docs?.recommended;
      return first !== undefined && PRESET_ORDER.indexOf(first) <= level;
    })
    .map(([id]) => [`${PLUGIN_NAME}/${id}`, 'error'] as const);
  return Object.fromEntries(entries);
}

/** Builds the flat presets, each a fresh object: presets are never shared and mutated. */
export function buildConfigs(plugin: PluginShape, options: CreateConfigsOptions = {}): PresetConfigs {
  const settings =
    options.config === undefined && options.root === undefined && !options.lazyTypes
      ? undefined
      : {
          [SETTINGS_KEY]: {
            ...toSettings(options.config ?? {}, options.root ?? process.cwd()),
            ...(options.lazyTypes && !options.typeChecked ? { typeInformation: 'lazy' as const } : {}),
          },
        };
  const parserOptions: TSESLint.FlatConfig.ParserOptions = options.typeChecked
    ? {
        // Root-level JavaScript (eslint.config.js, drizzle.config.js) is in no tsconfig: the
        // project service's default project takes it instead of failing to parse it.
        projectService: { allowDefaultProject: ['*.js', '*.mjs', '*.cjs'] },
        tsconfigRootDir: options.root ?? process.cwd(),
      }
    : {};
  const make = (preset: PresetName): TSESLint.FlatConfig.Config => ({
    name: `${PLUGIN_NAME}/${preset}`,
    files: [...SOURCE_FILES],
    plugins: { [PLUGIN_NAME]: plugin },
    languageOptions: {
      parser: tsParser,
      sourceType: 'module',
      parserOptions: { ...parserOptions },
    },
    ...(settings ? { settings } : {}),
    rules: presetRules(plugin, preset),
  });
  return { recommended: make('recommended'), strict: make('strict') };
}
