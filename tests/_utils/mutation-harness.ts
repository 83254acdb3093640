// Planted violations (mutation tests): copy the clean reference backend, apply one small realistic
// change that breaks one convention, and say exactly what the guard must report on the copy.
// A mutation is data (tests/mutations/<rule-id>.ts); this module applies it and locates its
// expectations, so adding one is a few lines.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * One change: replace `find`, which must occur exactly once in the file (so a backend edit cannot
 * silently disable a mutation), or `create` a new file.
 */
export type Edit =
  | { /** Relative to the backend's root; defaults to the mutation's `file`. */ file?: string; find: string; replace: string }
  | { /** The new file, relative to the backend's root (must not exist). */ file: string; create: string };

export interface ExpectedFinding {
  /** The check id (no `backend-guard/` prefix). */
  ruleId: string;
  /**
   * A substring of the mutated file: the finding is expected where its first occurrence starts
   * (line and column). The marker must occur in the file, or the mutation is malformed.
   */
  at: string;
  /** Relative to the backend's root; defaults to the mutation's `file`. */
  file?: string;
}

export interface Mutation {
  /** Reads like a spec line: what the change does. */
  name: string;
  /** The file the change is in, relative to the backend's root (e.g. `server/routers/leads.ts`). */
  file: string;
  /** Replace the one occurrence of `find` with `replace` in `file`. */
  find?: string;
  replace?: string;
  /** Further edits (same file unless they name another) applied after find/replace. */
  edits?: Edit[];
  /** Create `file` with this content instead of editing it (a new module in the backend). */
  create?: string;
  /** What the guard must report on the mutated copy: exactly these, nothing else. */
  expect: ExpectedFinding[];
  /** Run the guard with type information (slower: only where the mutation needs it). */
  types?: boolean;
  /**
   * The rule's doc says it catches this and it does not (or something else fires too): a rule bug.
   * The test is expected to fail (`it.fails`) until the rule is fixed; say what is wrong.
   */
  knownMiss?: string;
}

/** Where the CLI reports a finding: the five fields a mutation's expectation pins down. */
export interface Located {
  ruleId: string;
  file: string;
  line: number;
  column: number;
}

const SKIP = new Set(['node_modules', '.data', 'dist', 'coverage']);

/** Copies the backend (without installed modules or data) to `dest`, replacing what was there. */
export function copyBackend(source: string, dest: string): void {
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(path.dirname(dest), { recursive: true });
  cpSync(source, dest, {
    recursive: true,
    filter: (from) => !SKIP.has(path.basename(from)) && !path.basename(from).endsWith('.tsbuildinfo'),
  });
}

function occurrences(text: string, needle: string): number {
  let count = 0;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) count += 1;
  return count;
}

/** 1-based line and column (ESLint's) of the first occurrence of `marker`. */
export function locate(text: string, marker: string, where: string): { line: number; column: number } {
  const offset = text.indexOf(marker);
  if (marker === '' || offset === -1) throw new Error(`${where}: marker ${JSON.stringify(marker)} does not occur in the mutated file`);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return { line, column };
}

/**
 * Applies a mutation to the copy at `root` and returns the findings it must produce, sorted like
 * the CLI sorts them. Throws (the mutation is malformed) when a `find` does not occur exactly once,
 * a file to edit is missing or a file to create exists.
 */
export function applyMutation(root: string, mutation: Mutation): Located[] {
  const where = `mutation "${mutation.name}"`;
  const first: Edit[] =
    mutation.create !== undefined
      ? [{ file: mutation.file, create: mutation.create }]
      : mutation.find !== undefined && mutation.replace !== undefined
        ? [{ find: mutation.find, replace: mutation.replace }]
        : [];
  if (first.length === 0) throw new Error(`${where}: needs find/replace or create`);
  for (const edit of [...first, ...(mutation.edits ?? [])]) {
    const relative = edit.file ?? mutation.file;
    const file = path.join(root, relative);
    if ('create' in edit) {
      if (existsSync(file)) throw new Error(`${where}: ${relative} already exists; edit it with find/replace`);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, edit.create);
      continue;
    }
    if (!existsSync(file)) throw new Error(`${where}: ${relative} does not exist in the backend`);
    const text = readFileSync(file, 'utf8');
    const count = occurrences(text, edit.find);
    if (count !== 1) {
      throw new Error(`${where}: ${JSON.stringify(edit.find)} occurs ${count} times in ${relative}; it must occur exactly once`);
    }
    if (edit.replace === edit.find) throw new Error(`${where}: an edit of ${relative} changes nothing`);
    writeFileSync(file, text.replace(edit.find, () => edit.replace));
  }
  if (mutation.expect.length === 0) throw new Error(`${where}: expects nothing; a mutation plants a violation`);
  return mutation.expect
    .map((expected) => {
      const file = expected.file ?? mutation.file;
      const text = readFileSync(path.join(root, file), 'utf8');
      return { ruleId: expected.ruleId, file, ...locate(text, expected.at, `${where} (${file})`) };
    })
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId));
}
