import { parse } from '@typescript-eslint/parser';
import type { TSESTree } from '@typescript-eslint/utils';
import { pick, randomInt, type Random } from './fuzz-random.js';

/** Parses as the guard does (TypeScript, module); throws on a syntax error. */
export function parseTs(code: string, filePath = 'file.ts'): TSESTree.Program {
  return parse(code, { sourceType: 'module', ecmaVersion: 'latest', range: true, loc: true, tokens: true, comment: true, filePath });
}

/** True when the code parses as the guard parses it. */
export function parses(code: string, filePath?: string): boolean {
  try {
    parseTs(code, filePath);
    return true;
  } catch {
    return false;
  }
}

export interface Mutant {
  /** What was done, for the failure message. */
  mutation: string;
  code: string;
}

type Token = TSESTree.Token;

const replaceRange = (code: string, [start, end]: readonly [number, number], text: string): string =>
  code.slice(0, start) + text + code.slice(end);

/** The index of the token that closes the bracket opened at tokens[open], or -1. */
function matchingClose(tokens: readonly Token[], open: number): number {
  const opener = tokens[open]?.value;
  const closer = opener === '(' ? ')' : opener === '[' ? ']' : opener === '{' ? '}' : undefined;
  if (closer === undefined) return -1;
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const value = tokens[i]!.value;
    if (value === opener) depth++;
    else if (value === closer && --depth === 0) return i;
  }
  return -1;
}

type Mutation = (code: string, tokens: readonly Token[], random: Random) => Mutant | undefined;

const identifiers = (tokens: readonly Token[]) => tokens.filter((t) => t.type === 'Identifier');

const MUTATIONS: Record<string, Mutation> = {
  deleteTokenRange(code, tokens, random) {
    if (tokens.length === 0) return undefined;
    const start = randomInt(random, 0, tokens.length - 1);
    const end = Math.min(tokens.length - 1, start + randomInt(random, 0, 4));
    const range: [number, number] = [tokens[start]!.range[0], tokens[end]!.range[1]];
    return { mutation: `delete tokens ${start}..${end} (offset ${range[0]}..${range[1]})`, code: replaceRange(code, range, '') };
  },
  duplicateLine(code, _tokens, random) {
    const lines = code.split('\n');
    const index = randomInt(random, 0, lines.length - 1);
    lines.splice(index, 0, lines[index] ?? '');
    return { mutation: `duplicate line ${index + 1}`, code: lines.join('\n') };
  },
  swapIdentifiers(code, tokens, random) {
    const ids = identifiers(tokens);
    if (ids.length < 2) return undefined;
    const a = pick(random, ids);
    const b = pick(random, ids);
    if (a.value === b.value) return undefined;
    const [first, second] = a.range[0] < b.range[0] ? [a, b] : [b, a];
    const swapped = replaceRange(replaceRange(code, second.range, first.value), first.range, second.value);
    return { mutation: `swap ${first.value}@${first.range[0]} and ${second.value}@${second.range[0]}`, code: swapped };
  },
  identifierToTProcedure(code, tokens, random) {
    const ids = identifiers(tokens);
    if (ids.length === 0) return undefined;
    const id = pick(random, ids);
    return { mutation: `replace ${id.value}@${id.range[0]} with t.procedure`, code: replaceRange(code, id.range, 't.procedure') };
  },
  stripInput(code, tokens, random) {
    const calls: [number, number][] = [];
    for (let i = 0; i + 2 < tokens.length; i++) {
      if (tokens[i]!.value === '.' && tokens[i + 1]!.value === 'input' && tokens[i + 2]!.value === '(') {
        const close = matchingClose(tokens, i + 2);
        if (close !== -1) calls.push([tokens[i]!.range[0], tokens[close]!.range[1]]);
      }
    }
    if (calls.length === 0) return undefined;
    const range = pick(random, calls);
    return { mutation: `strip .input(...) at offset ${range[0]}`, code: replaceRange(code, range, '') };
  },
  optionalChain(code, tokens, random) {
    const dots = tokens.filter((t) => t.value === '.');
    if (dots.length === 0) return undefined;
    const dot = pick(random, dots);
    return { mutation: `. to ?. at offset ${dot.range[0]}`, code: replaceRange(code, dot.range, '?.') };
  },
  nonNull(code, tokens, random) {
    const ids = identifiers(tokens);
    if (ids.length === 0) return undefined;
    const id = pick(random, ids);
    return { mutation: `insert ! after ${id.value}@${id.range[0]}`, code: replaceRange(code, [id.range[1], id.range[1]], '!') };
  },
};

export const MUTATION_NAMES = Object.keys(MUTATIONS);

/**
 * One random mutant of `code`: one to three token-level mutations in a row. May return code that
 * does not parse; callers skip those (the guard reports them as parse errors, not a rule's job).
 */
export function mutate(code: string, random: Random, filePath?: string): Mutant | undefined {
  let current = code;
  const done: string[] = [];
  const steps = randomInt(random, 1, 3);
  for (let step = 0; step < steps; step++) {
    let tokens: Token[];
    try {
      tokens = parseTs(current, filePath).tokens ?? [];
    } catch {
      break; // an earlier step broke the syntax; stop here
    }
    const name = pick(random, MUTATION_NAMES);
    const mutant = MUTATIONS[name]!(current, tokens, random);
    if (!mutant) continue;
    current = mutant.code;
    done.push(`${name}: ${mutant.mutation}`);
  }
  return done.length === 0 || current === code ? undefined : { mutation: done.join('; '), code: current };
}
