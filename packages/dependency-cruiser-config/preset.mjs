// The preset a project `extends` from its own .dependency-cruiser.{cjs,js,mjs,json}:
//
//   module.exports = { extends: '@backend-guard/dependency-cruiser-config/preset', forbidden: [] };
//
// Its rules come from the backend-guard.config.* of the folder depcruise runs in (the backend's
// root; the document's default layout when there is none). The properties are getters: when
// backend-guard's CLI reads the project's config in-process it names the checked folder through
// PRESET_CONTEXT, and the same (cached) module answers for that folder.
import { loadConfig } from '@backend-guard/config';
import { createOptions, createRules, layoutOf, PRESET_CONTEXT, rolePaths } from './dist/index.js';

let fromCwd;
let fromCwdError;
if (globalThis[PRESET_CONTEXT] === undefined) {
  try {
    fromCwd = { config: (await loadConfig(process.cwd())).config, root: process.cwd() };
  } catch (error) {
    fromCwdError = error;
  }
}

function context() {
  const given = globalThis[PRESET_CONTEXT];
  if (given !== undefined) return given;
  if (fromCwdError !== undefined) throw fromCwdError;
  return fromCwd;
}

export default {
  get forbidden() {
    const { config, root, files } = context();
    return createRules(rolePaths(config, root, files), layoutOf(config));
  },
  get options() {
    return createOptions(context());
  },
};
