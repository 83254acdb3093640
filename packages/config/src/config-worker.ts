// Loads a config module in a worker thread, so that the module's code cannot reach the guard's
// process: it gets no environment variables (no CI secrets), its console output is the caller's to
// route, `process.exit` ends only this thread, and a module that never finishes can be stopped.
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';

const { file } = workerData as { file: string };

async function importModule(): Promise<unknown> {
  // Bun and Node >= 22.6 with type stripping load TypeScript natively; elsewhere jiti transpiles it.
  if (/\.[cm]?ts$/.test(file) && typeof (globalThis as { Bun?: unknown }).Bun === 'undefined') {
    const { createJiti } = await import('jiti');
    return createJiti(import.meta.url, { moduleCache: false, fsCache: false }).import(file, { default: true });
  }
  const mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
  return mod.default;
}

try {
  const value = await importModule();
  // Only data crosses back: a config is plain values, and a function would not survive the copy.
  parentPort!.postMessage({ ok: true, value: JSON.parse(JSON.stringify(value ?? null)) as unknown, undefined: value === undefined });
} catch (error) {
  parentPort!.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
}
