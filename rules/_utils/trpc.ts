/**
 * tRPC procedure recognition, the one import for rules. The work is split by job:
 * - `trpc-model.ts`: the shapes (procedures, builder chains and roots) and builder-method names;
 * - `trpc-file.ts`: per-file state, shared by every rule, and the import scan that skips files;
 * - `trpc-chain.ts`: builder chains followed through aliases and imports to a tier, factory or `t.procedure`;
 * - `trpc-types.ts`: the same by type (`ProcedureBuilder` from @trpc/server) when there is a program;
 * - `trpc-paths.ts`: where a procedure sits (`router.key`), for policies and messages.
 */
export { typeServices } from './type-services.js';
export {
  MIDDLEWARE_METHODS,
  type BuilderChain,
  type BuilderLink,
  type BuilderMethod,
  type BuilderRoot,
  type Procedure,
  type ProcedureKind,
  type ProcedurePath,
} from './trpc-model.js';
export { importOf, trpcFile, type FileState } from './trpc-file.js';
export { builderFactoryChain, getProcedure, isTrpcInstanceExpression, resolveBuilder } from './trpc-chain.js';
export { procedurePath } from './trpc-paths.js';
