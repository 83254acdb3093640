import path from 'node:path';
import { nearestTsconfig, readTsconfig, type Guard, type TsconfigProject } from '@backend-guard/config';
import type { TSESTree } from '@typescript-eslint/types';
import * as ESLintUtils from '@typescript-eslint/utils/eslint-utils';
import type { ParserServicesWithTypeInformation, TSESLint } from '@typescript-eslint/utils';
import type ts from 'typescript';
import { getGuard } from './guard.js';
import { typescript } from './typescript.js';

type AnyContext = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** What rules use of type information: the parser's services (or a stand-in) and the checker. */
export interface TypeServices {
  readonly services: ParserServicesWithTypeInformation;
  readonly checker: ts.TypeChecker;
}

const perFile = new WeakMap<object, TypeServices | null>();

/**
 * Type information for the file being linted, or undefined when there is none. From the parser
 * (projectService, as in editors and RuleTester) when it built a program; otherwise, in the CLI's
 * lazy mode, from a program made of the file's nearest tsconfig.json that is built only when a rule
 * first asks a question — so a run whose every question syntax answers builds no program at all.
 */
export function typeServices(context: AnyContext): TypeServices | undefined {
  const key = context.sourceCode;
  const cached = perFile.get(key);
  if (cached !== undefined) return cached ?? undefined;
  let result: TypeServices | null = null;
  const raw = context.sourceCode.parserServices;
  if (raw?.program && raw.esTreeNodeToTSNodeMap) {
    const services = ESLintUtils.getParserServices(context, true) as ParserServicesWithTypeInformation;
    result = { services, checker: services.program.getTypeChecker() };
  } else if (getGuard(context).lazyTypes) {
    result = lazyServices(context) ?? null;
  }
  perFile.set(key, result);
  return result ?? undefined;
}

interface LazyProject {
  project: TsconfigProject;
  files: ReadonlySet<string>;
  program?: ts.Program;
}

// One program per tsconfig for the whole run, made on the first question about one of its files.
// Keyed by the run's Guard (one per settings object, so one per CLI run): a later run in the same
// process, after files changed, builds afresh instead of answering from a stale program.
const runs = new WeakMap<Guard, { projects: Map<string, LazyProject | null>; nearest: Map<string, string | undefined> }>();
let programsBuilt = 0;

/** How many lazy programs this process has built (for tests and diagnostics). */
export function lazyProgramsBuilt(): number {
  return programsBuilt;
}
function lazyServices(context: AnyContext): TypeServices | undefined {
  const filename = path.resolve(context.filename);
  const guard = getGuard(context);
  const root = guard.roles.root;
  let run = runs.get(guard);
  if (!run) {
    run = { projects: new Map(), nearest: new Map() };
    runs.set(guard, run);
  }
  const { projects, nearest } = run;
  const tsconfig = nearestTsconfig(filename, root, nearest);
  if (tsconfig === undefined) return undefined;
  let lazy = projects.get(tsconfig);
  if (lazy === undefined) {
    // The CLI has read every tsconfig already and reported problems; here they only mean "no types".
    let project: TsconfigProject | undefined;
    try {
      project = readTsconfig(tsconfig, () => {});
    } catch {
      project = undefined;
    }
    lazy = project ? { project, files: new Set(project.fileNames) } : null;
    projects.set(tsconfig, lazy);
  }
  if (!lazy || !lazy.files.has(filename)) return undefined;
  const state = lazy;

  const text = context.sourceCode.text;
  const program = (): ts.Program => {
    if (!state.program) programsBuilt++;
    state.program ??= typescript().createProgram({
      rootNames: state.project.fileNames,
      options: state.project.options,
      projectReferences: state.project.projectReferences,
      host: sharingHost(state.project.options),
    });
    // An editor lints its unsaved buffer: ranges of the buffer are looked up in the program, so
    // the program must hold that text, or a shifted line points every question at another node.
    if (state.program.getSourceFile(filename)?.text !== text) state.program = withText(state, filename, text);
    return state.program;
  };
  let sourceFile: ts.SourceFile | undefined;
  const tsNodeOf = (node: TSESTree.Node): ts.Node => {
    sourceFile ??= program().getSourceFile(filename);
    if (!sourceFile) throw new Error(`backend-guard: ${filename} is not in the program of ${tsconfig}`);
    return nodeAtRange(sourceFile, node.range[0], node.range[1]);
  };
  const services = {
    get program() {
      return program();
    },
    esTreeNodeToTSNodeMap: { get: tsNodeOf, has: () => true },
    getTypeAtLocation: (node: TSESTree.Node) => program().getTypeChecker().getTypeAtLocation(tsNodeOf(node)),
    getSymbolAtLocation: (node: TSESTree.Node) => program().getTypeChecker().getSymbolAtLocation(tsNodeOf(node)),
  } as unknown as ParserServicesWithTypeInformation;
  return {
    services,
    get checker() {
      return program().getTypeChecker();
    },
  };
}

// Declaration files of installed packages and of TypeScript's own libs are parsed once per process,
// not once per program: a monorepo's tsconfigs (and a test's many small projects) share them, as
// TypeScript's language service shares them through its document registry. The key carries the
// file's modification time, so a reinstalled package is parsed afresh.
const sharedDeclarations = new Map<string, ts.SourceFile>();

function sharingHost(options: ts.CompilerOptions): ts.CompilerHost {
  const tsm = typescript();
  const host = tsm.createCompilerHost(options);
  const parse = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersionOrOptions, onError, shouldCreateNewSourceFile) => {
    if (shouldCreateNewSourceFile || !fileName.endsWith('.d.ts') || !fileName.includes('/node_modules/')) {
      return parse(fileName, languageVersionOrOptions, onError, shouldCreateNewSourceFile);
    }
    const version =
      typeof languageVersionOrOptions === 'object'
        ? `${languageVersionOrOptions.languageVersion}:${languageVersionOrOptions.impliedNodeFormat ?? ''}`
        : `${languageVersionOrOptions}`;
    const key = `${fileName}\0${version}\0${tsm.sys.getModifiedTime?.(fileName)?.getTime() ?? ''}`;
    let sourceFile = sharedDeclarations.get(key);
    if (sourceFile === undefined) {
      sourceFile = parse(fileName, languageVersionOrOptions, onError);
      if (sourceFile !== undefined) sharedDeclarations.set(key, sourceFile);
    }
    return sourceFile;
  };
  return host;
}

/**
 * The program again with one file's text replaced (an editor's buffer); every other source file is
 * the old program's own object, so TypeScript reuses the structure and rebuilds only that file.
 */
function withText(state: LazyProject, filename: string, text: string): ts.Program {
  const tsm = typescript();
  const old = state.program!;
  const host = tsm.createCompilerHost(state.project.options, true);
  const fromDisk = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    if (path.resolve(fileName) === filename) return tsm.createSourceFile(fileName, text, languageVersion, true);
    return old.getSourceFile(fileName) ?? fromDisk(fileName, languageVersion, onError, shouldCreate);
  };
  return tsm.createProgram({
    rootNames: state.project.fileNames,
    options: state.project.options,
    projectReferences: state.project.projectReferences,
    host,
    oldProgram: old,
  });
}

/**
 * The TypeScript node with exactly the ESTree node's range (the innermost one: an identifier, not
 * the statement around it); the innermost node enclosing the range when none matches exactly.
 */
function nodeAtRange(sourceFile: ts.SourceFile, start: number, end: number): ts.Node {
  const tsm = typescript();
  let found: ts.Node = sourceFile;
  let exact: ts.Node | undefined;
  const visit = (node: ts.Node): void => {
    if (node.pos > start || node.end < end) return;
    const nodeStart = node.getStart(sourceFile);
    if (nodeStart > start) return;
    found = node;
    if (nodeStart === start && node.end === end) exact = node;
    tsm.forEachChild(node, visit);
  };
  tsm.forEachChild(sourceFile, visit);
  return exact ?? found;
}
