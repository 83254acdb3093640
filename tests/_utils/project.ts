// Scratch projects and CLI runs, as a user meets them: files written to a temporary folder, the
// built CLI run in a child process.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const BIN = path.resolve(import.meta.dirname, '../../packages/cli/bin/backend-guard.js');

const scratch: string[] = [];

/** A new empty folder under `base`, removed after the test file by `removeScratchDirs` (vitest setup). */
export function scratchDir(prefix = 'bg-', base = os.tmpdir()): string {
  mkdirSync(base, { recursive: true });
  const dir = mkdtempSync(path.join(base, prefix));
  scratch.push(dir);
  return dir;
}

export function removeScratchDirs(): void {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Writes `files` (relative path → text) into a new temporary folder and returns it. */
export function project(files: Record<string, string>, prefix = 'bg-', base = os.tmpdir()): string {
  const dir = scratchDir(prefix, base);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** Runs the CLI; colours off, `env` added to this process's environment. */
export function run(args: string[], cwd: string, env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * What every stub backend needs so that only the findings a test is about appear: a package.json
 * declaring the packages stubs import, and the tRPC core the stub routers import (the
 * dependency-cruiser engine reports undeclared packages and imports that resolve nowhere).
 */
export const STUB_BASE: Record<string, string> = {
  'package.json': JSON.stringify({ type: 'module', dependencies: { zod: '4', pg: '8', postgres: '3', 'drizzle-orm': '0.45', '@trpc/server': '11' } }),
  'server/_core/trpc.ts': 'export declare const protectedProcedure: any;\nexport declare const publicProcedure: any;\nexport declare const router: any;\n',
};
