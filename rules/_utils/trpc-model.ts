import type { TSESTree } from '@typescript-eslint/utils';

/** The shapes and vocabulary of tRPC procedure recognition, shared by its modules and the rules. */

type Node = TSESTree.Node;

export type ProcedureKind = 'query' | 'mutation' | 'subscription';
export const PROCEDURE_KINDS: ReadonlySet<string> = new Set<ProcedureKind>(['query', 'mutation', 'subscription']);

export type BuilderMethod = 'use' | 'meta' | 'input' | 'output' | 'concat' | 'unstable_concat';
export const BUILDER_METHODS: ReadonlySet<string> = new Set<BuilderMethod>(['use', 'meta', 'input', 'output', 'concat', 'unstable_concat']);
/** Builder methods that add middleware, i.e. make a new trust boundary. */
export const MIDDLEWARE_METHODS: ReadonlySet<string> = new Set<BuilderMethod>(['use', 'concat', 'unstable_concat']);

export const TRPC_MODULE = '@trpc/server';
/** Bounds alias and import following, so pathological code cannot loop. */
export const MAX_DEPTH = 12;

/** One builder-method call of a chain (`.input(schema)`), possibly inside a local alias's initialiser. */
export interface BuilderLink {
  method: BuilderMethod;
  call: TSESTree.CallExpression;
  /** True when the call sits in an alias's initialiser rather than in the chain itself. */
  viaAlias: boolean;
}

/** Where a builder chain starts, once aliases and imports are followed. */
export type BuilderRoot =
  /**
   * A configured tier builder (`protectedProcedure`), by imported name or core-file declaration;
   * `factory` names the configured builder factory when the chain starts at a call of one
   * (`permissionProcedure("invoices:read")`).
   */
  | { kind: 'tier'; tier: string; node: Node; factory?: string }
  /** tRPC's raw builder: `t.procedure` or `procedure` destructured from the `initTRPC...create()` instance. */
  | { kind: 'raw'; node: Node }
  /**
   * A value whose type is tRPC's ProcedureBuilder but that no configured tier names. `inputSet` says
   * whether the type shows an input parser already (undefined when the type does not tell);
   * `factory` names the unlisted function that returned it (reported once, at its definition).
   */
  | { kind: 'typed'; node: Node; inputSet: boolean | undefined; factory?: string };

export interface BuilderChain {
  root: BuilderRoot;
  /** Every builder-method call from the root to the end, root-most first, aliases included. */
  links: BuilderLink[];
  /** True when a configured tier was reached through an imported shared builder that adds an input (types only). */
  inputFromType?: boolean;
}

export interface Procedure extends BuilderChain {
  /** The terminal `.query(...)`, `.mutation(...)` or `.subscription(...)` call. */
  call: TSESTree.CallExpression;
  kind: ProcedureKind;
  /** The `query`/`mutation`/`subscription` property of the terminal call. */
  property: TSESTree.Identifier;
  /** The innermost expression of the procedure's own chain as written (an alias name, `t.procedure`...). */
  start: TSESTree.Expression;
}

export interface ProcedurePath {
  /** Router name: file basename in the routers role, top-level key in the app router; else undefined. */
  router: string | undefined;
  /** Keys inside `router({...})` object literals of this file, below the router name. */
  keys: string[];
  /** `router.key.key` for messages and policy globs (empty when nothing names it). */
  id: string;
  /**
   * Folders between the routers directory and the file (`routers/admin/users.ts` → `['admin']`):
   * a router in an `admin/` folder is an admin router too.
   */
  folders: string[];
}
