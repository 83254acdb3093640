// fk-index: small edits of fixtures/backend, each with the one finding it must produce.
import type { Mutation } from '../_utils/mutation-harness.js';

export const mutations: Mutation[] = [];
