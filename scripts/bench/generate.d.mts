// Types of generate.mjs for TypeScript callers (tests/bench-smoke.test.ts).
export interface GenerateOptions {
  /** Number of domain routers (and services and tables). */
  routers: number;
  /** Output folder; replaced. */
  outDir: string;
}

export interface GenerateStats {
  routers: number;
  outDir: string;
  /** .ts files written. */
  files: number;
  /** Lines of the .ts files. */
  lines: number;
  routerLinesMin: number;
  routerLinesMax: number;
}

export function generate(options: GenerateOptions): GenerateStats;
