import { readFileSync, statSync } from 'node:fs';
import { parseModule } from './parse-module.js';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import { unwrap } from './ast.js';
import { isFunctionNode, walkWithParents as walk, type FunctionNode } from './function-body.js';
import { resolveProjectModule } from './project-modules.js';

/** A function as a value: declaration, expression or arrow. */
// One function predicate and one tree walk for the rules: re-exported for the modules built on views.
export { isFunctionNode, walkWithParents as walk, type FunctionNode } from './function-body.js';

export interface ViewImport {
  /** The specifier as written. */
  source: string;
  /** Export name, `default`, or `*` for a namespace. */
  imported: string;
}

/**
 * A module seen from its top level, without a scope manager: what each local name is imported
 * as, which top-level names hold functions (or other values), and what the module exports. Enough
 * to follow a call into a helper of the same module or of an imported project module; names
 * shadowed inside functions are not told apart (rules that use it say so in their limits).
 */
export interface ModuleView {
  readonly file: string;
  readonly program: TSESTree.Program;
  readonly imports: ReadonlyMap<string, ViewImport>;
  /** Top-level `function f` and `const f = () => …` / `function () {}` (exported or not). */
  readonly functions: ReadonlyMap<string, FunctionNode>;
  /** Other top-level `const x = <init>` values (for `const wh = new Webhook(…)` and the like). */
  readonly constants: ReadonlyMap<string, TSESTree.Expression>;
  /** Exported name → local name (`export function f`, `export { f as g }`, `export default f`). */
  readonly exports: ReadonlyMap<string, string>;
}


const views = new WeakMap<TSESTree.Program, ModuleView>();

/** The view of a parsed program (cached per program). */
export function viewOf(program: TSESTree.Program, file: string): ModuleView {
  let view = views.get(program);
  if (view) return view;
  const imports = new Map<string, ViewImport>();
  const functions = new Map<string, FunctionNode>();
  const constants = new Map<string, TSESTree.Expression>();
  const exports = new Map<string, string>();
  const declare = (statement: TSESTree.Node, exported: boolean): void => {
    if (statement.type === AST_NODE_TYPES.FunctionDeclaration && statement.id) {
      functions.set(statement.id.name, statement);
      if (exported) exports.set(statement.id.name, statement.id.name);
    } else if (statement.type === AST_NODE_TYPES.VariableDeclaration) {
      for (const declarator of statement.declarations) {
        if (declarator.id.type !== AST_NODE_TYPES.Identifier || !declarator.init) continue;
        const init = unwrap(declarator.init);
        if (isFunctionNode(init)) functions.set(declarator.id.name, init);
        else if (statement.kind === 'const') constants.set(declarator.id.name, declarator.init);
        if (exported) exports.set(declarator.id.name, declarator.id.name);
      }
    }
  };
  for (const statement of program.body) {
    if (statement.type === AST_NODE_TYPES.ImportDeclaration) {
      if (statement.importKind === 'type') continue;
      for (const specifier of statement.specifiers) {
        if (specifier.type === AST_NODE_TYPES.ImportSpecifier && specifier.importKind === 'type') continue;
        const imported =
          specifier.type === AST_NODE_TYPES.ImportDefaultSpecifier
            ? 'default'
            : specifier.type === AST_NODE_TYPES.ImportNamespaceSpecifier
              ? '*'
              : specifier.imported.type === AST_NODE_TYPES.Identifier
                ? specifier.imported.name
                : specifier.imported.value;
        imports.set(specifier.local.name, { source: statement.source.value, imported });
      }
    } else if (statement.type === AST_NODE_TYPES.ExportNamedDeclaration) {
      if (statement.declaration) declare(statement.declaration, true);
      else if (!statement.source) {
        for (const specifier of statement.specifiers) {
          if (specifier.local.type !== AST_NODE_TYPES.Identifier) continue;
          const exportedName = specifier.exported.type === AST_NODE_TYPES.Identifier ? specifier.exported.name : specifier.exported.value;
          exports.set(exportedName, specifier.local.name);
        }
      }
    } else if (statement.type === AST_NODE_TYPES.ExportDefaultDeclaration) {
      const declaration = statement.declaration;
      if (declaration.type === AST_NODE_TYPES.Identifier) exports.set('default', declaration.name);
      else if (declaration.type === AST_NODE_TYPES.FunctionDeclaration) {
        const name = declaration.id?.name ?? '*default*';
        functions.set(name, declaration);
        exports.set('default', name);
      }
    } else {
      declare(statement, false);
    }
  }
  view = { file, program, imports, functions, constants, exports };
  views.set(program, view);
  return view;
}

const parsed = new Map<string, { mtimeMs: number; view: ModuleView | undefined }>();

/**
 * The view of the project module that `specifier` names from `fromFile` (relative, or a tsconfig
 * path alias), parsed once per file version; undefined for packages, missing files and files that
 * do not parse.
 */
export function importedModuleView(fromFile: string, specifier: string): ModuleView | undefined {
  const target = resolveProjectModule(fromFile, specifier);
  if (target === undefined) return undefined;
  let mtimeMs: number;
  try {
    mtimeMs = statSync(target).mtimeMs;
  } catch {
    return undefined;
  }
  const cached = parsed.get(target);
  if (cached?.mtimeMs === mtimeMs) return cached.view;
  let view: ModuleView | undefined;
  try {
    const program = parseModule(readFileSync(target, 'utf8'), { range: true, loc: true, jsx: target.endsWith('x') });
    view = viewOf(program, target);
  } catch {
    view = undefined;
  }
  parsed.set(target, { mtimeMs, view });
  return view;
}

/** The function a name stands for in `view`: a local function, or an exported function of an imported project module. */
export function resolveFunction(
  view: ModuleView,
  name: string,
  { followImports = true }: { followImports?: boolean } = {},
): { view: ModuleView; fn: FunctionNode } | undefined {
  const local = view.functions.get(name);
  if (local) return { view, fn: local };
  if (!followImports) return undefined;
  const imported = view.imports.get(name);
  if (!imported || imported.imported === '*') return undefined;
  const target = importedModuleView(view.file, imported.source);
  if (!target) return undefined;
  const localName = target.exports.get(imported.imported);
  const fn = localName === undefined ? undefined : target.functions.get(localName);
  return fn ? { view: target, fn } : undefined;
}

/** Every call and `new` under `root`, in source order (optionally not inside nested functions). */
export function forEachCall(
  root: TSESTree.Node,
  visit: (call: TSESTree.CallExpression | TSESTree.NewExpression) => void,
  { skipNestedFunctions = false }: { skipNestedFunctions?: boolean } = {},
): void {
  walk(root, (node) => {
    if (skipNestedFunctions && node !== root && isFunctionNode(node)) return false;
    if (node.type === AST_NODE_TYPES.CallExpression || node.type === AST_NODE_TYPES.NewExpression) visit(node);
    return true;
  });
}

/** The initialiser of `const name = …` declared inside `root` (first one found), or undefined. */
export function constInitIn(root: TSESTree.Node, name: string): TSESTree.Expression | undefined {
  let found: TSESTree.Expression | undefined;
  walk(root, (node) => {
    if (found) return false;
    if (
      node.type === AST_NODE_TYPES.VariableDeclaration &&
      node.kind === 'const'
    ) {
      for (const declarator of node.declarations) {
        if (declarator.id.type === AST_NODE_TYPES.Identifier && declarator.id.name === name && declarator.init) found = declarator.init;
      }
    }
    return true;
  });
  return found;
}

