import * as nodeFs from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import type { BackendGuardConfig } from '@backend-guard/config';
import { escapeText } from './escape.js';
import { GuardFailure } from './report.js';

/** The few fs calls the walk makes, so a test can stand in for a disk that fails. */
export interface WalkFs {
  readdirSync(dir: string, options: { withFileTypes: true }): nodeFs.Dirent[];
  realpathSync(file: string): string;
  statSync(file: string): nodeFs.Stats;
  accessSync(file: string, mode?: number): void;
  existsSync(file: string): boolean;
}

/** Build outputs: skipped when they sit at a package's root (where tools write them), not deeper. */
const BUILD_OUTPUTS = new Set(['dist', 'build', 'coverage', 'out']);
/** A name with a line terminator could forge lines of a report or a CI log. */
const LINE_TERMINATOR = /[\n\r\u2028\u2029]/;

const code = (error: unknown): string | undefined => (error as NodeJS.ErrnoException | undefined)?.code;

function unreadable(where: string, error: unknown): GuardFailure {
  const reason = code(error) === 'EACCES' || code(error) === 'EPERM' ? 'permission denied' : (code(error) ?? 'unknown error');
  return new GuardFailure(`${escapeText(where)}: cannot be read (${reason}); every file under the root is analysed or the run fails (add it to ignores to leave it out)`);
}

/**
 * The source files under the root that the config's `files` and `ignores` select, sorted by code
 * point (the same order in every locale). Every path is accounted for: dot-files are analysed like
 * any other; a symbolic link that leads out of the root, a path that cannot be read, or a name with
 * a line break stops the run (exit 2) naming it; links inside the root are analysed once, as their
 * targets; build outputs are skipped only at a package's root, so `server/build/x.ts` is checked.
 */
export async function findSourceFiles(root: string, config: BackendGuardConfig, fs: WalkFs = nodeFs): Promise<string[]> {
  let realRoot: string;
  try {
    realRoot = fs.realpathSync(root);
  } catch (error) {
    if (code(error) === 'ELOOP') throw new GuardFailure(`${escapeText(root)}: a loop of symbolic links; expected the folder of a backend to check`);
    throw unreadable(root, error);
  }
  const isSource = picomatch([...config.files], { dot: true });
  const isIgnored = picomatch([...config.ignores], { dot: true });
  const inRoot = (real: string) => real === realRoot || real.startsWith(`${realRoot}${path.sep}`);
  const isPackageDir = (dir: string) => dir === root || fs.existsSync(path.join(dir, 'package.json'));

  const found: string[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    let entries: nodeFs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      throw unreadable(path.relative(root, dir) || '.', error);
    }
    for (const entry of entries) {
      const absolute = path.join(dir, entry.name);
      const rel = path.relative(root, absolute).split(path.sep).join('/');
      if (isIgnored(rel) || isIgnored(`${rel}/`)) continue;
      const isDirectory = entry.isDirectory();
      const isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        let real: string;
        try {
          real = fs.realpathSync(absolute);
        } catch (error) {
          if (code(error) === 'ENOENT') continue; // a dangling link names no file
          throw new GuardFailure(`${escapeText(rel)}: a symbolic link that cannot be resolved (${code(error) ?? 'error'})`);
        }
        const target = fs.statSync(real);
        if (!target.isDirectory() && !(target.isFile() && isSource(rel))) continue;
        if (!inRoot(real)) {
          throw new GuardFailure(
            `${escapeText(rel)}: a symbolic link that leads out of the analysed folder; the guard does not follow it (remove it, or add it to ignores)`,
          );
        }
        // Inside the root the target is walked on its own: analysing the link too would count it twice.
        continue;
      }
      if (!isDirectory && !isFile) continue;
      if (isDirectory && BUILD_OUTPUTS.has(entry.name) && isPackageDir(dir)) continue;
      if (isDirectory) {
        if (LINE_TERMINATOR.test(entry.name)) throw lineBreak(rel);
        stack.push(absolute);
      } else if (isSource(rel)) {
        if (LINE_TERMINATOR.test(entry.name)) throw lineBreak(rel);
        try {
          fs.accessSync(absolute, nodeFs.constants.R_OK);
        } catch (error) {
          throw unreadable(rel, error);
        }
        found.push(absolute);
      }
    }
  }
  return found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function lineBreak(rel: string): GuardFailure {
  return new GuardFailure(`${escapeText(rel)}: a file name with a line break; rename it (such a name could forge lines of the report)`);
}
