// Runs the programmatic `check()` of @backend-guard/cli in a few worker threads, so mutants are
// checked in parallel (ESLint is CPU-bound: concurrent calls in one thread do not overlap). Each
// worker keeps ESLint and the plugin loaded between runs.
import { createRequire } from 'node:module';
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CheckOptions, CheckOutcome } from '@backend-guard/cli';

// Plain JavaScript: the worker imports the built CLI, no TypeScript loader needed.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
let cli;
parentPort.on('message', async ({ id, options }) => {
  try {
    cli ??= await import(workerData.cliUrl);
    const outcome = await cli.check(options);
    parentPort.postMessage({ id, outcome });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.stack ? error.stack : error) });
  }
});
`;

interface Job {
  id: number;
  options: CheckOptions;
  resolve: (outcome: CheckOutcome) => void;
  reject: (error: Error) => void;
}

export class CheckPool {
  private readonly idle: Worker[] = [];
  private readonly workers: Worker[] = [];
  private readonly queue: Job[] = [];
  private readonly running = new Map<number, Job>();
  private nextId = 0;

  constructor(size = Math.max(1, Math.min(2, os.availableParallelism()))) {
    const cliUrl = pathToFileURL(createRequire(import.meta.url).resolve('@backend-guard/cli')).href;
    for (let i = 0; i < size; i += 1) {
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { cliUrl } });
      worker.on('message', (message: { id: number; outcome?: CheckOutcome; error?: string }) => {
        const job = this.running.get(message.id);
        this.running.delete(message.id);
        this.idle.push(worker);
        if (job) {
          if (message.error !== undefined) job.reject(new Error(message.error));
          else job.resolve(message.outcome!);
        }
        this.pump();
      });
      worker.on('error', (error) => {
        for (const job of this.running.values()) job.reject(error);
        this.running.clear();
      });
      this.workers.push(worker);
      this.idle.push(worker);
    }
  }

  /** Queues a run; `options.warn` is not forwarded (functions do not cross threads). */
  check(options: Omit<CheckOptions, 'warn'>): Promise<CheckOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, options, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop()!;
      const job = this.queue.shift()!;
      this.running.set(job.id, job);
      worker.postMessage({ id: job.id, options: job.options });
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}
