import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createRoleMatcher, DEFAULT_TIERS, loadConfig, parseConfig } from '@backend-guard/config';
import { parse } from '@typescript-eslint/typescript-estree';
import type { TSESTree } from '@typescript-eslint/types';
import { findSourceFiles } from './files.js';
import { GuardFailure } from './report.js';

const SCHEMA_REF = './node_modules/@backend-guard/config/schema.json';
const ESLINT_CONFIGS = ['eslint.config.js', 'eslint.config.mjs', 'eslint.config.cjs', 'eslint.config.ts', 'eslint.config.mts', 'eslint.config.cts'];
const LINT_SCRIPT = 'backend-guard check .';

const BUILDER_METHODS = new Set(['use', 'input', 'output', 'meta', 'concat', 'unstable_concat']);

interface TierCandidate {
  name: string;
  /** The tier it is derived from; undefined when derived from tRPC's raw `t.procedure`. */
  parent: string | undefined;
  order: number;
}

const MIDDLEWARE_METHODS = new Set(['use', 'concat', 'unstable_concat']);

/** The root of a builder chain (`a.use(x).meta(y)` → `a`) and whether the chain adds middleware. */
function chainRoot(node: TSESTree.Node): { root: TSESTree.Node; middleware: boolean } {
  let current = node;
  let middleware = false;
  for (;;) {
    if (current.type === 'TSAsExpression' || current.type === 'TSSatisfiesExpression' || current.type === 'TSNonNullExpression') current = current.expression;
    else if (
      current.type === 'CallExpression' &&
      current.callee.type === 'MemberExpression' &&
      current.callee.property.type === 'Identifier' &&
      BUILDER_METHODS.has(current.callee.property.name)
    ) {
      if (MIDDLEWARE_METHODS.has(current.callee.property.name)) middleware = true;
      current = current.callee.object;
    } else return { root: current, middleware };
  }
}

/**
 * Tier builders of the tRPC core files, lowest trust first: exported constants built on tRPC's raw
 * builder (`t.procedure`), then those that add middleware to them, in the order of derivation.
 */
export function detectTiers(programs: readonly TSESTree.Program[]): string[] {
  const candidates = new Map<string, TierCandidate>();
  let order = 0;
  for (const program of programs) {
    for (const statement of program.body) {
      if (statement.type !== 'ExportNamedDeclaration' || statement.declaration?.type !== 'VariableDeclaration') continue;
      for (const declarator of statement.declaration.declarations) {
        if (declarator.id.type !== 'Identifier' || !declarator.init) continue;
        const { root, middleware } = chainRoot(declarator.init);
        if (root.type === 'MemberExpression' && root.property.type === 'Identifier' && root.property.name === 'procedure') {
          candidates.set(declarator.id.name, { name: declarator.id.name, parent: undefined, order: order++ });
        } else if (root.type === 'Identifier' && middleware) {
          // A tier above another adds its own middleware; `base.input(x)` is a shared builder, not a tier.
          candidates.set(declarator.id.name, { name: declarator.id.name, parent: root.name, order: order++ });
        }
      }
    }
  }
  // Only chains that reach the raw builder are tiers (not `const x = someSchema.input(...)`).
  const depth = (name: string, seen = new Set<string>()): number | undefined => {
    const candidate = candidates.get(name);
    if (!candidate || seen.has(name)) return undefined;
    if (candidate.parent === undefined) return 0;
    seen.add(name);
    const parent = depth(candidate.parent, seen);
    return parent === undefined ? undefined : parent + 1;
  };
  return [...candidates.values()]
    .map((candidate) => ({ ...candidate, depth: depth(candidate.name) }))
    .filter((candidate): candidate is TierCandidate & { depth: number } => candidate.depth !== undefined)
    .sort((a, b) => a.depth - b.depth || a.order - b.order)
    .map((candidate) => candidate.name);
}

const ESLINT_CONFIG = `import backendGuard from 'eslint-plugin-backend-guard';
import { loadConfig } from '@backend-guard/config';

const { config } = await loadConfig(import.meta.dirname); // backend-guard.config.* or the defaults

const guard = backendGuard.createConfigs({ config, root: import.meta.dirname, lazyTypes: true, standalone: true });
export default [guard.ignores, guard.recommended];
`;

/** JSON written back with the file's own indentation and final newline. */
function writeJsonLike(file: string, original: string, value: unknown): void {
  const indent = /^[ \t]+(?=")/m.exec(original)?.[0] ?? '  ';
  writeFileSync(file, `${JSON.stringify(value, null, indent)}${original.endsWith('\n') ? '\n' : ''}`);
}

/**
 * Sets a backend up: a config with what differs from the defaults, the ESLint config and the
 * lint:check script. Idempotent: what is already there is kept, and said so. Returns what it did.
 */
export async function init(cwd: string, target: string, options: { force: boolean }): Promise<string[]> {
  const root = path.resolve(cwd, target);
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new GuardFailure(`${target}: no such folder; expected the root of a backend`);
  const actions: string[] = [];
  const { config, file: existingConfig } = await loadConfig(root);

  // Roles and tiers, as the checks will see them.
  const matcher = createRoleMatcher(config, root);
  const files = (await findSourceFiles(root, config)).filter((file) => matcher.isServer(file));
  const count = (role: 'routers' | 'appRouter' | 'db' | 'trpcCore') => files.filter((file) => matcher.is(file, role)).length;
  const core = files.filter((file) => matcher.is(file, 'trpcCore'));
  const programs = core.flatMap((file) => {
    try {
      return [parse(readFileSync(file, 'utf8'), { jsx: /x$/.test(file), loc: false, range: false }) as TSESTree.Program];
    } catch {
      return [];
    }
  });
  const tiers = detectTiers(programs);
  const relative = (file: string) => path.relative(root, file).split(path.sep).join('/');
  actions.push(
    `detected ${files.length} server files: ${count('trpcCore')} tRPC core, ${count('appRouter')} app router, ${count('routers')} routers, ${count('db')} db module` +
      (core.length > 0 ? ` (core: ${core.map(relative).join(', ')})` : ''),
  );

  if (existingConfig) {
    actions.push(`kept ${path.basename(existingConfig)} (it exists; init never edits a config)`);
  } else {
    const written: Record<string, unknown> = { $schema: SCHEMA_REF };
    if (tiers.length > 0 && tiers.join() !== DEFAULT_TIERS.join()) written.tiers = tiers;
    parseConfig(written, 'backend-guard.config.json'); // what init writes must load
    writeFileSync(path.join(root, 'backend-guard.config.json'), `${JSON.stringify(written, null, 2)}\n`);
    actions.push(`wrote backend-guard.config.json${written.tiers ? ` (tiers: ${tiers.join(' → ')})` : ' (the defaults fit: tiers ' + DEFAULT_TIERS.join(' → ') + ')'}`);
  }
  if (tiers.length > 1) actions.push('tiers are ordered by derivation, and tiers built side by side on the same builder by their order in the file: check that the list runs from least to most trusted');
  if (tiers.length === 0) actions.push('no tier builders found (exported constants derived from t.procedure in the tRPC core): set "tiers" in the config');
  if (count('routers') + count('appRouter') === 0 && count('db') === 0) {
    actions.push('no tRPC router and no Drizzle db recognised: name them in the config\'s "roles" key (backend-guard roles shows what was seen)');
  }

  // The editor runs the same rules as the gate.
  const packageFile = path.join(root, 'package.json');
  const packageText = existsSync(packageFile) ? readFileSync(packageFile, 'utf8') : undefined;
  let packageJson: Record<string, unknown> | undefined;
  try {
    packageJson = packageText === undefined ? undefined : (JSON.parse(packageText) as Record<string, unknown>);
  } catch {
    throw new GuardFailure(`${relative(packageFile)}: not valid JSON; expected a package.json to add the lint:check script to`);
  }
  const esm = packageJson?.type === 'module';
  const eslintFile = ESLINT_CONFIGS.map((name) => path.join(root, name)).find((file) => existsSync(file));
  if (eslintFile === undefined) {
    const name = esm ? 'eslint.config.js' : 'eslint.config.mjs';
    writeFileSync(path.join(root, name), ESLINT_CONFIG);
    actions.push(`created ${name} with backend-guard's recommended preset`);
  } else if (readFileSync(eslintFile, 'utf8').includes('eslint-plugin-backend-guard')) {
    actions.push(`kept ${path.basename(eslintFile)} (it already uses eslint-plugin-backend-guard)`);
  } else if (options.force) {
    writeFileSync(`${eslintFile}.bak`, readFileSync(eslintFile));
    writeFileSync(eslintFile, ESLINT_CONFIG);
    actions.push(`replaced ${path.basename(eslintFile)} (--force; the old one is ${path.basename(eslintFile)}.bak)`);
  } else {
    actions.push(
      `${path.basename(eslintFile)} exists and is not edited (--force replaces it); add these lines:\n` +
        "  import backendGuard from 'eslint-plugin-backend-guard';\n  import { loadConfig } from '@backend-guard/config';\n" +
        '  const { config } = await loadConfig(import.meta.dirname);\n' +
        '  // and in the exported array:\n  backendGuard.createConfigs({ config, root: import.meta.dirname, lazyTypes: true }).recommended,',
    );
  }

  if (packageJson === undefined || packageText === undefined) {
    actions.push(`no package.json at ${target}: run \`backend-guard check .\` from your scripts`);
  } else {
    const scripts = (packageJson.scripts ?? {}) as Record<string, string>;
    if (scripts['lint:check'] === undefined) {
      packageJson.scripts = { ...scripts, 'lint:check': LINT_SCRIPT };
      writeJsonLike(packageFile, packageText, packageJson);
      actions.push(`added "lint:check": "${LINT_SCRIPT}" to package.json`);
    } else if (scripts['lint:check'].includes('backend-guard')) {
      actions.push('kept the lint:check script (it runs backend-guard already)');
    } else {
      actions.push(`package.json has a lint:check script of its own ("${scripts['lint:check']}"): add \`&& ${LINT_SCRIPT}\` to it`);
    }
  }
  return actions;
}
