import path from 'node:path';
import { ESLint, type Linter } from 'eslint';
import ts from 'typescript';
import type { BackendGuardConfig } from '@backend-guard/config';
import backendGuard from 'eslint-plugin-backend-guard';
import { GuardFailure, type Finding } from '../report.js';

export interface EslintEngineOptions {
  root: string;
  config: BackendGuardConfig;
  /** Absolute paths of the files to lint. */
  files: string[];
  /** Use type information from `<root>/tsconfig.json` when it exists. */
  types: boolean;
  /** Non-fatal notices for the user (stderr). */
  warn: (message: string) => void;
}

export interface EngineResult {
  findings: Finding[];
  filesAnalyzed: number;
  /** Files the engine could not analyse (parse errors): the run is not green. */
  unanalysed: string[];
}

const RULE_PREFIX = `${'backend-guard'}/`;
const TS_FILE = /\.(?:ts|tsx|mts|cts)$/;

// "File not found" for an `extends` or reference: the project's dependencies are not installed.
const MISSING_BASE_CONFIG = 6053;

/**
 * Files the root tsconfig.json includes, or undefined when there is none (lint without types).
 * A tsconfig that cannot be read is bad input (exit 2); one whose base config is not installed yet
 * is linted without types, with a warning: rules never report because a type did not resolve.
 */
function filesInTsconfig(root: string, warn: (message: string) => void): Set<string> | undefined {
  const tsconfigPath = path.join(root, 'tsconfig.json');
  if (!ts.sys.fileExists(tsconfigPath)) return undefined;
  const read = ts.readConfigFile(tsconfigPath, (p) => ts.sys.readFile(p));
  if (read.error) {
    throw new GuardFailure(`${tsconfigPath}: ${ts.flattenDiagnosticMessageText(read.error.messageText, '\n')} (fix it, or run with --no-types)`);
  }
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, root, undefined, tsconfigPath);
  const errors = parsed.errors.filter((d) => d.category === ts.DiagnosticCategory.Error && d.code !== 18003);
  const missing = errors.filter((d) => d.code === MISSING_BASE_CONFIG);
  if (missing.length > 0) {
    warn(`${tsconfigPath}: ${ts.flattenDiagnosticMessageText(missing[0]!.messageText, '\n')}; linting without type information (install the project's dependencies for typed checks)`);
    return undefined;
  }
  const fatal = errors;
  if (fatal.length > 0) {
    const text = fatal.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')).join('; ');
    throw new GuardFailure(`${tsconfigPath}: ${text} (fix it, or run with --no-types)`);
  }
  return new Set(parsed.fileNames.map((f) => path.resolve(f)));
}

function toPosix(relative: string): string {
  return relative.split(path.sep).join('/');
}

export async function runEslintEngine(options: EslintEngineOptions): Promise<EngineResult> {
  const { root, config, files } = options;
  const preset = backendGuard.createConfigs({ config, root }).recommended;
  const overrideConfig: Linter.Config[] = [
    preset as Linter.Config,
    // The project's own disable comments name rules we do not load: not our findings to report.
    { name: 'backend-guard/cli-linter-options', linterOptions: { reportUnusedDisableDirectives: 'off', reportUnusedInlineConfigs: 'off' } },
  ];

  const typed = options.types ? filesInTsconfig(root, options.warn) : undefined;
  if (typed !== undefined) {
    // Type information only for files the project's tsconfig includes; the project service would
    // refuse the others (a root-level config script, say), which are linted syntactically.
    const outside = files.filter((f) => TS_FILE.test(f) && !typed.has(f)).map((f) => toPosix(path.relative(root, f)));
    overrideConfig.push({
      name: 'backend-guard/cli-type-information',
      files: ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'],
      ...(outside.length > 0 ? { ignores: outside } : {}),
      languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: root } },
    });
  }

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
