// The benchmark's ESLint baselines, over exactly the files `backend-guard check` lints (the config's
// `files` minus its `ignores`, found the way packages/cli/src/files.ts finds them) and with the
// same ESLint options as the CLI's engine:
//
//   node scripts/bench/eslint-baseline.mjs parse-only <dir>             typescript-eslint parser, no rules
//   node scripts/bench/eslint-baseline.mjs no-floating-promises <dir>   @typescript-eslint/no-floating-promises
//                                                                       alone, typed (projectService)
//
// Exit: 0 nothing reported, 1 rule findings, 2 a file did not parse or the run failed.
import path from 'node:path';
import { loadConfig } from '@backend-guard/config';
import { ESLint } from 'eslint';
import { glob } from 'tinyglobby';
import tseslint from 'typescript-eslint';

const MODES = ['parse-only', 'no-floating-promises'];
const [mode, dir] = process.argv.slice(2);
if (!MODES.includes(mode) || dir === undefined) {
  process.stderr.write(`usage: eslint-baseline.mjs <${MODES.join('|')}> <dir>\n`);
  process.exit(2);
}

const root = path.resolve(dir);
const { config } = await loadConfig(root);
const files = (
  await glob([...config.files], {
    cwd: root,
    ignore: [...config.ignores],
    absolute: true,
    dot: false,
    onlyFiles: true,
    followSymbolicLinks: false,
  })
).sort();

const base = {
  name: `bench/${mode}`,
  files: ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'],
  languageOptions: { parser: tseslint.parser, sourceType: 'module' },
};
const overrideConfig =
  mode === 'parse-only'
    ? [base]
    : [
        {
          ...base,
          plugins: { '@typescript-eslint': tseslint.plugin },
          languageOptions: { ...base.languageOptions, parserOptions: { projectService: true, tsconfigRootDir: root } },
          rules: { '@typescript-eslint/no-floating-promises': 'error' },
        },
      ];

const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig, errorOnUnmatchedPattern: false, ignore: false });
const results = await eslint.lintFiles(files);
let fatal = 0;
let findings = 0;
for (const result of results) {
  for (const message of result.messages) {
    if (message.fatal || message.ruleId === null) {
      fatal += 1;
      process.stderr.write(`${path.relative(root, result.filePath)}:${message.line}:${message.column} ${message.message}\n`);
    } else {
      findings += 1;
    }
  }
}
process.stdout.write(`${JSON.stringify({ mode, files: results.length, findings, fatal })}\n`);
process.exitCode = fatal > 0 ? 2 : findings > 0 ? 1 : 0;
