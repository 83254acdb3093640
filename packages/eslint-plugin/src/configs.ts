import {
  CHECKS,
  ConfigError,
  RULE_PREFIX,
  SETTINGS_KEY,
  configInput,
  parseConfig,
  toSettings,
  type BackendGuardConfig,
  type BackendGuardConfigInput,
} from '@backend-guard/config';
import { createRequire } from 'node:module';
import Ajv from 'ajv';
import type { TSESLint } from '@typescript-eslint/utils';
import tsParser from '@typescript-eslint/parser';
import type { BackendGuardRuleDocs, PresetName } from './rules/_utils/create-rule.js';

export const PLUGIN_NAME = 'backend-guard';

export const SOURCE_FILES = ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'];

export interface CreateConfigsOptions {
  /**
   * The backend-guard config (as `loadConfig` returns it, or as written in `backend-guard.config.*`);
   * defaults apply when omitted. Its `rules` key sets severities and options of every preset.
   */
  config?: BackendGuardConfig | BackendGuardConfigInput;
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
  rules: Record<string, { meta: { docs?: BackendGuardRuleDocs & object; schema?: unknown } }>;
};

// The validator ESLint itself uses for rule options, so a value passes here exactly when it would there.
const ajv = new Ajv({ meta: false, useDefaults: true, validateSchema: false, missingRefs: 'ignore', verbose: true, schemaId: 'auto' });
const draft04 = createRequire(import.meta.url)('ajv/lib/refs/json-schema-draft-04.json') as { id: string };
ajv.addMetaSchema(draft04);
(ajv as unknown as { _opts: { defaultMeta: string } })._opts.defaultMeta = draft04.id;

function optionsSchema(schema: unknown): object | undefined {
  if (schema === false || schema === undefined) return undefined;
  return Array.isArray(schema) ? { type: 'array', items: schema, minItems: 0, maxItems: schema.length } : (schema as object);
}

/**
 * The config's `rules` key as ESLint rule entries: severities and options for this plugin's rules,
 * options checked against each rule's own schema. Ids of other engines' checks are theirs.
 */
export function configuredRules(plugin: PluginShape, config: BackendGuardConfig, where = 'backend-guard.config'): TSESLint.FlatConfig.Rules {
  const entries: TSESLint.FlatConfig.Rules = {};
  for (const [key, entry] of Object.entries(config.rules)) {
    const id = key.startsWith(RULE_PREFIX) ? key.slice(RULE_PREFIX.length) : key;
    const rule = plugin.rules[id];
    if (!rule) {
      if (CHECKS[id] === 'eslint') throw new ConfigError(`${where}: rules["${key}"]: this version of ${PLUGIN_NAME} has no rule "${id}"`);
      continue;
    }
    const options = Array.isArray(entry) ? entry.slice(1) : [];
    const schema = optionsSchema(rule.meta.schema);
    if (options.length > 0 && schema === undefined) throw new ConfigError(`${where}: rules["${key}"]: "${id}" takes no options`);
    if (schema !== undefined) {
      const validate = ajv.compile(schema);
      if (!validate(options)) {
        const problems = (validate.errors ?? [])
          .map((error) => {
            const unknown = (error.params as { additionalProperty?: string }).additionalProperty;
            return unknown === undefined ? `options${error.dataPath} ${error.message}` : `options${error.dataPath}: unknown option "${unknown}"`;
          })
          .join('; ');
        throw new ConfigError(`${where}: rules["${key}"]: ${problems}`);
      }
    }
    entries[`${PLUGIN_NAME}/${id}`] = entry as TSESLint.FlatConfig.RuleEntry;
  }
  return entries;
}

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
  const config = options.config === undefined ? undefined : parseConfig(configInput(options.config), 'backend-guard.config');
  const overrides = config ? configuredRules(plugin, config) : {};
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
    rules: { ...presetRules(plugin, preset), ...overrides },
  });
  return { recommended: make('recommended'), strict: make('strict') };
}
