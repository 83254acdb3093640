import { describe, expect, it } from 'vitest';
import { runCheck, type Expected, type ProjectCase } from '../_utils/project-tester.js';

const CONTEXT = `import { db } from '../db';
export interface Context { db: typeof db; userId: string | null }
export async function createContext(opts: { req: Request }): Promise<Context> {
  return { db, userId: opts.req.headers.get('x-user') };
}
`;
const TRPC = `import { initTRPC } from '@trpc/server';
import type { createContext } from './context';
const t = initTRPC.context<Awaited<ReturnType<typeof createContext>>>().create();
export const router = t.router;
`;
const HONO_ENTRY = `import { Hono } from 'hono';
import { trpcServer } from '@hono/trpc-server';
import { appRouter } from '../routers';
import { createContext } from './context';

export const app = new Hono();
app.use('/trpc/*', trpcServer({ router: appRouter, createContext }));
`;
const DB = `import { drizzle } from 'drizzle-orm/neon-http';
import { neon } from '@neondatabase/serverless';
export const db = drizzle(neon(process.env.DATABASE_URL!));
`;
const base = {
  'server/_core/context.ts': CONTEXT,
  'server/_core/trpc.ts': TRPC,
  'server/_core/index.ts': HONO_ENTRY,
  'server/db.ts': DB,
  'server/routers.ts': "import { router } from './_core/trpc';\nexport const appRouter = router({});\n",
};

const valid: { name: string; project: ProjectCase }[] = [
  { name: 'the factory passed to @hono/trpc-server, the client built at the db module’s top level', project: { files: base } },
  {
    name: 'fetchRequestHandler with a wrapper that calls the factory (the reference backend’s wiring)',
    project: {
      files: {
        ...base,
        'server/_core/index.ts': `import { Hono } from 'hono';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { appRouter } from '../routers';
import { createContext } from './context';
export const app = new Hono();
app.all('/trpc/*', (c) =>
  fetchRequestHandler({ endpoint: '/trpc', req: c.req.raw, router: appRouter, createContext: ({ req }) => createContext({ req }) }),
);
`,
      },
    },
  },
  {
    name: 'the factory re-exported and used as a type elsewhere',
    project: {
      files: {
        ...base,
        'server/_core/public.ts': "export { createContext } from './context';\nexport type Ctx = Awaited<ReturnType<typeof import('./context').createContext>>;\n",
        'server/services/leads.ts': "import type { createContext } from '../_core/context';\nexport type LeadsCtx = Awaited<ReturnType<typeof createContext>>;\n",
      },
    },
  },
  {
    name: 'a local function of another module named createContext is not the factory',
    project: {
      files: {
        ...base,
        'server/services/canvas.ts': 'function createContext(width: number) { return { width }; }\nexport const draw = () => createContext(10);\n',
      },
    },
  },
  {
    name: 'tests build contexts to call procedures',
    project: {
      files: {
        ...base,
        'server/routers/leads.test.ts': "import { createContext } from '../_core/context';\nexport const ctx = () => createContext({ req: new Request('http://x') });\n",
      },
    },
  },
  {
    name: 'the client built in a function the db module calls once at load (the reference backend’s driver switch)',
    project: {
      files: {
        ...base,
        'server/db.ts': `import { drizzle as drizzleNeon } from 'drizzle-orm/neon-serverless';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
function createDriver() {
  if (process.env.DATABASE_URL) return drizzleNeon(process.env.DATABASE_URL);
  return drizzlePglite();
}
const driver = createDriver();
export const db = driver;
`,
      },
    },
  },
  {
    name: 'a lazily built singleton (assigned to a module-scope variable)',
    project: {
      files: {
        ...base,
        'server/db.ts': `import * as neonHttp from 'drizzle-orm/neon-http';
let cached: ReturnType<typeof neonHttp.drizzle> | undefined;
export function getDb() {
  cached ??= neonHttp.drizzle(process.env.DATABASE_URL!);
  return cached;
}
`,
      },
    },
  },
  {
    name: 'Drizzle’s query helpers and the migrator outside the db module build no client',
    project: {
      files: {
        ...base,
        'server/services/leads.ts': "import { eq } from 'drizzle-orm';\nimport { pgTable, text } from 'drizzle-orm/pg-core';\nexport const t = pgTable('x', { id: text('id') });\nexport const byId = (id: string) => eq(t.id, id);\n",
        'server/jobs/migrate.ts': "import { migrate } from 'drizzle-orm/neon-http/migrator';\nimport { db } from '../db';\nexport const run = () => migrate(db, { migrationsFolder: 'drizzle' });\n",
      },
    },
  },
  {
    name: 'a function called drizzle that is not Drizzle’s',
    project: {
      files: { ...base, 'server/services/weather.ts': "const drizzle = (mm: number) => mm < 1;\nexport const light = () => drizzle(0.5);\n" },
    },
  },
];

const invalid: { name: string; project: ProjectCase; errors: Expected[] }[] = [
  {
    name: 'a router builds a context with the factory to call another procedure',
    project: {
      files: {
        ...base,
        'server/routers/reports.ts': `import { createContext } from '../_core/context';
export async function asUser(req: Request) {
  const ctx = await createContext({ req });
  return ctx.userId;
}
`,
      },
    },
    errors: [{ messageId: 'contextOutsideAdapter', file: 'server/routers/reports.ts', at: 'createContext({ req })' }],
  },
  {
    name: 'a webhook passes the factory along under another name',
    project: {
      files: {
        ...base,
        'server/webhooks/clerk.ts': `import { createContext as makeCtx } from '../_core/context';
export const handlers = { build: makeCtx };
`,
      },
    },
    errors: [{ messageId: 'contextOutsideAdapter', file: 'server/webhooks/clerk.ts', at: 'makeCtx };' }],
  },
  {
    name: 'the entry calls the factory outside the adapter call too',
    project: {
      files: {
        ...base,
        'server/_core/index.ts': `${HONO_ENTRY}app.get('/whoami', async (c) => c.json(await createContext({ req: c.req.raw })));
`,
      },
    },
    errors: [{ messageId: 'contextOutsideAdapter', file: 'server/_core/index.ts', at: 'createContext({ req: c.req.raw })' }],
  },
  {
    name: 'a service builds its own Drizzle client',
    project: {
      files: {
        ...base,
        'server/services/reports.ts': "import { drizzle } from 'drizzle-orm/neon-http';\nconst reportsDb = drizzle(process.env.REPORTS_URL!);\nexport const count = () => reportsDb;\n",
      },
    },
    errors: [{ messageId: 'clientOutsideDb', file: 'server/services/reports.ts', at: 'drizzle(process' }],
  },
  {
    name: 'the db module exports a factory that builds a client per call',
    project: {
      files: {
        ...base,
        'server/db.ts': `${DB}export const dbFor = (url: string) => drizzle(url);
`,
      },
    },
    errors: [{ messageId: 'clientPerCall', file: 'server/db.ts', at: 'drizzle(url)' }],
  },
  {
    name: 'the context factory builds a client per request',
    project: {
      files: {
        ...base,
        'server/_core/context.ts': `import { drizzle } from 'drizzle-orm/postgres-js';
export async function createContext(opts: { req: Request }) {
  return { db: drizzle(process.env.DATABASE_URL!), req: opts.req };
}
`,
      },
    },
    errors: [{ messageId: 'clientOutsideDb', file: 'server/_core/context.ts', at: 'drizzle(process' }],
  },
];

describe('context-once', () => {
  it.each(valid)('valid: $name', async ({ project }) => {
    const { actual } = await runCheck('context-once', project);
    expect(actual).toEqual([]);
  });
  it.each(invalid)('invalid: $name', async ({ project, errors }) => {
    const { actual, expected } = await runCheck('context-once', project, errors);
    expect(actual).toEqual(expected);
  });
  it('names the function that builds a client per call', async () => {
    const { messages } = await runCheck('context-once', invalid[4]!.project);
    expect(messages).toEqual(['drizzle() runs inside dbFor(), a new client per call; build it once at the db module’s top level']);
  });
});
