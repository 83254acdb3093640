import { z } from 'zod';
import {
  DEFAULT_EXTERNAL_CLIENTS,
  DEFAULT_FILES,
  DEFAULT_IGNORES,
  DEFAULT_LOGGERS,
  DEFAULT_ROLES,
  DEFAULT_SQL_DRIVERS,
  DEFAULT_TIERS,
  ROLE_NAMES,
  type RoleName,
} from './defaults.js';
import { CHECK_IDS, closestId, RULE_PREFIX } from './checks.js';

const identifier = z
  .string()
  .regex(/^[A-Za-z_$][\w$]*$/, 'a JavaScript identifier such as "protectedProcedure"');

/** A function that makes procedure builders (`permissionProcedure("invoices:read")`), and their tier. */
const tierFactory = z.strictObject({
  factory: identifier.describe('the function that returns a procedure builder'),
  tier: identifier.describe('the configured tier of the builders it returns'),
});

const tierList = z
  .array(z.union([identifier, tierFactory]))
  .superRefine((entries, ctx) => {
    const tiers = new Set<string>();
    const factories = new Set<string>();
    entries.forEach((entry, index) => {
      if (typeof entry !== 'string') return;
      if (tiers.has(entry)) ctx.addIssue({ code: 'custom', path: [index], message: `"${entry}" is listed twice; each tier once` });
      tiers.add(entry);
    });
    if (tiers.size === 0) ctx.addIssue({ code: 'custom', message: 'at least one tier builder' });
    entries.forEach((entry, index) => {
      if (typeof entry === 'string') return;
      if (!tiers.has(entry.tier)) {
        ctx.addIssue({
          code: 'custom',
          path: [index, 'tier'],
          message: `"${entry.tier}" is not a configured tier; expected one of ${[...tiers].map((t) => `"${t}"`).join(', ')}`,
        });
      }
      if (tiers.has(entry.factory)) {
        ctx.addIssue({ code: 'custom', path: [index, 'factory'], message: `"${entry.factory}" is a tier; a factory is the function that makes builders` });
      } else if (factories.has(entry.factory)) {
        ctx.addIssue({ code: 'custom', path: [index, 'factory'], message: `"${entry.factory}" is listed twice; each factory once` });
      }
      factories.add(entry.factory);
    });
  });

const glob = z.string().min(1, 'a non-empty glob');
const globList = (fallback: readonly string[]) => z.array(glob).default(() => [...fallback]);
const specifier = z.string().min(1, 'a non-empty module specifier');

/**
 * A list that extends its defaults: an array adds to them; `{ "replace": [...] }` stands instead
 * of them (the explicit form, so dropping the defaults is never an accident).
 */
const extendingList = <T extends z.ZodType>(item: T, fallback: () => z.output<T>[], what: string) =>
  z
    .union([z.array(item), z.strictObject({ replace: z.array(item).describe(`the whole list of ${what}, instead of the defaults`) })])
    .optional()
    .transform((value): z.output<T>[] => {
      if (value === undefined) return fallback();
      return Array.isArray(value) ? [...fallback(), ...value] : [...value.replace];
    })
    .describe(`${what}: an array adds to the defaults; { "replace": [...] } replaces them`);

const severity = z.enum(['off', 'warn', 'error'], { error: 'expected "off", "warn" or "error"' });
/** ESLint's form: a severity, or `[severity, ...options]` (options validated by the check's own schema). */
const ruleEntry = z.union([severity, z.tuple([severity], z.unknown())], {
  error: 'expected "off", "warn", "error" or ["off" | "warn" | "error", options]',
});
export type RuleSeverity = z.infer<typeof severity>;
export type RuleEntry = z.infer<typeof ruleEntry>;

const externalClient = z.union([
  specifier,
  z.strictObject({
    module: specifier,
    imports: z.array(identifier).min(1, 'at least one imported name'),
  }),
]);

// A role left out is inferred (its default globs plus content signals); a role given globs is
// exactly those globs.
const roleShape = Object.fromEntries(
  ROLE_NAMES.map((role) => [role, z.array(glob).optional().describe(`globs of the ${role} role; replaces its defaults and content signals`)]),
) as Record<RoleName, z.ZodOptional<z.ZodArray<typeof glob>>>;

/**
 * The shape of `backend-guard.config.{ts,js,mjs,json}`. Strict objects everywhere: an unknown key
 * is a typo, and a typo must never fall back to defaults silently.
 */
export const configSchema = z
  .strictObject({
    $schema: z.string().optional().describe('the JSON Schema of this file, for editors'),
    /** Tier builders, lowest trust first. */
    tiers: tierList
      .default(() => [...DEFAULT_TIERS])
      .describe('tRPC tier builders exported by the tRPC core, lowest trust first, and builder factories ({ "factory", "tier" })'),
    /**
     * The parsed form of the factory entries of `tiers` (factory → tier): what every engine reads.
     * Accepted as input so that a parsed config parses again to the same value; write factories in `tiers`.
     */
    tierFactories: z.record(identifier, identifier).optional(),
    tierPolicy: z
      .strictObject({
        /** Minimum tier of every mutation (default: the second tier, e.g. protectedProcedure). */
        mutation: identifier.optional(),
        /** Minimum tier of every subscription (default: as mutations). */
        subscription: identifier.optional(),
        /** Minimum tier of every query (default: none, the lowest tier). */
        query: identifier.optional(),
        /**
         * Router name (file name under the routers role, `*` globs) → minimum tier. Default:
         * `admin*` the highest tier; lgpd, financial, users the second.
         */
        routers: z.record(z.string().min(1), identifier).optional(),
        /** `router.procedure` path (`*` globs) → minimum tier; replaces the router's minimum. */
        procedures: z.record(z.string().min(1), identifier).default(() => ({})),
        /** `router.procedure` paths (`*` globs) that may stay public whatever else says. */
        publicAllowList: z.array(z.string().min(1)).default(() => []),
      })
      .prefault({})
      .describe('the minimum tier of procedures by kind, router and path'),
    roles: z.strictObject(roleShape).prefault({}).describe('globs per role; a role left out is inferred from its default globs and file contents'),
    sqlDrivers: extendingList(specifier, () => [...DEFAULT_SQL_DRIVERS], 'modules that open SQL connections outside Drizzle'),
    externalClients: extendingList(externalClient, () => structuredClone([...DEFAULT_EXTERNAL_CLIENTS]), 'external-API SDKs and HTTP clients'),
    loggers: extendingList(specifier, () => [...DEFAULT_LOGGERS], 'logging libraries and wrapper packages: their imports are loggers or logger factories'),
    files: globList(DEFAULT_FILES).describe('source files the CLI considers (server code among them is analysed)'),
    ignores: extendingList(glob, () => [...DEFAULT_IGNORES], 'globs the guard never analyses'),
    inlineDisables: z
      .enum(['allow', 'require-reason', 'never'], { error: 'expected "allow", "require-reason" or "never"' })
      .default('allow')
      .describe('what the CLI accepts of eslint-disable comments for backend-guard rules: all (listed in the report), only those with a `-- reason`, or none'),
    /** Check id → severity, or [severity, options], as in ESLint: one place for the editor and the CLI. */
    rules: z.record(z.string(), ruleEntry).default(() => ({})).describe('check id → "off" | "warn" | "error", or [severity, options]'),
  })
  .transform((config) => {
    // Defaults are relative to the configured tiers, so renaming the tiers keeps a sane policy:
    // the seed's "protected" is the second tier and its "admin" the highest.
    // Factories leave the tier list: every engine reads `tiers` as the builders, lowest first.
    const tiers = config.tiers.filter((entry): entry is string => typeof entry === 'string');
    const tierFactories: Record<string, string> = {
      ...config.tierFactories,
      ...Object.fromEntries(config.tiers.flatMap((entry) => (typeof entry === 'string' ? [] : [[entry.factory, entry.tier] as const]))),
    };
    const second = tiers[1] ?? tiers[0]!;
    const highest = tiers.at(-1)!;
    const policy = config.tierPolicy;
    const mutation = policy.mutation ?? second;
    const configuredRoles = ROLE_NAMES.filter((role) => config.roles[role] !== undefined);
    const roles = Object.fromEntries(ROLE_NAMES.map((role) => [role, config.roles[role] ?? [...DEFAULT_ROLES[role]]])) as Record<RoleName, string[]>;
    return {
      ...config,
      tiers,
      /** Builder factory name → the tier of the builders it returns. */
      tierFactories,
      roles,
      /** Roles whose globs the config gives: no content signals for them. */
      configuredRoles,
      tierPolicy: {
        ...policy,
        mutation,
        subscription: policy.subscription ?? mutation,
        routers: policy.routers ?? { 'admin*': highest, lgpd: second, financial: second, users: second },
      },
    };
  })
  .superRefine((config, ctx) => {
    // Duplicates and factory entries are checked on the list itself, where the indexes are the user's.
    const seen = new Set<string>(config.tiers);
    const checkTier = (value: string | undefined, path: (string | number)[]) => {
      if (value !== undefined && !seen.has(value)) {
        ctx.addIssue({
          code: 'custom',
          path,
          message: `"${value}" is not a configured tier; expected one of ${config.tiers.map((t) => `"${t}"`).join(', ')}`,
        });
      }
    };
    const policy = config.tierPolicy;
    checkTier(policy.mutation, ['tierPolicy', 'mutation']);
    checkTier(policy.subscription, ['tierPolicy', 'subscription']);
    checkTier(policy.query, ['tierPolicy', 'query']);
    for (const [name, tier] of Object.entries(policy.routers)) checkTier(tier, ['tierPolicy', 'routers', name]);
    for (const [name, tier] of Object.entries(policy.procedures)) checkTier(tier, ['tierPolicy', 'procedures', name]);
    for (const [name, tier] of Object.entries(config.tierFactories)) {
      checkTier(tier, ['tierFactories', name]);
      if (seen.has(name)) ctx.addIssue({ code: 'custom', path: ['tierFactories', name], message: `"${name}" is a tier; a factory is the function that makes builders` });
    }
    for (const id of Object.keys(config.rules)) {
      const bare = id.startsWith(RULE_PREFIX) ? id.slice(RULE_PREFIX.length) : id;
      if (CHECK_IDS.has(bare)) continue;
      const closest = closestId(bare);
      ctx.addIssue({
        code: 'custom',
        path: ['rules', id],
        message: `"${id}" is not a backend-guard check${closest ? `; did you mean "${closest}"?` : ''} (\`backend-guard rules\` lists them)`,
      });
    }
  });

/** What a user writes (every key optional). */
export type BackendGuardConfigInput = z.input<typeof configSchema>;
/** What every engine reads (defaults filled in). */
export type BackendGuardConfig = z.output<typeof configSchema>;

/** Typed helper for `backend-guard.config.ts`. */
export function defineConfig(config: BackendGuardConfigInput): BackendGuardConfigInput {
  return config;
}
