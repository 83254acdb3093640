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
    /** Tier builders, lowest trust first. */
    tiers: z
      .array(identifier)
      .min(1, 'at least one tier builder')
      .default(() => [...DEFAULT_TIERS]),
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
    /** Logging libraries (and wrapper packages): their imports are loggers or logger factories. */
    loggers: moduleList.default(() => [...DEFAULT_LOGGERS]),
    files: globList(DEFAULT_FILES),
    ignores: globList(DEFAULT_IGNORES),
  })
  .transform((config) => {
    // Defaults are relative to the configured tiers, so renaming the tiers keeps a sane policy:
    // the seed's "protected" is the second tier and its "admin" the highest.
    const second = config.tiers[1] ?? config.tiers[0]!;
    const highest = config.tiers.at(-1)!;
    const policy = config.tierPolicy;
    const mutation = policy.mutation ?? second;
    return {
      ...config,
      tierPolicy: {
        ...policy,
        mutation,
        subscription: policy.subscription ?? mutation,
        routers: policy.routers ?? { 'admin*': highest, lgpd: second, financial: second, users: second },
      },
    };
  })
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.tiers.forEach((tier, index) => {
      if (seen.has(tier)) {
        ctx.addIssue({ code: 'custom', path: ['tiers', index], message: `"${tier}" is listed twice; each tier once` });
      }
      seen.add(tier);
    });
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
  });

/** What a user writes (every key optional). */
export type BackendGuardConfigInput = z.input<typeof configSchema>;
/** What every engine reads (defaults filled in). */
export type BackendGuardConfig = z.output<typeof configSchema>;

/** Typed helper for `backend-guard.config.ts`. */
export function defineConfig(config: BackendGuardConfigInput): BackendGuardConfigInput {
  return config;
}
