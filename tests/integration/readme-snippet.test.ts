import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { scratchDir } from '../_utils/project.js';

const REPO = path.resolve(import.meta.dirname, '../..');

/** The README's `eslint.config.js` example, as a user copies it. */
function readmeEslintConfig(): string {
  const readme = readFileSync(path.join(REPO, 'README.md'), 'utf8');
  const match = /`eslint\.config\.js`[^\n]*\n\n```js\n([\s\S]*?)```/.exec(readme);
  if (!match?.[1]) throw new Error('README.md: no ```js block after the `eslint.config.js` paragraph');
  return match[1];
}

describe("README's editor setup", () => {
  it('works as written in a project with the seed layout: typed, config files parsed, findings reported', async () => {
    // Inside the repo so that the packages resolve as they would from a project's node_modules.
    mkdirSync(path.join(REPO, '.tmp'), { recursive: true });
    const dir = scratchDir('readme-', path.join(REPO, '.tmp'));
    const files: Record<string, string> = {
      'eslint.config.js': readmeEslintConfig(),
      'tsconfig.json': '{ "compilerOptions": { "strict": true, "module": "ESNext", "moduleResolution": "Bundler", "skipLibCheck": true, "noEmit": true }, "include": ["server"] }',
      'server/_core/trpc.ts': 'export declare const protectedProcedure: any;\n',
      'server/routers/leads.ts': "import { protectedProcedure } from '../_core/trpc';\nexport const list = protectedProcedure.query(() => []);\n",
    };
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(path.join(dir, name), text);
    }
    const results = await new ESLint({ cwd: dir }).lintFiles(['.']);
    const messages = results.flatMap((r) => r.messages.map((m) => `${path.relative(dir, r.filePath)}:${m.line}:${m.column} ${m.ruleId}`));
    expect(messages).toEqual(['server/routers/leads.ts:2:40 backend-guard/require-zod-input']);
  }, 60_000);
});
