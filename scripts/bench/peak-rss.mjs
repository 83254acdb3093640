// Preloaded into every measured child (`node --import <this file> ...`): on exit, writes the
// process's peak resident set size (process.resourceUsage().maxRSS, KiB on Linux and macOS) to the
// file named by BENCH_PEAK_RSS_FILE. No external tool (/usr/bin/time) is needed.
import { writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const target = process.env.BENCH_PEAK_RSS_FILE;
if (target !== undefined && target !== '' && isMainThread) {
  process.on('exit', () => {
    try {
      writeFileSync(target, `${process.resourceUsage().maxRSS}\n`);
    } catch {
      // The runner reports a missing figure as "?"; never change the child's exit code.
    }
  });
}
