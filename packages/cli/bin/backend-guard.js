#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `tsc -b` (npm run build).
import { main } from '../dist/main.js';

// A report that could not be written (a closed pipe, a full disk) is a run that did not do its
// job: exit 2, never the findings code or a green 0.
const EXIT_FAILURE = 2;
let writeFailed = false;
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', () => {
    writeFailed = true;
    process.exitCode = EXIT_FAILURE;
  });
}

const code = await main(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
});
process.exitCode = writeFailed ? EXIT_FAILURE : code;
