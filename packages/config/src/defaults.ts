/**
 * The seed document's layout and conventions, as data. Every engine reads these through the
 * validated config, so a project that follows the document needs no config file at all.
 */

export const DEFAULT_TIERS = [
  'publicProcedure',
  'protectedProcedure',
  'mentoradoProcedure',
  'adminProcedure',
] as const;

export const ROLE_NAMES = [
  'server',
  'core',
  'trpcCore',
  'honoEntry',
  'env',
  'logger',
  'scheduler',
  'appRouter',
  'routers',
  'services',
  'adapters',
  'webhooks',
  'lib',
  'db',
  'schema',
  'migrations',
  'tests',
] as const;

export type RoleName = (typeof ROLE_NAMES)[number];

/**
 * Globs relative to the analysed root, forward slashes (picomatch syntax). A role the config does
 * not name has these globs plus the content signals of signals.ts; a role it names has its globs only.
 */
export const DEFAULT_ROLES: Record<RoleName, readonly string[]> = {
  // Inferred when not configured: every source file that is not client code, a test or tooling.
  server: [],
  // The request core: tRPC init and context, Hono entry, env, logger, auth middleware.
  core: ['**/_core/**'],
  trpcCore: ['server/_core/trpc.ts', 'server/_core/context.ts'],
  honoEntry: ['server/_core/index.ts'],
  env: ['server/_core/env.ts'],
  logger: ['server/_core/logger.ts'],
  scheduler: ['server/_core/scheduler.ts', '**/jobs/**'],
  appRouter: ['server/routers.ts'],
  routers: ['server/routers/**'],
  // Content cannot tell a service or an adapter from other code: folder names do.
  services: ['**/services/**'],
  adapters: ['**/adapters/**', '**/integrations/**', '**/clients/**', '**/providers/**'],
  webhooks: ['**/webhooks/**', '**/webhook/**'],
  // Shared validators and utilities, free of I/O.
  lib: ['**/lib/**'],
  db: ['server/db.ts', 'server/db/**'],
  schema: ['drizzle/schema.ts', 'server/db/schema*.ts', '**/schema/**'],
  migrations: ['**/drizzle/*.sql', '**/migrations/*.sql'],
  // Test code drives the backend from outside (fetches it, seeds it with a driver): never analysed.
  // `test/` and `tests/` folders count only at the root or a package's root (roles.ts), so a folder
  // of that name inside server code is still checked.
  tests: ['**/*.test.*', '**/*.spec.*', '**/__tests__/**', '**/__mocks__/**', 'test/**', 'tests/**'],
};

/**
 * Modules that open a SQL connection or build queries outside Drizzle. A pattern matches the
 * specifier itself and its subpaths (`pg` matches `pg/lib/client`); `*` globs within a segment.
 */
export const DEFAULT_SQL_DRIVERS: readonly string[] = [
  'pg',
  'pg-pool',
  'postgres',
  '@neondatabase/serverless',
  'mysql',
  'mysql2',
  '@planetscale/database',
  '@vercel/postgres',
  '@libsql/client',
  'better-sqlite3',
  'sqlite3',
  'bun:sqlite',
  '@electric-sql/pglite',
  'knex',
  'kysely',
  '@prisma/client',
  'typeorm',
  'sequelize',
  'mssql',
  'oracledb',
  'slonik',
];

export interface ExternalClientImport {
  /** Module specifier pattern, as for `externalClients` strings. */
  module: string;
  /** Only these named imports are clients; the module's other exports are not. */
  imports: string[];
}

/**
 * External-API SDKs and HTTP clients: their only home is an adapter. The list covers the most used
 * API SDKs on npm of each kind (AI models, payments, messaging, cloud and SaaS APIs), checked
 * against the imports of real Hono/tRPC backends (docs/corpus.md). Strings name whole modules;
 * objects name the client factories of a module whose other exports are fine elsewhere (Clerk's
 * `verifyToken` belongs to the auth middleware, its `createClerkClient` to an adapter).
 */
export const DEFAULT_EXTERNAL_CLIENTS: ReadonlyArray<string | ExternalClientImport> = [
  'axios',
  'node-fetch',
  'cross-fetch',
  'isomorphic-fetch',
  'undici',
  'got',
  'ky',
  'superagent',
  'request',
  'needle',
  'ofetch',
  // AI model APIs. The AI SDK's providers are clients; its core is one only where it calls a model.
  'openai',
  '@anthropic-ai/sdk',
  '@ai-sdk/*',
  {
    module: 'ai',
    imports: ['generateText', 'streamText', 'generateObject', 'streamObject', 'embed', 'embedMany', 'generateImage', 'experimental_generateImage', 'experimental_transcribe', 'experimental_generateSpeech'],
  },
  '@google/genai',
  '@google/generative-ai',
  '@mistralai/mistralai',
  'groq-sdk',
  'cohere-ai',
  'replicate',
  '@huggingface/inference',
  '@fal-ai/client',
  '@elevenlabs/elevenlabs-js',
  '@deepgram/sdk',
  'assemblyai',
  '@pinecone-database/pinecone',
  // Payments and banking.
  'stripe',
  // Polar's `@polar-sh/sdk/webhooks` only verifies signatures (the webhooks' job); `Polar` calls the API.
  { module: '@polar-sh/sdk', imports: ['Polar'] },
  'plaid',
  '@paypal/*',
  'braintree',
  '@mollie/api-client',
  'square',
  'razorpay',
  'mercadopago',
  '@lemonsqueezy/lemonsqueezy.js',
  '@paddle/paddle-node-sdk',
  '@adyen/api-library',
  // E-mail, SMS, chat and push.
  'twilio',
  'resend',
  '@sendgrid/mail',
  'nodemailer',
  'postmark',
  'mailgun.js',
  '@mailchimp/*',
  '@vonage/server-sdk',
  '@slack/web-api',
  'discord.js',
  'telegraf',
  'node-telegram-bot-api',
  'grammy',
  'firebase-admin',
  'web-push',
  'expo-server-sdk',
  '@novu/api',
  '@novu/node',
  '@knocklabs/node',
  'pusher',
  'ably',
  // Cloud, storage and SaaS APIs.
  '@aws-sdk/*',
  'aws-sdk',
  '@google-cloud/*',
  'googleapis',
  '@azure/*',
  '@supabase/supabase-js',
  '@vercel/blob',
  'cloudinary',
  'octokit',
  '@octokit/*',
  '@linear/sdk',
  '@notionhq/client',
  '@hubspot/api-client',
  'jsforce',
  '@workos-inc/node',
  'auth0',
  'algoliasearch',
  'meilisearch',
  'typesense',
  'posthog-node',
  '@segment/analytics-node',
  '@googlemaps/google-maps-services-js',
  '@composio/*',
  '@upstash/qstash',
  'asaas',
  'asaas-sdk',
  'asaas-node-sdk',
  'whatsapp-web.js',
  'whatsapp',
  '@whiskeysockets/baileys',
  'baileys',
  'venom-bot',
  '@wppconnect-team/wppconnect',
  // svix's `Webhook` verifies signatures (the webhooks' job); its `Svix` class calls the API.
  { module: 'svix', imports: ['Svix'] },
  { module: '@clerk/backend', imports: ['createClerkClient', 'clerkClient'] },
  { module: '@clerk/clerk-sdk-node', imports: ['createClerkClient', 'clerkClient', 'Clerk'] },
  { module: '@clerk/express', imports: ['createClerkClient', 'clerkClient'] },
  { module: '@clerk/fastify', imports: ['createClerkClient', 'clerkClient'] },
  { module: '@clerk/nextjs/server', imports: ['createClerkClient', 'clerkClient'] },
  { module: '@hono/clerk-auth', imports: ['createClerkClient', 'clerkClient'] },
];

/**
 * Logging libraries: an import of one of these modules is a logger or a logger factory (`pino()`,
 * `winston.createLogger()`, `createConsola()`), so rules about log calls recognise loggers by import,
 * not by a variable's name. The project's own logger module is recognised by its role (`logger`).
 * A workspace package that wraps one (`@acme/logger`) belongs here too.
 */
export const DEFAULT_LOGGERS: readonly string[] = [
  'pino',
  'winston',
  'consola',
  'bunyan',
  'loglevel',
  'log4js',
  'tslog',
  'signale',
  'roarr',
  '@logtape/logtape',
];

/**
 * Files the CLI lints under the root, and what it never descends into. Build outputs (`dist`,
 * `build`, `coverage`, `out`) are skipped by the CLI only at a package's root, so a folder of that
 * name inside server code is still checked.
 */
export const DEFAULT_FILES: readonly string[] = ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'];
export const DEFAULT_IGNORES: readonly string[] = [
  '**/node_modules/**',
  '**/.git/**',
  '**/.next/**',
  '**/.output/**',
  '**/.turbo/**',
  '**/.wrangler/**',
  '**/*.d.ts',
];
