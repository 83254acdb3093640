// context-once: the context factory used outside the tRPC adapter wiring; a Drizzle client built
// anywhere but module scope of the db module.
import type { Mutation } from '../_utils/mutation-harness.js';

export const mutations: Mutation[] = [
  {
    name: 'a router builds a second context to act as the signed-in user',
    file: 'server/routers/users.ts',
    find: "import * as usersService from '../services/users';",
    replace: `import * as usersService from '../services/users';
import { createContext } from '../_core/context';

export const contextFor = (req: Request, logger: Parameters<typeof createContext>[0]['logger']) =>
  createContext({ req, resHeaders: new Headers(), requestId: 'internal', logger });`,
    expect: [{ ruleId: 'context-once', at: 'createContext({ req, resHeaders' }],
  },
  {
    name: 'the webhook routes build a tRPC context for the Clerk payload',
    file: 'server/webhooks/index.ts',
    find: "import { recordWebhookEvent } from './store';",
    replace: `import { recordWebhookEvent } from './store';
import { createContext as buildContext } from '../_core/context';

export const webhookContext = buildContext;`,
    expect: [{ ruleId: 'context-once', at: 'buildContext;' }],
  },
  {
    name: 'a service opens its own Drizzle client for reports',
    file: 'server/services/metrics.ts',
    find: "import { ownedBy, type MentoradoCtx } from '../lib/ownership';",
    replace: `import { ownedBy, type MentoradoCtx } from '../lib/ownership';
import { drizzle } from 'drizzle-orm/neon-http';
import { env } from '../_core/env';

const reportsDb = drizzle(env.DATABASE_URL ?? '');
export const reportsClient = () => reportsDb;`,
    expect: [{ ruleId: 'context-once', at: 'drizzle(env.DATABASE_URL' }],
  },
  {
    name: 'the db module exports a factory that builds a client per call',
    file: 'server/db.ts',
    find: 'const driver = createDriver();',
    replace: `const driver = createDriver();

/** A client for another database (per tenant). */
export const drizzleFor = (client: PGlite) => drizzlePglite({ client, schema, logger: false });`,
    expect: [{ ruleId: 'context-once', at: 'drizzlePglite({ client, schema, logger: false })' }],
  },
  {
    name: 'the scheduler builds a Drizzle client on every run',
    file: 'server/jobs/runner.ts',
    find: "import type { Db } from '../db';",
    replace: `import type { Db } from '../db';
import { drizzle } from 'drizzle-orm/pglite';

export const freshJobDb = () => drizzle();`,
    expect: [{ ruleId: 'context-once', at: 'drizzle();' }],
  },
];
