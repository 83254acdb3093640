import { existsSync, readFileSync } from 'node:fs';
import { globSync } from 'tinyglobby';
import path from 'node:path';
import { createRoleMatcher, type BackendGuardConfig, type RoleMatcher, type RoleName } from '@backend-guard/config';
import { Node, Project, ts, type SourceFile } from './ts-morph.js';

/** What the checks are given: the analysed root, the validated config and its source files. */
export interface ProjectCheckInput {
  root: string;
  config: BackendGuardConfig;
  /** Absolute paths of the source files under the root that the config selects. */
  files: string[];
  /** Non-fatal notices for the user (stderr). */
  warn: (message: string) => void;
}

export type Severity = 'error' | 'warning';

export interface ProjectFinding {
  /** The check id from the catalog (conventions.md). */
  ruleId: string;
  /** Which of the check's messages (for tests; not part of the CLI's report). */
  messageId: string;
  severity: Severity;
  /** Relative to the root, forward slashes. */
  file: string;
  /** 1-based, as ESLint's. */
  line: number;
  column: number;
  /** Where the reported node ends (endColumn just past it, as ESLint's); absent for explicit positions. */
  endLine?: number;
  endColumn?: number;
  message: string;
}

const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
/** `./x.js` in TypeScript ESM names `./x.ts`. */
const JS_TO_TS: Record<string, string[]> = { '.js': ['.ts', '.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'], '.jsx': ['.tsx'] };

interface PathAliases {
  base: string;
  paths: [pattern: string, targets: string[]][];
}

/**
 * One ts-morph project for a run, holding only the files the checks ask for (the tRPC core, the app
 * router, routers, the db module and what they import directly): no lib files, no dependency
 * resolution, no type checker. Checks read syntax; imports are resolved here against the run's
 * file list (relative specifiers, then the nearest tsconfig's `paths`).
 */
export class ProjectContext {
  readonly root: string;
  readonly config: BackendGuardConfig;
  readonly files: readonly string[];
  readonly fileSet: ReadonlySet<string>;
  readonly roles: RoleMatcher;
  readonly warn: (message: string) => void;
  // The checks give the project each file's text: its own file system would only cost disk probes.
  private readonly project = new Project({
    useInMemoryFileSystem: true,
    skipAddingFilesFromTsConfig: true,
    skipFileDependencyResolution: true,
    skipLoadingLibFiles: true,
    compilerOptions: { allowJs: true, noEmit: true, skipLibCheck: true, noLib: true, types: [] },
  });
  private readonly texts = new Map<string, string>();
  private readonly aliases = new Map<string, PathAliases | undefined>();
  private readonly resolved = new Map<string, string | undefined>();

  constructor(input: ProjectCheckInput) {
    this.root = path.resolve(input.root);
    this.config = input.config;
    this.files = input.files;
    this.fileSet = new Set(input.files);
    this.roles = createRoleMatcher(input.config, this.root);
    this.warn = input.warn;
  }

  /** Server source files (tests excluded) with the role. */
  filesWith(role: RoleName): string[] {
    return this.files.filter((file) => this.roles.is(file, role) && this.isServer(file));
  }

  isServer(file: string): boolean {
    const roles = this.roles.rolesOf(file);
    return roles.has('server') && !roles.has('tests');
  }

  text(file: string): string {
    let text = this.texts.get(file);
    if (text === undefined) {
      text = readFileSync(file, 'utf8');
      this.texts.set(file, text);
    }
    return text;
  }

  /** The parsed file (parsed once per run). */
  sourceFile(file: string): SourceFile {
    return this.project.getSourceFile(file) ?? this.project.createSourceFile(file, this.text(file), { overwrite: true });
  }

  /** Number of files this run parsed. */
  get parsedCount(): number {
    return this.project.getSourceFiles().length;
  }

  relative(file: string): string {
    return path.relative(this.root, file).split(path.sep).join('/');
  }

  /** Where a node starts and ends: its file relative to the root, 1-based lines and columns. */
  position(node: Node): { file: string; line: number; column: number; endLine: number; endColumn: number } {
    const sourceFile = node.getSourceFile();
    const { line, column } = sourceFile.getLineAndColumnAtPos(node.getStart());
    const end = sourceFile.getLineAndColumnAtPos(node.getEnd());
    return { file: this.relative(sourceFile.getFilePath()), line, column, endLine: end.line, endColumn: end.column };
  }

  /** The source file an import specifier names, when it is one of the run's files. */
  resolve(fromFile: string, specifier: string): string | undefined {
    const key = `${path.dirname(fromFile)}\0${specifier}`;
    if (this.resolved.has(key)) return this.resolved.get(key);
    let result: string | undefined;
    if (specifier.startsWith('.') || specifier.startsWith('/')) {
      result = this.probe(path.resolve(path.dirname(fromFile), specifier));
    } else {
      const aliases = this.pathAliases(fromFile);
      for (const [pattern, targets] of aliases?.paths ?? []) {
        const star = pattern.indexOf('*');
        const matched =
          star === -1
            ? pattern === specifier
              ? ''
              : undefined
            : specifier.startsWith(pattern.slice(0, star)) && specifier.endsWith(pattern.slice(star + 1)) && specifier.length >= pattern.length - 1
              ? specifier.slice(star, specifier.length - (pattern.length - star - 1))
              : undefined;
        if (matched === undefined) continue;
        for (const target of targets) {
          result = this.probe(path.resolve(aliases!.base, target.replace('*', matched)));
          if (result) break;
        }
        if (result) break;
      }
    }
    this.resolved.set(key, result);
    return result;
  }

  /**
   * The run file a bare specifier names when it is one of the root's own workspace packages
   * (`@acme/db/queries` → packages/db/src/queries/index.ts, by the package's `exports`, `main` or
   * folder layout). Kept apart from resolve(): the checks treat such imports as packages today.
   */
  resolveWorkspace(specifier: string): string | undefined {
    if (specifier.startsWith('.') || specifier.startsWith('/')) return undefined;
    const parts = specifier.split('/');
    const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
    const sub = parts.slice(specifier.startsWith('@') ? 2 : 1).join('/');
    const pkg = this.workspacePackages().get(name);
    if (pkg === undefined) return undefined;
    const key = sub === '' ? '.' : `./${sub}`;
    const targets: string[] = [];
    const exported = pkg.exports;
    if (typeof exported === 'string' || exported === null || Array.isArray(exported) || isConditions(exported)) {
      if (key === '.') targets.push(...exportTargets(exported));
    } else if (exported !== undefined) {
      for (const [pattern, target] of Object.entries(exported as Record<string, ExportTarget>)) {
        const star = pattern.indexOf('*');
        if (star === -1 ? pattern === key : key.startsWith(pattern.slice(0, star)) && key.endsWith(pattern.slice(star + 1))) {
          const matched = star === -1 ? '' : key.slice(star, key.length - (pattern.length - star - 1));
          targets.push(...exportTargets(target).map((t) => t.replace('*', matched)));
        }
      }
    }
    if (key === '.') targets.push(...[pkg.main, 'src/index', 'index'].filter((t): t is string => t !== undefined));
    else targets.push(sub, `src/${sub}`);
    for (const target of targets) {
      const found = this.probe(path.resolve(pkg.dir, target));
      if (found) return found;
    }
    return undefined;
  }

  private workspaces: Map<string, WorkspacePackage> | undefined;

  private workspacePackages(): Map<string, WorkspacePackage> {
    if (this.workspaces) return this.workspaces;
    this.workspaces = new Map();
    for (const file of globSync(['**/package.json'], { cwd: this.root, ignore: ['**/node_modules/**', '**/.git/**'], absolute: true, deep: 6 })) {
      try {
        const json = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; exports?: unknown; main?: unknown };
        if (typeof json.name !== 'string' || this.workspaces.has(json.name)) continue;
        this.workspaces.set(json.name, {
          dir: path.dirname(file),
          exports: json.exports as WorkspacePackage['exports'],
          main: typeof json.main === 'string' ? json.main : undefined,
        });
      } catch {
        // A package.json that does not parse names no package.
      }
    }
    return this.workspaces;
  }

  private probe(base: string): string | undefined {
    const candidates = [base];
    const ext = path.extname(base);
    for (const replacement of JS_TO_TS[ext] ?? []) candidates.push(base.slice(0, -ext.length) + replacement);
    for (const extension of SOURCE_EXTENSIONS) candidates.push(base + extension);
    for (const extension of SOURCE_EXTENSIONS) candidates.push(path.join(base, `index${extension}`));
    return candidates.find((candidate) => this.fileSet.has(candidate));
  }

  /** `compilerOptions.paths` of the file's nearest tsconfig.json (extends followed by TypeScript). */
  private pathAliases(file: string): PathAliases | undefined {
    let dir = path.dirname(file);
    const visited: string[] = [];
    let found: PathAliases | undefined;
    for (;;) {
      if (this.aliases.has(dir)) {
        found = this.aliases.get(dir);
        break;
      }
      visited.push(dir);
      const tsconfig = path.join(dir, 'tsconfig.json');
      if (existsSync(tsconfig)) {
        found = readPathAliases(tsconfig);
        break;
      }
      const parent = path.dirname(dir);
      if (dir === this.root || parent === dir || !dir.startsWith(this.root)) break;
      dir = parent;
    }
    for (const seen of visited) this.aliases.set(seen, found);
    return found;
  }
}

type ExportTarget = string | null | { [condition: string]: ExportTarget } | ExportTarget[];

interface WorkspacePackage {
  dir: string;
  exports: ExportTarget | Record<string, ExportTarget> | undefined;
  main: string | undefined;
}

/** An `exports` value made of conditions (`{ types, import, default }`) rather than subpaths. */
function isConditions(value: unknown): value is Record<string, ExportTarget> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).every((key) => !key.startsWith('.'));
}

/** The file paths an `exports` entry can name, source-like conditions first. */
function exportTargets(target: ExportTarget): string[] {
  if (typeof target === 'string') return [target];
  if (target === null) return [];
  if (Array.isArray(target)) return target.flatMap(exportTargets);
  const order = ['types', 'import', 'default', 'require', 'node'];
  const keys = [...order.filter((key) => key in target), ...Object.keys(target).filter((key) => !order.includes(key))];
  return keys.flatMap((key) => exportTargets(target[key]!));
}

function readPathAliases(tsconfig: string): PathAliases | undefined {
  const read = ts.readConfigFile(tsconfig, (file) => ts.sys.readFile(file));
  if (read.error) return undefined;
  // A base config that is not installed only costs its paths: the errors are not ours to report.
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(tsconfig), undefined, tsconfig);
  const paths = parsed.options.paths;
  if (!paths) return undefined;
  const base = parsed.options.baseUrl ?? (parsed.options as { pathsBasePath?: string }).pathsBasePath ?? path.dirname(tsconfig);
  return { base, paths: Object.entries(paths) };
}

/** `(x)`, `x as T`, `x satisfies T`, `x!`, `<T>x`: the expression inside. */
export function unwrap(node: Node): Node {
  let current = node;
  for (;;) {
    if (
      Node.isParenthesizedExpression(current) ||
      Node.isAsExpression(current) ||
      Node.isSatisfiesExpression(current) ||
      Node.isNonNullExpression(current) ||
      Node.isTypeAssertion(current)
    ) {
      current = current.getExpression();
    } else return current;
  }
}

/** The static text of a string literal or a template without substitutions. */
export function staticText(node: Node | undefined): string | undefined {
  if (node === undefined) return undefined;
  const inner = unwrap(node);
  if (Node.isStringLiteral(inner) || Node.isNoSubstitutionTemplateLiteral(inner)) return inner.getLiteralValue();
  return undefined;
}

/** The static name of a property (identifier, string or numeric literal key). */
export function propertyKey(node: Node): string | undefined {
  if (Node.isPropertyAssignment(node) || Node.isShorthandPropertyAssignment(node) || Node.isMethodDeclaration(node)) {
    const name = node.getNameNode();
    if (Node.isIdentifier(name)) return name.getText();
    if (Node.isStringLiteral(name) || Node.isNumericLiteral(name) || Node.isNoSubstitutionTemplateLiteral(name)) return name.getLiteralText();
    if (Node.isComputedPropertyName(name)) return staticText(name.getExpression());
  }
  return undefined;
}
