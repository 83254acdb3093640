import {
  CHECKS,
  ConfigError,
  RULE_PREFIX,
  SETTINGS_KEY,
  configInput,
  createRoleMatcher,
  parseConfig,
  toSettings,
  type BackendGuardConfig,
  type BackendGuardConfigInput,
} from '@backend-guard/config';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import picomatch from 'picomatch';
import Ajv from 'ajv';
import type { TSESLint } from '@typescript-eslint/utils';
import type { BackendGuardRuleDocs, PresetName } from './rules/_utils/create-rule.js';

type Parser = NonNullable<TSESLint.FlatConfig.LanguageOptions['parser']>;
let parser: Parser | undefined;
/** typescript-eslint's parser, loaded when a preset is built (it loads TypeScript: not for rule-only hosts). */
function typescriptParser(): Parser {
  parser ??= createRequire(import.meta.url)('@typescript-eslint/parser') as Parser;
  return parser;
}

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
  /**
   * The config lints for backend-guard alone (its own `eslint.config.js`, as the README's): what
   * ESLint says about rules it does not load — "Definition for rule … was not found" for a disable
   * comment naming another plugin's rule, unused directives of other rules — is dropped, as the CLI
   * drops it. Leave it off when the preset is part of a config that loads those plugins.
   */
  standalone?: boolean;
}

export type PresetConfigs = Record<PresetName, TSESLint.FlatConfig.Config> & {
  /**
   * Bound to a project (`root` or `config` given): global ignores for every source file the CLI does
   * not analyse (client code, tests, tooling, the config's `ignores`), so that ESLint does not lint
   * them with its defaults either: `export default [guard.ignores, guard.recommended]`.
   */
  ignores?: TSESLint.FlatConfig.Config;
};

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

/** Build outputs the CLI skips where they sit at a package's root (packages/cli/src/files.ts). */
const BUILD_OUTPUTS = new Set(['dist', 'build', 'coverage', 'out']);

/**
 * The files `backend-guard check` analyses, as an ESLint `files` matcher: under the root, selected
 * by the config's `files` and `ignores`, not in a build output at a package's root, and server
 * code by the roles. So an editor shows diagnostics exactly where the CLI reports them, and never
 * parses client code, tooling or tests (which may sit outside every tsconfig).
 */
export function serverFileMatcher(config: BackendGuardConfig, root: string): (file: string) => boolean {
  const absoluteRoot = path.resolve(root);
  const roles = createRoleMatcher(config, absoluteRoot);
  const isSource = picomatch([...config.files], { dot: true });
  const isIgnored = picomatch([...config.ignores], { dot: true });
  const verdicts = new Map<string, boolean>();
  const inBuildOutput = (rel: string): boolean => {
    const parts = rel.split('/');
    for (let index = 0; index < parts.length - 1; index++) {
      if (!BUILD_OUTPUTS.has(parts[index]!)) continue;
      const dir = path.join(absoluteRoot, ...parts.slice(0, index));
      if (index === 0 || existsSync(path.join(dir, 'package.json'))) return true;
    }
    return false;
  };
  // The CLI's walk tests every folder on the way (as `dir` and `dir/`) and then the file.
  const ignoredOnTheWay = (rel: string): boolean => {
    const parts = rel.split('/');
    return parts.some((_, index) => {
      const prefix = parts.slice(0, index + 1).join('/');
      return isIgnored(prefix) || (index < parts.length - 1 && isIgnored(`${prefix}/`));
    });
  };
  return (file) => {
    const absolute = path.resolve(file);
    let verdict = verdicts.get(absolute);
    if (verdict === undefined) {
      const rel = path.relative(absoluteRoot, absolute).split(path.sep).join('/');
      verdict =
        rel !== '' &&
        !rel.startsWith('../') &&
        !path.isAbsolute(rel) &&
        isSource(rel) &&
        !ignoredOnTheWay(rel) &&
        !inBuildOutput(rel) &&
        roles.isServer(absolute);
      verdicts.set(absolute, verdict);
    }
    return verdict;
  };
}

const UNUSED_DIRECTIVE = /^Unused eslint-(?:disable|enable) directive/;

/** Keeps what concerns the guard: its rules' messages, parse errors, its own unused directives. */
function aboutTheGuard(message: TSESLint.Linter.LintMessage): boolean {
  if (message.ruleId !== null) return message.ruleId.startsWith(`${PLUGIN_NAME}/`);
  return !UNUSED_DIRECTIVE.test(message.message) || message.message.includes(`'${PLUGIN_NAME}/`);
}

/** The standalone preset's processor: the file as is, then only the messages about the guard. */
const guardOnly: TSESLint.Linter.Processor = {
  meta: { name: `${PLUGIN_NAME}/guard-only` },
  preprocess: (text) => [text],
  postprocess: (messages) => messages.flat().filter(aboutTheGuard),
  supportsAutofix: true,
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
  // Bound to a project (a config or a root given): the CLI's files, judged once per file path.
  const projectFiles =
    options.config === undefined && options.root === undefined
      ? undefined
      : serverFileMatcher(config ?? parseConfig({}, '(defaults)'), options.root ?? process.cwd());
  const make = (preset: PresetName): TSESLint.FlatConfig.Config => ({
    name: `${PLUGIN_NAME}/${preset}`,
    // ESLint's config arrays take a function as a `files` matcher (called with the absolute path).
    files: projectFiles ? [projectFiles as unknown as string] : [...SOURCE_FILES],
    plugins: { [PLUGIN_NAME]: plugin },
    languageOptions: {
      // Read when ESLint merges the config; a host that takes only the rules (oxlint) never loads it.
      get parser() {
        return typescriptParser();
      },
      sourceType: 'module',
      parserOptions: { ...parserOptions },
    },
    ...(settings ? { settings } : {}),
    ...(options.standalone ? { processor: guardOnly } : {}),
    rules: { ...presetRules(plugin, preset), ...overrides },
  });
  const presets: PresetConfigs = { recommended: make('recommended'), strict: make('strict') };
  if (projectFiles) {
    const isServerFile = projectFiles;
    // Called for folders too: only a source file (SOURCE_FILES' extensions) that is not server code.
    const notAnalysed = (file: string) => /\.(?:tsx?|mts|cts|jsx?|mjs|cjs)$/.test(file) && !isServerFile(file);
    presets.ignores = { name: `${PLUGIN_NAME}/not-server-code`, ignores: [notAnalysed as unknown as string] };
  }
  return presets;
}
