import { loadTypeScript } from '@backend-guard/config';

export interface InlineConfigComment {
  line: number;
  /** `backend-guard/<id>` rules the comment configures, without the prefix. */
  rules: string[];
  reason: string | null;
}

const RULE = /backend-guard\/([a-z][a-z0-9-]*)/g;

/**
 * `/* eslint backend-guard/<id>: "off" *\/` comments: they change a rule's severity or options for
 * the file, which the report must show. Comments are found with TypeScript's scanner (never inside
 * strings or templates); only files that mention the plugin are scanned.
 */
export function inlineConfigComments(text: string): InlineConfigComment[] {
  if (!text.includes('backend-guard/')) return [];
  const ts = loadTypeScript();
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, text);
  const found: InlineConfigComment[] = [];
  for (let token = scanner.scan(); token !== ts.SyntaxKind.EndOfFileToken; token = scanner.scan()) {
    if (token !== ts.SyntaxKind.MultiLineCommentTrivia) continue;
    const body = scanner.getTokenText().slice(2, -2).trim();
    if (!/^eslint\s/.test(body)) continue;
    const [settings = '', reason] = body.slice('eslint'.length).split(/\s--\s/, 2);
    const rules = [...settings.matchAll(RULE)].map((match) => match[1]!);
    if (rules.length === 0) continue;
    const line = text.slice(0, scanner.getTokenStart()).split('\n').length;
    found.push({ line, rules, reason: reason?.trim() || null });
  }
  return found;
}
