/**
 * The plugin oxlint loads for the oxlint engine (never imported by the CLI itself): the rules of
 * eslint-plugin-backend-guard, unmodified, each given a context whose `report` records the finding
 * instead of handing it to oxlint. Inline comments are then applied by ESLint's own code in the CLI
 * (engines/oxlint.ts), so suppressions, reasons and unused directives are ESLint's to the letter;
 * oxlint's directive handling never sees a finding. Runs inside oxlint's Node process; what it
 * recorded is written to a file when that process exits.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import backendGuard from 'eslint-plugin-backend-guard';
import type { TSESLint } from '@typescript-eslint/utils';
import { useOxcParser } from '../parse.js';
import { RUN_ENV, type OxlintRun, type Position, type RecordedComment, type RecordedFile, type RecordedFinding } from './oxlint-records.js';

type AnyRule = TSESLint.RuleModule<string, readonly unknown[]>;
type AnyContext = TSESLint.RuleContext<string, readonly unknown[]>;
type Descriptor = TSESLint.ReportDescriptor<string> & { message?: string; node?: { loc: { start: Position; end: Position } } };

const runFile = process.env[RUN_ENV];
if (runFile === undefined) throw new Error(`backend-guard: the oxlint plugin runs only under \`backend-guard check --engine oxlint\` (${RUN_ENV} is not set)`);
const run = JSON.parse(readFileSync(runFile, 'utf8')) as OxlintRun;
// Files a rule asks about before oxlint lints them are parsed as oxlint parses: with oxc.
useOxcParser();

const files: Record<string, RecordedFile> = {};
process.on('exit', () => writeFileSync(run.out, JSON.stringify(files)));

const copy = (position: Position): Position => ({ line: position.line, column: position.column });

function fileRecord(context: AnyContext): RecordedFile {
  const existing = files[context.filename];
  if (existing) return existing;
  const { sourceCode } = context;
  const comments = sourceCode.text.includes('eslint')
    ? sourceCode
        .getAllComments()
        .filter((comment) => comment.value.includes('eslint'))
        .map((comment) => ({
          type: comment.type as RecordedComment['type'],
          value: comment.value,
          range: [comment.range[0], comment.range[1]] as [number, number],
          loc: { start: copy(comment.loc.start), end: copy(comment.loc.end) },
        }))
    : [];
  const record: RecordedFile = { findings: [], comments };
  files[context.filename] = record;
  return record;
}

function recordOf(rule: string, descriptor: Descriptor): RecordedFinding {
  // Positions are read now: oxlint's AST and its line table belong to the file being linted.
  const given = descriptor.loc;
  const loc: RecordedFinding['loc'] =
    given == null
      ? { start: copy(descriptor.node!.loc.start), end: copy(descriptor.node!.loc.end) }
      : 'start' in given
        ? { start: copy(given.start), ...(given.end ? { end: copy(given.end) } : {}) }
        : copy(given);
  return {
    rule,
    ...(descriptor.messageId === undefined ? {} : { messageId: descriptor.messageId }),
    ...(descriptor.message === undefined ? {} : { message: descriptor.message }),
    // ESLint interpolates each value as a string; converting now keeps that and survives JSON.
    ...(descriptor.data ? { data: Object.fromEntries(Object.entries(descriptor.data).map(([key, value]) => [key, String(value)])) } : {}),
    loc,
  };
}

function recording(id: string, rule: AnyRule): AnyRule {
  return {
    ...rule,
    create(context: AnyContext) {
      const record = fileRecord(context);
      // oxlint gives each rule one context for every file and fresh settings per file; the rules
      // compile the config once per settings object, so they get the run's one object.
      const hosted = Object.create(context, {
        settings: { value: run.settingsByFile?.[context.filename] ?? run.settings },
        report: { value: (descriptor: Descriptor) => record.findings.push(recordOf(id, descriptor)) },
      }) as AnyContext;
      return rule.create(hosted);
    },
  } as AnyRule;
}

const rules = backendGuard.rules as unknown as Record<string, AnyRule>;

export default {
  meta: { name: 'backend-guard' },
  rules: Object.fromEntries(Object.entries(rules).map(([id, rule]) => [id, recording(id, rule)])),
};
