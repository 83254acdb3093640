/**
 * Text from the repository under check (file names, config keys, source snippets in messages) is
 * untrusted: printed raw it could move the terminal's cursor, recolour or hide output, or start a
 * line that GitHub Actions reads as a workflow command (`::error …`, `::add-mask::`, `::stop-commands::`).
 */

// C0 and C1 controls, DEL, line and paragraph separators, and the bidirectional overrides that
// reorder what a reviewer sees.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const UNSAFE_KEEP_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const visible = (char: string) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** One line of untrusted text: every control character shown as `\uXXXX`, line breaks included. */
export function escapeText(text: string): string {
  return text.replace(UNSAFE, visible);
}

/** Control characters shown as `\uXXXX`, tabs and line breaks kept (for formats that escape those). */
export function escapeControls(text: string): string {
  return text.replace(UNSAFE_KEEP_LINES, visible);
}

// A zero-width space after the first colon: the line no longer starts with `::`, and reads the same.
const neutralise = (line: string) => line.replace(/^(\s*):(?=:)/, '$1:\u200b');

/**
 * Text of several lines for a terminal or a CI log: controls shown as `\uXXXX` (tabs and line
 * breaks kept), and no line may start a workflow command.
 */
export function safeLines(text: string): string {
  return escapeControls(text).split('\n').map(neutralise).join('\n');
}

/** A path at the start of a line: `./` in front when it would otherwise start with a colon. */
export function safePath(file: string): string {
  const escaped = escapeText(file);
  return escaped.startsWith(':') ? `./${escaped}` : escaped;
}
