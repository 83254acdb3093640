import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ESLint, type Linter } from 'eslint';
import type { BackendGuardConfig } from '@backend-guard/config';
import backendGuard from 'eslint-plugin-backend-guard';
import { GuardFailure, type Finding, type Suppression } from '../report.js';
import { checkTsconfigs } from '../tsconfig.js';
import type { EngineInput, EngineResult } from './index.js';
import { inlineConfigComments } from './inline-comments.js';
import { isCommonjs } from './module-kind.js';


const RULE_PREFIX = 'backend-guard/';
const TS_FILE = /\.(?:ts|tsx|mts|cts)$/;

function toPosix(relative: string): string {
  return relative.split(path.sep).join('/');
}

/**
 * How inline comments count, for ESLint and for the oxlint engine's directive pass alike: unused
 * directives are reported (and kept only when they name our rules: the project's own comments name
 * rules we do not load); `never` turns every inline comment off.
 */
export function cliLinterOptions(config: BackendGuardConfig): Linter.Config {
  return {
    name: 'backend-guard/cli-linter-options',
    linterOptions: {
      reportUnusedDisableDirectives: 'warn',
      reportUnusedInlineConfigs: 'off',
      ...(config.inlineDisables === 'never' ? { noInlineConfig: true } : {}),
    },
  };
}

/** `skipTsconfigCheck`: the caller has already reported tsconfig problems for these files. */
export async function runEslintEngine(options: EngineInput, skipTsconfigCheck = false): Promise<EngineResult> {
  const { root, config, files } = options;
  // Type information is lazy: a rule that needs a type gets it from a program built from the
  // file's tsconfig on its first question. Giving every file to the parser's project service
  // instead costs a full ESTree-with-node-maps conversion per file whether any rule asks or not.
  const preset = backendGuard.createConfigs({ config, root, lazyTypes: options.types }).recommended;
  // Parse as the runtime loads: `.cjs`, and `.js` in a package that declares `"type": "commonjs"`,
  // are CommonJS scripts; other `.js` files are modules (Bun, and Node's syntax detection).
  const commonjs = files
    .filter((file) => isCommonjs(file, root))
    .map((file) => toPosix(path.relative(root, file)));
  const overrideConfig: Linter.Config[] = [
    preset as Linter.Config,
    ...(commonjs.length > 0 ? [{ name: 'backend-guard/cli-commonjs', files: commonjs, languageOptions: { sourceType: 'commonjs' as const } }] : []),
    // Progress on a terminal: a rule with no listeners, created once per file ESLint lints.
    ...(options.onFile
      ? [
          {
            name: 'backend-guard/cli-progress',
            plugins: { 'backend-guard-cli': { rules: { progress: { create: () => (options.onFile!(), {}) } } } },
            rules: { 'backend-guard-cli/progress': 'warn' as const },
          },
        ]
      : []),
    cliLinterOptions(config),
  ];

  if (options.types && !skipTsconfigCheck) checkTsconfigs(root, files.filter((f) => TS_FILE.test(f)), options.warn);

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
    // With types, a rule's first type question builds the whole program: a file that TypeScript
    // cannot handle (nested thousands deep, say) crashes the rule that asked, in another file.
    // Without types each file stands alone, so the run names the file at fault.
    if (options.types && error instanceof RangeError) {
      const untyped = await runEslintEngine({ ...options, types: false }, skipTsconfigCheck);
      if (untyped.unanalysed.length > 0) {
        options.warn(`type information failed (${message.split('\n')[0]}); the files were linted without types, and these could not be analysed: ${untyped.unanalysed.join(', ')}`);
        return untyped;
      }
    }
    throw new GuardFailure(`a rule crashed, so the run is not trustworthy:\n${message}`);
  }

  return collectResults(results, root, config, 'eslint', true);
}

/** The lint results of our rules as the report's findings, suppressions and unanalysed files. */
export function collectResults(
  results: readonly Pick<ESLint.LintResult, 'filePath' | 'messages' | 'suppressedMessages'>[],
  root: string,
  config: BackendGuardConfig,
  engine: Finding['engine'],
  readInlineConfigs: boolean,
): EngineResult {
  const findings: Finding[] = [];
  const unanalysed: string[] = [];
  const suppressions: Suppression[] = [];
  const needReason = config.inlineDisables === 'require-reason';
  for (const result of results) {
    const file = toPosix(path.relative(root, result.filePath));
    for (const message of result.suppressedMessages) {
      if (message.ruleId === null || !message.ruleId.startsWith(RULE_PREFIX)) continue;
      const ruleId = message.ruleId.slice(RULE_PREFIX.length);
      const reasons = message.suppressions.map((s) => s.justification.trim()).filter(Boolean);
      if (needReason && reasons.length === 0) {
        // A disable with no reason does not count under `require-reason`: the finding stands.
        findings.push({ ...toFinding(message, file, ruleId, engine), message: `${message.message} (its eslint-disable gives no \`-- reason\`)` });
        continue;
      }
      const { severity, column, endLine, endColumn } = toFinding(message, file, ruleId, engine);
      suppressions.push({
        kind: 'directive',
        file,
        line: message.line,
        rules: [ruleId],
        reason: reasons[0] ?? null,
        message: message.message,
        severity,
        column,
        ...(endLine === undefined ? {} : { endLine, endColumn }),
      });
    }
    if (readInlineConfigs && config.inlineDisables !== 'never') {
      for (const comment of inlineConfigComments(readFileSync(result.filePath, 'utf8'))) {
        if (needReason) {
          findings.push({
            ruleId: 'inline-config',
            severity: 'error',
            file,
            line: comment.line,
            column: 1,
            message: `An /* eslint */ comment changes ${comment.rules.map((r) => `backend-guard/${r}`).join(', ')}; under inlineDisables "require-reason" use eslint-disable with a reason`,
            engine,
          });
        } else {
          suppressions.push({ kind: 'inline-config', file, line: comment.line, rules: comment.rules, reason: comment.reason });
        }
      }
    }
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
          engine,
        });
        continue;
      }
      if (message.ruleId === null) {
        // The preset selects the same files as the CLI (createConfigs' files matcher); a file it
        // left out would pass unanalysed, so a disagreement fails the run instead.
        if (/^File ignored/.test(message.message)) throw new GuardFailure(`${file}: the ESLint preset did not select this server file (${message.message})`);
        // An unused directive that names one of our rules: stale suppressions hide future findings.
        if (/^Unused eslint-disable directive/.test(message.message) && message.message.includes(RULE_PREFIX)) {
          findings.push({ ruleId: 'unused-disable', severity: 'warning', file, line: message.line, column: message.column, message: message.message, engine });
        }
        continue;
      }
      // Only our rules' messages: an inline `eslint-disable some-other/rule` makes ESLint report a
      // missing rule definition, which says nothing about the backend.
      if (!message.ruleId.startsWith(RULE_PREFIX)) continue;
      findings.push(toFinding(message, file, message.ruleId.slice(RULE_PREFIX.length), engine));
    }
  }
  return { findings, filesAnalyzed: results.length - new Set(unanalysed).size, unanalysed, suppressions };
}

function toFinding(message: Linter.LintMessage, file: string, ruleId: string, engine: Finding['engine']): Finding {
  return {
    ruleId,
    severity: message.severity === 2 ? 'error' : 'warning',
    file,
    line: message.line,
    column: message.column,
    ...(message.endLine === undefined || message.endColumn === undefined ? {} : { endLine: message.endLine, endColumn: message.endColumn }),
    message: message.message,
    engine,
  };
}
