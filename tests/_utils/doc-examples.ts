import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface DocExample {
  kind: 'incorrect' | 'correct';
  /** Path relative to the virtual project root (from the fence's `file=`), default server/routers/example.ts. */
  file: string;
  code: string;
  /** 1-based line of the fence in the doc, for failure messages. */
  line: number;
  /** The fence's language (ts, tsx, js, sql). */
  lang: string;
  /** Fences with the same `example=<name>` (and kind) form one multi-file example. */
  example?: string;
}

export const DOCS_DIR = path.resolve(import.meta.dirname, '../../docs/rules');

/**
 * Code blocks under a `### Incorrect` or `### Correct` heading. A fence's info string may name the
 * file the example lives in, which decides its role: ```ts file=server/services/leads.ts
 */
export function readDocExamples(ruleId: string): DocExample[] {
  const text = readFileSync(path.join(DOCS_DIR, `${ruleId}.md`), 'utf8');
  const lines = text.split('\n');
  const examples: DocExample[] = [];
  let kind: DocExample['kind'] | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const heading = /^#{2,4}\s+(.*)$/.exec(line);
    if (heading) {
      const title = (heading[1] ?? '').toLowerCase();
      kind = title.startsWith('incorrect') ? 'incorrect' : title.startsWith('correct') ? 'correct' : undefined;
      continue;
    }
    const fence = /^```(ts|tsx|js|typescript|sql)\b(.*)$/.exec(line);
    if (!fence) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !(lines[i] ?? '').startsWith('```'); i++) body.push(lines[i] ?? '');
    if (!kind) continue;
    const fileMatch = /\bfile=(\S+)/.exec(fence[2] ?? '');
    const exampleMatch = /\bexample=(\S+)/.exec(fence[2] ?? '');
    examples.push({
      kind,
      file: fileMatch?.[1] ?? 'server/routers/example.ts',
      code: body.join('\n'),
      line: start + 1,
      lang: fence[1] ?? 'ts',
      ...(exampleMatch?.[1] ? { example: exampleMatch[1] } : {}),
    });
  }
  return examples;
}
