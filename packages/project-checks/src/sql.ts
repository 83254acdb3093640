import { loadModule, parseSync, scanSync, type Node as PgNode, type RawStmt, type ScanToken } from 'libpg-query';

/**
 * PostgreSQL's own parser (libpg_query compiled to WebAssembly, shipped inside the npm package:
 * nothing is downloaded at run time). Offsets from the parser are UTF-8 byte offsets; everything
 * returned here is in string (UTF-16) offsets.
 */
let loaded: Promise<void> | undefined;
export function loadParser(): Promise<void> {
  loaded ??= loadModule();
  return loaded;
}

export interface SqlStatement {
  /** The statement's node, e.g. `{ AlterTableStmt: {...} }`. */
  node: PgNode;
  /** Offset of the statement's first token in the parsed text. */
  start: number;
  /** Comments between the previous statement and this one. */
  leadingComments: string[];
}

export type ParsedSql = { ok: true; statements: SqlStatement[] } | { ok: false; message: string; offset: number };

function byteToChar(text: string): (byte: number) => number {
  const buffer = Buffer.from(text, 'utf8');
  if (buffer.length === text.length) return (byte) => byte;
  return (byte) => buffer.subarray(0, byte).toString('utf8').length;
}

const COMMENT_TOKENS = new Set(['SQL_COMMENT', 'C_COMMENT']);

/** Parses one chunk of SQL (the parser must be loaded). Never throws on bad SQL: returns where it failed. */
export function parseSql(text: string): ParsedSql {
  const toChar = byteToChar(text);
  let stmts: RawStmt[];
  try {
    stmts = parseSync(text).stmts ?? [];
  } catch (error) {
    const details = (error as { sqlDetails?: { cursorPosition?: number } }).sqlDetails;
    const message = error instanceof Error ? error.message : String(error);
    // Unlike statement locations (bytes), the error's cursor is a character offset (0-based here).
    return { ok: false, message, offset: Math.min(text.length, Math.max(0, details?.cursorPosition ?? 0)) };
  }
  const tokens: ScanToken[] = scanSync(text).tokens;
  const statements: SqlStatement[] = [];
  let previousEnd = 0;
  for (const stmt of stmts) {
    if (stmt.stmt === undefined) continue;
    const location = stmt.stmt_location ?? 0;
    const first = tokens.find((token) => token.start >= location && !COMMENT_TOKENS.has(token.tokenName));
    const startByte = first?.start ?? location;
    const leadingComments = tokens
      .filter((token) => COMMENT_TOKENS.has(token.tokenName) && token.start >= previousEnd && token.end <= startByte)
      .map((token) => token.text);
    statements.push({ node: stmt.stmt, start: toChar(startByte), leadingComments });
    previousEnd = stmt.stmt_len ? location + stmt.stmt_len : startByte;
  }
  return { ok: true, statements };
}
