import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadTypeScript } from '@backend-guard/config';
import {
  checkIdOf,
  createDependencyCruiserConfig,
  PRESET_CONTEXT,
  type PresetContext,
} from '@backend-guard/dependency-cruiser-config';
import type { ICruiseResult, IConfiguration, IForbiddenRuleType, IModule, IViolation } from 'dependency-cruiser';
import type { Severity } from '../report.js';
import type { EngineFinding, EngineInput, EngineResult } from './index.js';
import { createRoleMatcher, ruleSetting, type RoleName } from '@backend-guard/config';

/** A project's own dependency-cruiser config, in the names depcruise looks for. */
export const PROJECT_CONFIG_FILES = ['.dependency-cruiser.js', '.dependency-cruiser.cjs', '.dependency-cruiser.mjs', '.dependency-cruiser.json'];

/** Options of a project's config that only make sense for depcruise's own command line. */
const CLI_ONLY_OPTIONS = ['reporterOptions', 'progress', 'cache', 'outputType', 'outputTo', 'prefix', 'knownViolationsFile'];

function toPosix(relative: string): string {
  return relative.split(path.sep).join('/');
}

function severityOf(severity: string | undefined): Severity | undefined {
  if (severity === 'error') return 'error';
  if (severity === 'warn' || severity === 'info') return 'warning';
  return undefined;
}

/**
 * The project's `.dependency-cruiser.*` at the root, read the way depcruise reads it (its
 * `extends` resolved; an `extends` of our preset answers for this root). Undefined when there is none.
 */
async function projectConfig(input: EngineInput): Promise<IConfiguration | undefined> {
  const file = PROJECT_CONFIG_FILES.map((name) => path.join(input.root, name)).find((candidate) => existsSync(candidate));
  if (file === undefined) return undefined;
  const { default: extractDepcruiseConfig } = await import('dependency-cruiser/config-utl/extract-depcruise-config');
  const scope = globalThis as { [PRESET_CONTEXT]?: PresetContext };
  const previous = scope[PRESET_CONTEXT];
  scope[PRESET_CONTEXT] = { config: input.config, root: input.root, files: input.files };
  try {
    return await extractDepcruiseConfig(file, new Set(), input.root);
  } catch (error) {
    throw new Error(`${path.basename(file)}: dependency-cruiser could not read it: ${(error as Error).message}`, { cause: error });
  } finally {
    scope[PRESET_CONTEXT] = previous;
  }
}

/**
 * Ours, then the project's on top with depcruise's `extends` semantics: a rule of the same name is
 * the project's (so a project can change a preset rule's severity or paths), other rules add up.
 */
function mergeConfigs(ours: IConfiguration, theirs: IConfiguration | undefined): IConfiguration {
  if (theirs === undefined) return ours;
  const preset = new Map((ours.forbidden ?? []).map((rule) => [rule.name, rule]));
  const own = (theirs.forbidden ?? []).map((rule) => {
    const base = rule.name === undefined ? undefined : preset.get(rule.name);
    return base === undefined ? rule : ({ ...base, ...rule } as IForbiddenRuleType);
  });
  const names = new Set(own.map((rule) => rule.name));
  const options = { ...theirs.options } as Record<string, unknown>;
  for (const key of CLI_ONLY_OPTIONS) delete options[key];
  return {
    ...theirs,
    forbidden: [...(ours.forbidden ?? []).filter((rule) => !names.has(rule.name)), ...own],
    options: { ...ours.options, ...options },
  };
}

interface Located {
  line: number;
  column: number;
}

/** Where each module specifier of a file is written (its string literal), by TypeScript's import scanner. */
function specifierPositions(absolute: string, cache: Map<string, Map<string, Located>>): Map<string, Located> {
  let positions = cache.get(absolute);
  if (positions !== undefined) return positions;
  positions = new Map();
  let text: string | undefined;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch {
    text = undefined;
  }
  if (text !== undefined) {
    const ts = loadTypeScript();
    const lineStarts = [0];
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lineStarts.push(at + 1);
    for (const imported of ts.preProcessFile(text, true, true).importedFiles) {
      if (positions.has(imported.fileName)) continue;
      // `pos` is the opening quote, where ESLint reports a specifier too.
      const offset = imported.pos;
      let line = 0;
      while (line + 1 < lineStarts.length && lineStarts[line + 1]! <= offset) line++;
      positions.set(imported.fileName, { line: line + 1, column: offset - lineStarts[line]! + 1 });
    }
  }
  cache.set(absolute, positions);
  return positions;
}

const FILE_START: Located = { line: 1, column: 1 };

/** `utils/parse` for `apps/api/src/utils/parse.ts`: the folder and name an import path ends with. */
function pathTail(file: string): string {
  const parts = file.replace(/\.[cm]?[jt]sx?$/, '').replace(/\/index$/, '').split('/');
  return parts.slice(-2).join('/');
}

/**
 * Whether an unresolved non-relative import of the project ends like the module's path: a path
 * alias dependency-cruiser did not know (it reads one tsconfig per run; a monorepo has one per
 * package) may point to it.
 */
function unresolvedAliasTails(modules: readonly IModule[]): (file: string) => boolean {
  const tails = new Set<string>();
  for (const module of modules) {
    for (const dependency of module.dependencies) {
      if (!dependency.couldNotResolve || dependency.module.startsWith('.')) continue;
      const parts = dependency.module.replace(/\.[cm]?[jt]sx?$/, '').replace(/\/index$/, '').split('/');
      tails.add(parts.slice(-2).join('/'));
    }
  }
  return (file) => tails.has(pathTail(file));
}

/**
 * Groups the modules of cycles that share a module (union-find): dependency-cruiser reports a cycle
 * per import, and one import cycle through `env → db → logger → env` beside `env → db → env` is
 * one tangle to undo, reported once. Returns the group key of a module.
 */
function tangles(violations: readonly IViolation[]): (module: string) => string {
  const parent = new Map<string, string>();
  const find = (module: string): string => {
    let root = module;
    while (parent.has(root) && parent.get(root) !== root) root = parent.get(root)!;
    parent.set(module, root);
    return root;
  };
  for (const violation of violations) {
    if (violation.cycle === undefined) continue;
    for (const step of violation.cycle) {
      const [a, b] = [find(violation.from), find(step.name)];
      if (a !== b) parent.set(a < b ? b : a, a < b ? a : b);
    }
  }
  return find;
}

/** Message per check: short, what is wrong and what to do (the why is in the rule's doc page). */
/** What the config calls a module of a role, for messages in the project's own terms. */
const ROLE_NOUNS: ReadonlyArray<[RoleName, string]> = [
  ['routers', 'router'],
  ['services', 'service'],
  ['adapters', 'adapter'],
  ['webhooks', 'webhook handler'],
  ['scheduler', 'scheduler module'],
  ['schema', 'schema module'],
  ['db', 'db module'],
  ['lib', 'lib module'],
];

function roleNoun(roles: ReadonlySet<RoleName>): string | undefined {
  return ROLE_NOUNS.find(([role]) => roles.has(role))?.[1];
}

function messageOf(
  checkId: string | undefined,
  violation: IViolation,
  rule: IForbiddenRuleType | undefined,
  specifier: string | undefined,
  role: string | undefined,
): string {
  switch (checkId) {
    case 'no-circular': {
      const cycle = [violation.from, ...(violation.cycle ?? []).map((step) => step.name)];
      // Paths below the folder they share (the finding's own path shows it), the middle of a long
      // cycle elided, so the message stays one short line.
      const dirs = cycle.map((module) => module.split('/').slice(0, -1));
      let shared = 0;
      while (dirs.every((dir) => shared < dir.length && dir[shared] === dirs[0]![shared])) shared++;
      const names = cycle.map((module) => module.split('/').slice(shared).join('/'));
      const shown = names.length > 5 ? [...names.slice(0, 2), `… (${names.length - 1} modules)`, ...names.slice(-2)] : names;
      return `Import cycle ${shown.join(' → ')}; move what they share into a module both import.`;
    }
    case 'no-orphans':
      return `Nothing imports this ${role ?? 'server module'} and it imports nothing; wire it in or delete it.`;
    case 'not-to-unresolvable':
      return `'${specifier ?? violation.to}' resolves to no file; fix the path.`;
    case 'no-non-package-json':
      return `'${specifier ?? violation.to}' is not declared in package.json; add it to the dependencies.`;
    case 'layers':
      return `${violation.from} may not import ${violation.to} (${violation.rule.name}).`;
    default: {
      // A project's own rule: its comment's first sentence (the rest is the why, for its readers).
      const first = rule?.comment?.split(/(?<=\.)\s/)[0];
      return `${violation.rule.name}: ${violation.from} → ${violation.to}${first === undefined ? '' : `: ${first}`}`;
    }
  }
}

/**
 * dependency-cruiser, in-process, over the files the CLI selected, with the preset generated from
 * the config's roles (and the project's own `.dependency-cruiser.*` on top). Findings sit at the
 * import's specifier (module-level ones at the file's start). `layers` violations are left to the
 * ESLint rule `layers`, which checks the same matrix with positions while the user types: the
 * report has each violation once.
 */
export async function runDependencyCruiserEngine(input: EngineInput): Promise<EngineResult> {
  const { root } = input;
  const ours = createDependencyCruiserConfig({ config: input.config, root, files: input.files });
  const merged = mergeConfigs(ours, await projectConfig(input));
  const { cruise } = await import('dependency-cruiser');
  const tsConfigFile = merged.options?.tsConfig?.fileName;
  let transpileOptions = {};
  if (tsConfigFile !== undefined) {
    const { default: extractTSConfig } = await import('dependency-cruiser/config-utl/extract-ts-config');
    try {
      transpileOptions = { tsConfig: extractTSConfig(path.resolve(root, tsConfigFile)) };
    } catch {
      // A tsconfig whose base is not installed yet: the ESLint engine has warned about it already;
      // resolve without its paths rather than fail (dependency-cruiser would throw on it again).
      delete merged.options!.tsConfig;
    }
  }
  const { allowed, allowedSeverity, required } = merged;
  // The ESLint rule `layers` reports these with positions; evaluating them here too would only be discarded.
  const forbidden = (merged.forbidden ?? []).filter((rule) => rule.name === undefined || checkIdOf(rule.name) !== 'layers');
  const ruleSet = { forbidden, ...(allowed ? { allowed } : {}), ...(allowedSeverity ? { allowedSeverity } : {}), ...(required ? { required } : {}) };
  const relativeFiles = input.files.map((file) => toPosix(path.relative(root, file)));
  const result = await cruise(
    relativeFiles,
    { ...merged.options, baseDir: root, ruleSet, validate: true, outputType: 'json' },
    {},
    transpileOptions,
  );
  const output = (typeof result.output === 'string' ? JSON.parse(result.output) : result.output) as ICruiseResult;

  const modules = new Map<string, IModule>(output.modules.map((module) => [module.source, module]));
  const maybeImported = unresolvedAliasTails(output.modules);
  const rules = new Map(forbidden.map((rule) => [rule.name, rule]));
  const positions = new Map<string, Map<string, Located>>();
  const roleMatcher = createRoleMatcher(input.config, root);
  const findings: EngineFinding[] = [];

  // Sorted, so a tangle of cycles is reported once, at the import of its first module.
  const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const violations = [...output.summary.violations].sort((a, b) => byCodeUnit(a.from, b.from) || byCodeUnit(a.to, b.to));
  const tangle = tangles(violations);
  const reportedTangles = new Set<string>();
  for (const violation of violations) {
    const checkId = checkIdOf(violation.rule.name);
    if (checkId === 'layers') continue;
    const severity = severityOf(violation.rule.severity);
    if (severity === undefined) continue;
    // An orphan that an import dependency-cruiser could not resolve may well point to (a path
    // alias of another package's tsconfig, `@api/utils/parse`): not reported.
    if (checkId === 'no-orphans' && maybeImported(violation.from)) continue;
    if (violation.cycle !== undefined) {
      const key = tangle(violation.from);
      if (reportedTangles.has(key)) continue;
      reportedTangles.add(key);
    }
    const dependency = modules.get(violation.from)?.dependencies.find((candidate) => candidate.resolved === violation.to);
    const specifier = violation.unresolvedTo ?? dependency?.module;
    const isModuleLevel = violation.type === 'module' || violation.from === violation.to;
    const at = isModuleLevel || specifier === undefined ? FILE_START : (specifierPositions(path.join(root, violation.from), positions).get(specifier) ?? FILE_START);
    findings.push({
      ruleId: checkId ?? violation.rule.name,
      severity,
      file: violation.from,
      line: at.line,
      column: at.column,
      message: messageOf(checkId, violation, rules.get(violation.rule.name), specifier, checkId === 'no-orphans' ? roleNoun(roleMatcher.rolesOf(path.join(root, violation.from))) : undefined),
      engine: 'dependency-cruiser',
      ...(violation.cycle === undefined ? {} : { related: violation.cycle.map((step) => step.name) }),
    });
  }
  // The config's `rules` key sets these checks' severities, as it does the ESLint rules'.
  const configured = findings.flatMap((finding) => {
    const { severity } = ruleSetting(input.config.rules, finding.ruleId, finding.severity === 'error' ? 'error' : 'warn');
    return severity === 'off' ? [] : [{ ...finding, severity: severity === 'warn' ? ('warning' as const) : ('error' as const) }];
  });
  return { findings: configured, filesAnalyzed: output.summary.totalCruised, unanalysed: [] };
}
