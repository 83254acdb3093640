import path from 'node:path';
import { ESLint, type Linter } from 'eslint';
import backendGuard from 'eslint-plugin-backend-guard';
import { GuardFailure, type Finding } from '../report.js';
import { checkTsconfigs } from '../tsconfig.js';
import type { EngineInput, EngineResult } from './index.js';


const RULE_PREFIX = 'backend-guard/';
const TS_FILE = /\.(?:ts|tsx|mts|cts)$/;

function toPosix(relative: string): string {
  return relative.split(path.sep).join('/');
}

export async function runEslintEngine(options: EngineInput): Promise<EngineResult> {
  const { root, config, files } = options;
  // Type information is lazy: a rule that needs a type gets it from a program built from the
  // file's tsconfig on its first question. Giving every file to the parser's project service
  // instead costs a full ESTree-with-node-maps conversion per file whether any rule asks or not.
  const preset = backendGuard.createConfigs({ config, root, lazyTypes: options.types }).recommended;
  const overrideConfig: Linter.Config[] = [
    preset as Linter.Config,
    // The project's own disable comments name rules we do not load: not our findings to report.
    { name: 'backend-guard/cli-linter-options', linterOptions: { reportUnusedDisableDirectives: 'off', reportUnusedInlineConfigs: 'off' } },
  ];

  if (options.types) checkTsconfigs(root, files.filter((f) => TS_FILE.test(f)), options.warn);

  const eslint = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig,
    errorOnUnmatchedPattern: false,
    // We enumerated the files ourselves with the config's ignores.
    ignore: false,
  });

  let results: ESLint.LintResult[];
  try {
    results = await eslint.lintFiles(files);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new GuardFailure(`a rule crashed, so the run is not trustworthy:\n${message}`);
  }

  const findings: Finding[] = [];
  const unanalysed: string[] = [];
  for (const result of results) {
    const file = toPosix(path.relative(root, result.filePath));
    for (const message of result.messages) {
      if (message.fatal) {
        unanalysed.push(file);
        findings.push({
          ruleId: 'parse-error',
          severity: 'error',
          file,
          line: message.line ?? 1,
          column: message.column ?? 1,
          message: `could not be analysed: ${message.message}`,
          engine: 'eslint',
        });
        continue;
      }
      // Only our rules' messages: an inline `eslint-disable some-other/rule` makes ESLint report a
      // missing rule definition, which says nothing about the backend.
      if (message.ruleId === null || !message.ruleId.startsWith(RULE_PREFIX)) continue;
      findings.push({
        ruleId: message.ruleId.slice(RULE_PREFIX.length),
        severity: message.severity === 2 ? 'error' : 'warning',
        file,
        line: message.line,
        column: message.column,
        message: message.message,
        engine: 'eslint',
      });
    }
  }
  return { findings, filesAnalyzed: results.length - new Set(unanalysed).size, unanalysed };
}
