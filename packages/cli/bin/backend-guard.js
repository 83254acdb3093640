#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `tsc -b` (npm run build).
import { main } from '../dist/main.js';

process.exitCode = await main(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
});
