import { Node, SyntaxKind, ts, type ExportDeclaration, type ImportDeclaration, type SourceFile, type VariableDeclaration } from './ts-morph.js';
import { unwrap, type ProjectContext } from './project.js';

/** A value binding a file imports: `imported` is the export's name, `default` or `*` (namespace). */
export interface ImportBinding {
  module: string;
  imported: string;
  node: Node;
}

const importCache = new WeakMap<SourceFile, Map<string, ImportBinding>>();

/**
 * The module specifier of an import or export declaration, when it is a string literal. ts-morph's
 * getModuleSpecifierValue() throws on anything else, which code with syntax errors can produce.
 */
export function specifierOf(declaration: ImportDeclaration | ExportDeclaration): string | undefined {
  const specifier = declaration.compilerNode.moduleSpecifier;
  return specifier !== undefined && ts.isStringLiteral(specifier) ? specifier.text : undefined;
}

/** Local name → what it imports (value imports only: a type-only import loads nothing). */
export function importsOf(sourceFile: SourceFile): Map<string, ImportBinding> {
  let imports = importCache.get(sourceFile);
  if (imports) return imports;
  imports = new Map();
  for (const declaration of sourceFile.getImportDeclarations()) {
    const module = specifierOf(declaration);
    if (declaration.isTypeOnly() || module === undefined) continue;
    const defaultImport = declaration.getDefaultImport();
    if (defaultImport) imports.set(defaultImport.getText(), { module, imported: 'default', node: defaultImport });
    const namespace = declaration.getNamespaceImport();
    if (namespace) imports.set(namespace.getText(), { module, imported: '*', node: namespace });
    for (const specifier of declaration.getNamedImports()) {
      if (specifier.isTypeOnly()) continue;
      const local = specifier.getAliasNode() ?? specifier.getNameNode();
      imports.set(local.getText(), { module, imported: specifier.getNameNode().getText(), node: local });
    }
  }
  importCache.set(sourceFile, imports);
  return imports;
}

/** The module-scope `const`/`let`/`var` declaration of `name` (not destructured), if any. */
export function topLevelVariable(sourceFile: SourceFile, name: string): VariableDeclaration | undefined {
  for (const statement of sourceFile.getVariableStatements()) {
    for (const declaration of statement.getDeclarations()) {
      const nameNode = declaration.getNameNode();
      if (Node.isIdentifier(nameNode) && nameNode.getText() === name) return declaration;
    }
  }
  return undefined;
}

/** True when the module-scope variable is exported (`export const x`, `export { x }`, `export { x as y }`). */
export function isExported(sourceFile: SourceFile, name: string): boolean {
  return exportNamesOf(sourceFile, name).length > 0;
}

/** The names under which a module-scope binding is exported. */
export function exportNamesOf(sourceFile: SourceFile, local: string): string[] {
  const names: string[] = [];
  const declaration = topLevelVariable(sourceFile, local);
  // hasExportKeyword, never isExported(): that asks the type checker, which builds a whole program.
  if (declaration?.getVariableStatement()?.hasExportKeyword()) names.push(local);
  const fn = sourceFile.getFunction(local);
  if (fn?.hasExportKeyword()) names.push(fn.hasDefaultKeyword() ? 'default' : local);
  for (const exportDeclaration of sourceFile.getExportDeclarations()) {
    if (exportDeclaration.compilerNode.moduleSpecifier !== undefined || exportDeclaration.isTypeOnly()) continue;
    for (const specifier of exportDeclaration.getNamedExports()) {
      if (specifier.getNameNode().getText() === local) names.push((specifier.getAliasNode() ?? specifier.getNameNode()).getText());
    }
  }
  const assignment = sourceFile.getExportAssignment((a) => !a.isExportEquals());
  if (assignment && Node.isIdentifier(unwrap(assignment.getExpression())) && unwrap(assignment.getExpression()).getText() === local) names.push('default');
  return names;
}

/** Where an exported name is declared: the file and its local name there (re-exports followed). */
export interface ExportTarget {
  file: string;
  local: string;
}

/**
 * The declaration behind `exportName` of `file`: a local binding, `export { a as b }`, or a re-export
 * (`export { x } from`, `export * from`) of a run file, followed up to a small depth.
 */
export function resolveExport(context: ProjectContext, file: string, exportName: string, depth = 0): ExportTarget | undefined {
  if (depth > 8) return undefined;
  const sourceFile = context.sourceFile(file);
  if (exportName === 'default') {
    const defaultFunction = sourceFile.getFunctions().find((f) => f.hasExportKeyword() && f.hasDefaultKeyword() && f.getName() !== undefined);
    if (defaultFunction) return { file, local: defaultFunction.getName()! };
    const assignment = sourceFile.getExportAssignment((a) => !a.isExportEquals());
    const expression = assignment ? unwrap(assignment.getExpression()) : undefined;
    if (expression && Node.isIdentifier(expression)) return { file, local: expression.getText() };
  }
  if (topLevelVariable(sourceFile, exportName)?.getVariableStatement()?.hasExportKeyword()) return { file, local: exportName };
  const fn = sourceFile.getFunction(exportName);
  if (fn?.hasExportKeyword() && !fn.hasDefaultKeyword()) return { file, local: exportName };
  for (const exportDeclaration of sourceFile.getExportDeclarations()) {
    if (exportDeclaration.isTypeOnly()) continue;
    const from = specifierOf(exportDeclaration);
    if (from === undefined && exportDeclaration.compilerNode.moduleSpecifier !== undefined) continue;
    const named = exportDeclaration.getNamedExports();
    if (named.length === 0 && from !== undefined && !exportDeclaration.getNamespaceExport()) {
      const target = context.resolve(file, from);
      const found = target ? resolveExport(context, target, exportName, depth + 1) : undefined;
      if (found) return found;
      continue;
    }
    for (const specifier of named) {
      if ((specifier.getAliasNode() ?? specifier.getNameNode()).getText() !== exportName) continue;
      const local = specifier.getNameNode().getText();
      if (from === undefined) {
        // `export { x }` of an import re-exports the imported binding.
        const imported = importsOf(sourceFile).get(local);
        if (imported && imported.imported !== '*') {
          const target = context.resolve(file, imported.module);
          return target ? resolveExport(context, target, imported.imported, depth + 1) : undefined;
        }
        return { file, local };
      }
      const target = context.resolve(file, from);
      return target ? resolveExport(context, target, local, depth + 1) : undefined;
    }
  }
  return undefined;
}

/**
 * What an identifier at module level names: a binding of its own file, or (through an import of a
 * run file) the declaration in the file that exports it. `unresolved` for an import the run cannot
 * follow (a package, an alias without tsconfig paths).
 */
export type Binding = { kind: 'local'; file: string; local: string } | { kind: 'unresolved'; imported: string; module: string } | undefined;

export function bindingOf(context: ProjectContext, sourceFile: SourceFile, name: string): Binding {
  const file = sourceFile.getFilePath();
  const imported = importsOf(sourceFile).get(name);
  if (imported === undefined) return { kind: 'local', file, local: name };
  if (imported.imported === '*') return undefined;
  const target = context.resolve(file, imported.module);
  const found = target ? resolveExport(context, target, imported.imported) : undefined;
  return found ? { kind: 'local', ...found } : { kind: 'unresolved', imported: imported.imported, module: imported.module };
}

/** True when `node` sits inside a function body (not evaluated at module load). */
export function enclosingFunction(node: Node): Node | undefined {
  return node.getFirstAncestor(
    (ancestor) =>
      Node.isFunctionDeclaration(ancestor) ||
      Node.isFunctionExpression(ancestor) ||
      Node.isArrowFunction(ancestor) ||
      Node.isMethodDeclaration(ancestor) ||
      Node.isConstructorDeclaration(ancestor) ||
      Node.isGetAccessorDeclaration(ancestor) ||
      Node.isSetAccessorDeclaration(ancestor) ||
      Node.isClassStaticBlockDeclaration(ancestor),
  );
}

/** True when the identifier is used as a value (not a declaration name, property name or type). */
export function isValueReference(identifier: Node): boolean {
  const parent = identifier.getParent();
  if (parent === undefined) return false;
  if (identifier.getFirstAncestorByKind(SyntaxKind.TypeQuery) || identifier.getFirstAncestorByKind(SyntaxKind.TypeReference)) return false;
  if (Node.isPropertyAccessExpression(parent) && parent.getNameNode() === identifier) return false;
  if ((Node.isPropertyAssignment(parent) || Node.isPropertySignature(parent) || Node.isMethodDeclaration(parent)) && parent.getNameNode() === identifier) return false;
  if (Node.isVariableDeclaration(parent) && parent.getNameNode() === identifier) return false;
  if (Node.isFunctionDeclaration(parent) && parent.getNameNode() === identifier) return false;
  if (Node.isParameterDeclaration(parent) && parent.getNameNode() === identifier) return false;
  if (Node.isBindingElement(parent) && (parent.getNameNode() === identifier || parent.getPropertyNameNode() === identifier)) return false;
  if (Node.isImportSpecifier(parent) || Node.isImportClause(parent) || Node.isNamespaceImport(parent) || Node.isExportSpecifier(parent)) return false;
  if (Node.isExportAssignment(parent)) return false;
  if (Node.isQualifiedName(parent) || Node.isTypeAliasDeclaration(parent) || Node.isInterfaceDeclaration(parent)) return false;
  if (Node.isLabeledStatement(parent) || Node.isBreakStatement(parent) || Node.isContinueStatement(parent)) return false;
  return true;
}

/**
 * True when an enclosing function of `node` (up to the file) declares its own `name` (a parameter
 * or a local), so the identifier does not name the module-level binding.
 */
export function isShadowed(node: Node, name: string): boolean {
  for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
    if (Node.isFunctionLikeDeclaration(fn) || Node.isArrowFunction(fn) || Node.isFunctionExpression(fn)) {
      for (const parameter of fn.getParameters()) {
        if (parameter.getNameNode().getText() === name) return true;
        if (parameter.getNameNode().getDescendantsOfKind(SyntaxKind.Identifier).some((id) => id.getText() === name)) return true;
      }
      const body = fn.getChildrenOfKind(SyntaxKind.Block)[0];
      if (body) {
        for (const statement of body.getVariableStatements()) {
          if (statement.getDeclarations().some((d) => d.getNameNode().getText() === name)) return true;
        }
        if (body.getFunctions().some((f) => f.getName() === name)) return true;
      }
    }
  }
  return false;
}
