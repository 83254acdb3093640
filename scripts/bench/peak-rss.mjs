// Preloaded into every measured child and the Node processes it starts (NODE_OPTIONS=--import=<this
// file>, so the oxlint process of the oxlint engine counts too): on exit, appends the process's peak
// resident set size (process.resourceUsage().maxRSS, KiB on Linux and macOS) to the file named by
// BENCH_PEAK_RSS_FILE, one line per process. No external tool (/usr/bin/time) is needed.
import { appendFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const target = process.env.BENCH_PEAK_RSS_FILE;
if (target !== undefined && target !== '' && isMainThread) {
  process.on('exit', () => {
    try {
      appendFileSync(target, `${process.resourceUsage().maxRSS}\n`);
    } catch {
      // The runner reports a missing figure as "?"; never change the child's exit code.
    }
  });
}
