import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { ConfigError, formatIssues } from './errors.js';
import { configSchema, type BackendGuardConfig, type BackendGuardConfigInput } from './schema.js';

export const CONFIG_FILE_NAMES = [
  'backend-guard.config.ts',
  'backend-guard.config.mts',
  'backend-guard.config.cts',
  'backend-guard.config.js',
  'backend-guard.config.mjs',
  'backend-guard.config.cjs',
  'backend-guard.config.json',
] as const;
const CONFIG_EXTENSIONS = /\.(?:json|[cm]?[jt]s)$/;

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

/** How long a config module may take to load before the run stops (it may be a hostile one). */
export const CONFIG_TIMEOUT_MS = 15_000;

/**
 * Runs a config module in a worker thread with no environment and a time limit; its console
 * output goes to stderr, never into a report on stdout. Resolves to its default export (as data).
 */
function importModule(file: string, timeoutMs: number): Promise<unknown> {
  const name = path.basename(file);
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./config-worker.js', import.meta.url), { workerData: { file }, env: {}, stdout: true, stderr: true });
    worker.stdout.pipe(process.stderr);
    worker.stderr.pipe(process.stderr);
    let settled = false;
    const finish = (action: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      action();
      void worker.terminate();
    };
    const timer = setTimeout(
      () => finish(() => reject(new ConfigError(`${name}: did not finish loading within ${timeoutMs / 1000} s; a config module must export its settings promptly`, file))),
      timeoutMs,
    );
    worker.once('message', (message: { ok: boolean; value?: unknown; undefined?: boolean; message?: string }) =>
      finish(() => {
        if (!message.ok) reject(new ConfigError(`${name}: could not be loaded: ${message.message ?? 'unknown error'}`, file));
        else resolve(message.undefined ? undefined : message.value);
      }),
    );
    worker.once('error', (error) => finish(() => reject(new ConfigError(`${name}: could not be loaded: ${error.message}`, file))));
    worker.once('exit', (exitCode) =>
      finish(() =>
        reject(
          new ConfigError(
            `${name}: ended before exporting a config (exit code ${exitCode}): a config module must not end the process or leave its top-level await unsettled`,
            file,
          ),
        ),
      ),
    );
  });
}

/** A JSON syntax error, located, without quoting the text (the file may not be what it claims). */
export function jsonError(text: string, error: unknown): string {
  const position = /at position (\d+)/.exec((error as Error).message)?.[1];
  if (position === undefined) return 'not valid JSON';
  const before = text.slice(0, Number(position));
  const line = before.split('\n').length;
  return `not valid JSON (line ${line}, column ${Number(position) - before.lastIndexOf('\n')})`;
}

async function readConfigFile(file: string, timeoutMs: number): Promise<unknown> {
  const name = path.basename(file);
  if (file.endsWith('.json')) {
    const text = readFileSync(file, 'utf8');
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new ConfigError(`${name}: ${jsonError(text, error)}`, file);
    }
  }
  const value = await importModule(file, timeoutMs);
  if (value === undefined) {
    throw new ConfigError(`${name}: expected a default export with the backend-guard config (use \`export default defineConfig({...})\`)`, file);
  }
  return value;
}

export interface LoadOptions {
  /**
   * A config file to read instead of the root's (a trusted copy, e.g. from the base branch, when
   * the analysed folder comes from an untrusted pull request).
   */
  configFile?: string;
  /** Time limit for a config module (default CONFIG_TIMEOUT_MS). */
  timeoutMs?: number;
}

/**
 * Finds `backend-guard.config.*` at `root` (only there: the root is the analysed project) and
 * validates it. No file: the seed document's defaults. Two files: an error, never a silent pick.
 */
export async function loadConfig(root: string, options: LoadOptions = {}): Promise<LoadedConfig> {
  const timeoutMs = options.timeoutMs ?? CONFIG_TIMEOUT_MS;
  if (options.configFile !== undefined) {
    const file = path.resolve(options.configFile);
    if (!existsSync(file) || !statSync(file).isFile()) throw new ConfigError(`${options.configFile}: no such config file`, file);
    if (!CONFIG_EXTENSIONS.test(file)) {
      throw new ConfigError(`${options.configFile}: expected a .json, .js, .mjs, .cjs, .ts, .mts or .cts config file`, file);
    }
    return { config: parseConfig(await readConfigFile(file, timeoutMs), path.basename(file)), file };
  }
  const found = CONFIG_FILE_NAMES.map((name) => path.join(root, name)).filter((file) => existsSync(file));
  if (found.length > 1) {
    throw new ConfigError(
      `${root}: found ${found.map((f) => path.basename(f)).join(' and ')}; expected at most one backend-guard config file`,
      found[0],
    );
  }
  const file = found[0];
  if (file === undefined) return { config: parseConfig({}, '(defaults)'), file: undefined };
  return { config: parseConfig(await readConfigFile(file, timeoutMs), path.basename(file)), file };
}
