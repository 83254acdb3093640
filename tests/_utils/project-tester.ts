// Runs one whole-project check over a small project written to a scratch folder (inside the repo,
// .tmp/, so `@trpc/server` and friends would resolve as in a real backend) and returns its
// findings. Expectations name the position by a marker: the finding must start exactly where the
// marker's first occurrence starts in that file (the mutation harness's convention).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { configSchema, type BackendGuardConfigInput } from '@backend-guard/config';
import { runProjectChecks } from '@backend-guard/project-checks';
import { glob } from 'tinyglobby';
import { locate } from './mutation-harness.js';

const SCRATCH = path.resolve(import.meta.dirname, '../../.tmp/project-tests');
let counter = 0;

export interface Expected {
  messageId: string;
  file: string;
  /** A substring of `file`: the finding starts where its first occurrence starts. */
  at: string;
}

export interface Located {
  messageId: string;
  file: string;
  line: number;
  column: number;
}

export interface ProjectCase {
  files: Record<string, string>;
  config?: BackendGuardConfigInput;
  /** The check's options (as the config's `rules` entry would give them). */
  options?: Record<string, unknown>;
}

/** Writes the project, runs the check, and returns its findings (sorted) and what the expectations locate to. */
export async function runCheck(id: string, project: ProjectCase, expected: Expected[] = []): Promise<{ actual: Located[]; expected: Located[]; messages: string[] }> {
  const root = path.join(SCRATCH, `${process.pid}-${counter++}`);
  rmSync(root, { recursive: true, force: true });
  for (const [file, text] of Object.entries(project.files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  try {
    const config = configSchema.parse(project.config ?? {});
    const files = (await glob([...config.files], { cwd: root, ignore: [...config.ignores], absolute: true })).sort();
    const { findings } = await runProjectChecks({ root, config, files, warn: () => {} }, { only: [id], options: project.options ? { [id]: project.options } : {} });
    const sort = (a: Located, b: Located) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.messageId.localeCompare(b.messageId);
    return {
      actual: findings.map(({ messageId, file, line, column }) => ({ messageId, file, line, column })).sort(sort),
      messages: findings.map((f) => f.message),
      expected: expected
        .map(({ messageId, file, at }) => ({ messageId, file, ...locate(project.files[file] ?? '', at, `${file}`) }))
        .sort(sort),
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
