import { z } from 'zod';
import {
  DEFAULT_EXTERNAL_CLIENTS,
  DEFAULT_FILES,
  DEFAULT_IGNORES,
  DEFAULT_ROLES,
  DEFAULT_SQL_DRIVERS,
  DEFAULT_TIERS,
  ROLE_NAMES,
  type RoleName,
} from './defaults.js';

const identifier = z
  .string()
  .regex(/^[A-Za-z_$][\w$]*$/, 'a JavaScript identifier such as "protectedProcedure"');

const globList = (fallback: readonly string[]) =>
  z.array(z.string().min(1, 'a non-empty glob')).default(() => [...fallback]);

const moduleList = z.array(z.string().min(1, 'a non-empty module specifier'));

const externalClient = z.union([
  z.string().min(1, 'a non-empty module specifier'),
  z.strictObject({
    module: z.string().min(1, 'a non-empty module specifier'),
    imports: z.array(identifier).min(1, 'at least one imported name'),
  }),
]);

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

const roleShape = Object.fromEntries(
  ROLE_NAMES.map((role) => [role, globList(DEFAULT_ROLES[role]).describe(`globs of the ${role} role`)]),
) as Record<RoleName, ReturnType<typeof globList>>;

/**
 * The shape of `backend-guard.config.{ts,js,mjs,json}`. Strict objects everywhere: an unknown key
 * is a typo, and a typo must never fall back to defaults silently.
 */
export const configSchema = z
  .strictObject({
    $schema: z.string().optional(),
    /**
     * Tier builders, lowest trust first, and builder factories with the tier of what they return
     * (`{ "factory": "permissionProcedure", "tier": "protectedProcedure" }`).
     */
    tiers: tierList.default(() => [...DEFAULT_TIERS]),
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
      .prefault({}),
    roles: z.strictObject(roleShape).prefault({}),
    sqlDrivers: moduleList.default(() => [...DEFAULT_SQL_DRIVERS]),
    externalClients: z.array(externalClient).default(() => structuredClone([...DEFAULT_EXTERNAL_CLIENTS])),
    files: globList(DEFAULT_FILES),
    ignores: globList(DEFAULT_IGNORES),
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
    return {
      ...config,
      tiers,
      /** Builder factory name → the tier of the builders it returns. */
      tierFactories,
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
  });

/** What a user writes (every key optional). */
export type BackendGuardConfigInput = z.input<typeof configSchema>;
/** What every engine reads (defaults filled in). */
export type BackendGuardConfig = z.output<typeof configSchema>;

/** Typed helper for `backend-guard.config.ts`. */
export function defineConfig(config: BackendGuardConfigInput): BackendGuardConfigInput {
  return config;
}
