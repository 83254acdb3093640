import { createRequire } from 'node:module';
import type { TSESLint } from '@typescript-eslint/utils';
import { rules } from './rules/index.js';
import { docsUrl } from './rules/_utils/create-rule.js';
import { buildConfigs, PLUGIN_NAME, type CreateConfigsOptions, type PresetConfigs } from './configs.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

const plugin = {
  meta: { name: `eslint-plugin-${PLUGIN_NAME}`, version },
  rules,
  /** Flat presets with the seed document's defaults; `createConfigs` builds them for a project's config. */
  configs: {} as PresetConfigs,
};

/**
 * The presets for a project's backend-guard config, so the editor and the CLI run the same rules
 * with the same layout:
 *
 *   const { config } = await loadConfig(import.meta.dirname);
 *   export default [backendGuard.createConfigs({ config, root: import.meta.dirname }).recommended];
 */
export function createConfigs(options: CreateConfigsOptions = {}): PresetConfigs {
  return buildConfigs(plugin as unknown as Parameters<typeof buildConfigs>[0], options);
}

// Built on first use: a host that only runs the rules (oxlint's JS plugins) never loads the parser.
let presets: PresetConfigs | undefined;
Object.defineProperty(plugin, 'configs', { enumerable: true, get: () => (presets ??= createConfigs()) });

export { rules, docsUrl, PLUGIN_NAME, type CreateConfigsOptions, type PresetConfigs };
export type BackendGuardPlugin = typeof plugin & { createConfigs: typeof createConfigs };
const exported: BackendGuardPlugin = Object.assign(plugin, { createConfigs });
export default exported as BackendGuardPlugin & TSESLint.FlatConfig.Plugin;
