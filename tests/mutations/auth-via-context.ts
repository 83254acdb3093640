// auth-via-context: Clerk auth calls and Authorization-header reads outside the core.
import type { Mutation } from '../_utils/mutation-harness.js';

export const mutations: Mutation[] = [
  {
    name: 'a service verifies the session token from the request itself',
    file: 'server/services/users.ts',
    find: "import { sessionCache } from './session-cache';",
    replace: `import { sessionCache } from './session-cache';
import { verifyToken } from '@clerk/backend';
import { env } from '../_core/env';

/** The Clerk user behind a raw request (for the export download link). */
export async function clerkIdOf(req: Request): Promise<string | null> {
  const header = req.headers.get('authorization');
  if (header === null || env.CLERK_JWT_KEY === undefined) return null;
  const payload = await verifyToken(header.replace('Bearer ', ''), { jwtKey: env.CLERK_JWT_KEY });
  return payload.sub;
}`,
    expect: [
      { ruleId: 'auth-via-context', at: "req.headers.get('authorization')" },
      { ruleId: 'auth-via-context', at: "verifyToken(header.replace('Bearer ', '')" },
    ],
  },
  {
    name: 'a webhook route checks an admin bearer token by hand',
    file: 'server/webhooks/index.ts',
    find: `  return routes;
}`,
    replace: `  routes.post('/replay', async (c) => {
    if (c.req.header('Authorization') !== \`Bearer \${config.asaasWebhookToken}\`) {
      return c.json({ error: 'unauthorized' }, 401);
    }
    return c.json({ replayed: true }, 202);
  });

  return routes;
}`,
    expect: [{ ruleId: 'auth-via-context', at: "c.req.header('Authorization')" }],
  },
  {
    name: 'a webhook route authenticates with a Clerk client (the factory import is no-raw-external-client\'s)',
    file: 'server/webhooks/index.ts',
    find: "import { verifyAsaasToken, verifyClerkRequest } from './verify';",
    replace: `import { verifyAsaasToken, verifyClerkRequest } from './verify';
import { createClerkClient } from '@clerk/backend';

const clerk = createClerkClient({ secretKey: env.CLERK_SECRET_KEY });

/** Only signed-in staff may trigger a manual replay. */
export async function isSignedIn(req: Request): Promise<boolean> {
  const state = await clerk.authenticateRequest(req);
  return state.isSignedIn;
}`,
    expect: [
      { ruleId: 'no-raw-external-client', at: 'createClerkClient }' },
      { ruleId: 'auth-via-context', at: 'clerk.authenticateRequest(req)' },
    ],
  },
  {
    name: 'a shared lib helper parses the bearer token',
    file: 'server/lib/ownership.ts',
    find: "export const isAdmin = (ctx: UserCtx): boolean => ctx.user.role === 'admin';",
    replace: `export const isAdmin = (ctx: UserCtx): boolean => ctx.user.role === 'admin';

/** The bearer token of a request, for services that call back into Clerk. */
export const bearerOf = (req: Request): string | undefined => req.headers.get('Authorization')?.replace(/^Bearer /, '');`,
    expect: [{ ruleId: 'auth-via-context', at: "req.headers.get('Authorization')" }],
  },
  {
    name: 'a router destructures the authorization header from a Node request',
    file: 'server/routers/lgpd.ts',
    find: "import * as lgpdService from '../services/lgpd';",
    replace: `import * as lgpdService from '../services/lgpd';
import type { IncomingMessage } from 'node:http';

/** Audit trail: which token requested an export (Node adapter requests). */
export function exportRequester(req: IncomingMessage): string | undefined {
  const { authorization } = req.headers;
  return authorization?.slice(-8);
}`,
    expect: [{ ruleId: 'auth-via-context', at: 'authorization } = req.headers' }],
  },
];
