import path from 'node:path';
import type { JSONSchema4 } from '@typescript-eslint/utils/json-schema';
import picomatch from 'picomatch';
import { resolveRelativeModule } from './modules.js';
import type { ModuleView } from './module-view.js';

/**
 * A project convention named in a rule's options: a function called `name`, imported from
 * `from` — a package name (`@acme/jobs`) or a glob of project files relative to the root
 * (`server/jobs/**`). Without `from`, an import of that name from anywhere, or a function of that
 * name declared in the same module, counts.
 */
export interface ConfiguredFunction {
  name: string;
  from?: string;
}

/** JSON schema of a list of configured functions, for rule options. */
export function configuredFunctionsSchema(description: string): JSONSchema4 {
  return {
    type: 'array',
    description,
    items: {
      type: 'object',
      additionalProperties: false,
      required: ['name'],
      properties: {
        name: { type: 'string', minLength: 1, description: 'The function name as exported by its module.' },
        from: {
          type: 'string',
          minLength: 1,
          description: 'A package name, or a glob of project files (relative to the root) the function is imported from. Omit to accept any module.',
        },
      },
    },
  };
}

const globs = new Map<string, (file: string) => boolean>();

function fromMatches(from: string, source: string, importingFile: string, root: string): boolean {
  if (from === source) return true;
  const target = resolveRelativeModule(importingFile, source);
  if (target === undefined) return false;
  const relative = path.relative(root, target).split(path.sep).join('/');
  let isMatch = globs.get(from);
  if (!isMatch) {
    isMatch = picomatch(from, { dot: true });
    globs.set(from, isMatch);
  }
  // `server/jobs/runner` names the module without its extension, as an import would.
  return isMatch(relative) || isMatch(relative.replace(/\.[cm]?[jt]sx?$/, ''));
}

/**
 * Which configured function the local `name` in `view` is: an import whose export name and
 * module match an entry, or (for entries without `from`) a function declared in the module.
 */
export function configuredFunctionOf(
  view: ModuleView,
  name: string,
  configured: readonly ConfiguredFunction[],
  root: string,
): ConfiguredFunction | undefined {
  if (configured.length === 0) return undefined;
  const imported = view.imports.get(name);
  if (imported) {
    return configured.find(
      (entry) => entry.name === imported.imported && (entry.from === undefined || fromMatches(entry.from, imported.source, view.file, root)),
    );
  }
  if (!view.functions.has(name)) return undefined;
  return configured.find((entry) => entry.from === undefined && entry.name === name);
}

/** `ns.name` on a namespace import: the configured function it stands for. */
export function configuredMemberOf(
  view: ModuleView,
  namespace: string,
  member: string,
  configured: readonly ConfiguredFunction[],
  root: string,
): ConfiguredFunction | undefined {
  const imported = view.imports.get(namespace);
  if (imported?.imported !== '*') return undefined;
  return configured.find(
    (entry) => entry.name === member && (entry.from === undefined || fromMatches(entry.from, imported.source, view.file, root)),
  );
}
