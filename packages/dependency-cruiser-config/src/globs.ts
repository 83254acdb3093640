/**
 * backend-guard's role globs (picomatch syntax, relative to the root, `dot: true`) as the regular
 * expressions dependency-cruiser's `path` and `pathNot` take. Not picomatch's own `makeRe`: its
 * output nests quantifiers, and dependency-cruiser refuses a rule whose regex safe-regex calls
 * unsafe. This covers the glob syntax role lists use: `**`, `*`, `?`, `{a,b}`, `[...]`.
 */

const SPECIAL = /[.+^$()|\\]/;

function convert(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i]!;
    if (char === '*') {
      if (glob[i + 1] === '*') {
        const atStart = i === 0 || glob[i - 1] === '/';
        if (atStart && glob[i + 2] === '/') {
          // `a/**/b`: any number of folders between, including none. An empty alternative, not
          // `(?:.*/)?`: safe-regex counts a quantified group around `.*` as nested repetition.
          out += '(?:|.*/)';
          i += 2;
        } else {
          out += '.*';
          i += 1;
        }
      } else {
        out += '[^/]*';
      }
    } else if (char === '?') {
      out += '[^/]';
    } else if (char === '{') {
      const close = glob.indexOf('}', i);
      if (close === -1) {
        out += '\\{';
        continue;
      }
      out += `(?:${glob.slice(i + 1, close).split(',').map(convert).join('|')})`;
      i = close;
    } else if (char === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close === -1) {
        out += '\\[';
        continue;
      }
      out += glob.slice(i, close + 1).replace(/^\[!/, '[^');
      i = close;
    } else if (SPECIAL.test(char)) {
      out += `\\${char}`;
    } else {
      out += char;
    }
  }
  return out;
}

/**
 * One glob as a regex over the whole path. A leading `**\/` and a trailing `/**` become
 * `(?:^|/)` and `(?:/|$)` rather than quantified groups: dependency-cruiser also refuses a regex
 * with many quantifiers, and an ignore list has a dozen such globs.
 */
function globToRegex(glob: string): string {
  let body = glob;
  let start = '^';
  let end = '$';
  if (body.startsWith('**/')) {
    body = body.slice(3);
    start = '(?:^|/)';
  }
  if (body.endsWith('/**')) {
    body = body.slice(0, -3);
    end = '(?:/|$)';
  }
  return `${start}${convert(body)}${end}`;
}

/** One regex source matching a path (relative, forward slashes) that any glob matches. */
export function globsToRegex(globs: readonly string[]): string | undefined {
  if (globs.length === 0) return undefined;
  return globs.map(globToRegex).join('|');
}

/** A literal path as an anchored regex source (for files whose role no glob gives). */
export function escapePath(relative: string): string {
  return relative.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
