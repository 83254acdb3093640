import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError, formatIssues } from './errors.js';
import { configSchema, type BackendGuardConfig, type BackendGuardConfigInput } from './schema.js';

export const CONFIG_FILE_NAMES = [
  'backend-guard.config.ts',
  'backend-guard.config.mts',
  'backend-guard.config.js',
  'backend-guard.config.mjs',
  'backend-guard.config.json',
] as const;

export interface LoadedConfig {
  config: BackendGuardConfig;
  /** Absolute path of the file read, or undefined when the defaults apply. */
  file: string | undefined;
}

const inputs = new WeakMap<BackendGuardConfig, BackendGuardConfigInput>();

/**
 * What the user wrote for a validated config: settings carry this (not the filled-in result), so
 * a config that reaches a rule through ESLint's settings is validated once more to the same value.
 */
export function configInput(config: BackendGuardConfig | BackendGuardConfigInput): BackendGuardConfigInput {
  return inputs.get(config as BackendGuardConfig) ?? (config as BackendGuardConfigInput);
}

/** Validates a config object; `where` names its origin in error messages. */
export function parseConfig(input: unknown, where: string): BackendGuardConfig {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new ConfigError(`${where}: expected an object of backend-guard settings (got ${input === null ? 'null' : Array.isArray(input) ? 'an array' : typeof input})`, where);
  }
  const result = configSchema.safeParse(input, { reportInput: true });
  if (!result.success) throw new ConfigError(formatIssues(where, result.error.issues), where);
  inputs.set(result.data, input as BackendGuardConfigInput);
  return result.data;
}

async function importModule(file: string): Promise<unknown> {
  const isTypeScript = /\.m?ts$/.test(file);
  // Bun and Node >= 22.6 with type stripping load TypeScript natively; elsewhere jiti transpiles it.
  if (isTypeScript && typeof (globalThis as { Bun?: unknown }).Bun === 'undefined') {
    const { createJiti } = await import('jiti');
    const jiti = createJiti(import.meta.url, { moduleCache: false, fsCache: false });
    return jiti.import(file, { default: true });
  }
  const mod = (await import(`${pathToFileURL(file).href}?t=${statSync(file).mtimeMs}`)) as { default?: unknown };
  return mod.default;
}

async function readConfigFile(file: string): Promise<unknown> {
  const name = path.basename(file);
  if (file.endsWith('.json')) {
    const text = readFileSync(file, 'utf8');
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new ConfigError(`${name}: not valid JSON: ${(error as Error).message}`, file);
    }
  }
  try {
    const value = await importModule(file);
    if (value === undefined) {
      throw new ConfigError(`${name}: expected a default export with the backend-guard config (use \`export default defineConfig({...})\`)`, file);
    }
    return value;
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`${name}: could not be loaded: ${(error as Error).message}`, file);
  }
}

/**
 * Finds `backend-guard.config.*` at `root` (only there: the root is the analysed project) and
 * validates it. No file: the seed document's defaults. Two files: an error, never a silent pick.
 */
export async function loadConfig(root: string): Promise<LoadedConfig> {
  const found = CONFIG_FILE_NAMES.map((name) => path.join(root, name)).filter((file) => existsSync(file));
  if (found.length > 1) {
    throw new ConfigError(
      `${root}: found ${found.map((f) => path.basename(f)).join(' and ')}; expected at most one backend-guard config file`,
      found[0],
    );
  }
  const file = found[0];
  if (file === undefined) return { config: parseConfig({}, '(defaults)'), file: undefined };
  return { config: parseConfig(await readConfigFile(file), path.basename(file)), file };
}
