import rule from '../../rules/auth-via-context.js';
import { file, RuleTester } from '../_utils/rule-tester.js';

const router = file('server/routers/users.ts');
const service = file('server/services/users.ts');
const webhook = file('server/webhooks/index.ts');

new RuleTester().run('auth-via-context', rule, {
  valid: [
    {
      name: 'the auth middleware verifies the token and reads the header',
      filename: file('server/_core/auth.ts'),
      code: "import { verifyToken } from '@clerk/backend';\nexport async function authenticate(req: Request, jwtKey: string) {\n  const header = req.headers.get('authorization');\n  return header ? verifyToken(header.slice(7), { jwtKey }) : null;\n}",
    },
    {
      name: 'the context module resolves auth',
      filename: file('server/_core/context.ts'),
      code: "import { getAuth } from '@hono/clerk-auth';\nexport const createContext = (c: unknown) => ({ auth: getAuth(c as never) });",
    },
    {
      name: 'a router reads ctx.user',
      filename: router,
      code: "import { protectedProcedure, router } from '../_core/trpc';\nexport const r = router({ me: protectedProcedure.query(({ ctx }) => ctx.user) });",
    },
    {
      name: 'a local function named auth',
      filename: router,
      code: 'const auth = () => ({ userId: null });\nexport const who = () => auth();',
    },
    {
      name: 'verifyToken from another library (a JWT helper of the webhook provider)',
      filename: webhook,
      code: "import { verifyToken } from '../lib/tokens';\nexport const ok = (t: string) => verifyToken(t);",
    },
    {
      name: 'verifyWebhook from Clerk is the webhook verification, not user auth',
      filename: webhook,
      code: "import { verifyWebhook } from '@clerk/backend/webhooks';\nexport const verify = (req: Request) => verifyWebhook(req);",
    },
    {
      name: 'a type-only Clerk import',
      filename: service,
      code: "import type { User } from '@clerk/backend';\nexport type U = User;",
    },
    {
      name: 'a Clerk client used for user management (createClerkClient is no-raw-external-client business)',
      filename: file('server/adapters/clerk.ts'),
      code: "import { createClerkClient } from '@clerk/backend';\nconst clerk = createClerkClient({ secretKey: 'k' });\nexport const getUser = (id: string) => clerk.users.getUser(id);",
    },
    {
      name: 'another header read by name',
      filename: webhook,
      code: "export const token = (c: { req: { header(n: string): string | undefined } }) => c.req.header('asaas-access-token');",
    },
    {
      name: 'an authorization header set on an outgoing request',
      filename: file('server/adapters/asaas.ts'),
      code: "export const headers = (key: string) => ({ Authorization: `Bearer ${key}` });\nexport const h = new Headers();\nh.set('authorization', 'Bearer x');",
    },
    {
      name: 'an authorization property of something that is not headers',
      filename: service,
      code: 'export const scope = (policy: { authorization: string }) => policy.authorization;',
    },
    {
      name: 'a file listed in allowIn',
      filename: file('server/webhooks/verify.ts'),
      code: "export const bearer = (req: Request) => req.headers.get('Authorization');",
      options: [{ allowIn: ['server/webhooks/verify.ts'] }],
    },
    {
      name: 'test files build authenticated requests',
      filename: file('server/routers/users.test.ts'),
      code: "import { verifyToken } from '@clerk/backend';\nexport const v = (t: string) => verifyToken(t, {});",
    },
    {
      name: 'a method named authenticateRequest on a non-Clerk object',
      filename: service,
      code: "import { gateway } from '../adapters/gateway';\nexport const a = (req: Request) => gateway.authenticateRequest(req);",
    },
  ],
  invalid: [
    {
      name: 'verifyToken in a router',
      filename: router,
      code: "import { verifyToken } from '@clerk/backend';\nexport const who = (t: string, jwtKey: string) => verifyToken(t, { jwtKey });",
      errors: [{ messageId: 'clerkAuthCall', line: 2, column: 51, endLine: 2, endColumn: 77, data: { name: 'verifyToken', module: '@clerk/backend', layer: 'router' } }],
    },
    {
      name: 'getAuth(c) from @hono/clerk-auth in a service, renamed',
      filename: service,
      code: "import { getAuth as clerkAuth } from '@hono/clerk-auth';\nexport const userId = (c: never) => clerkAuth(c)?.userId;",
      errors: [{ messageId: 'clerkAuthCall', line: 2, column: 37, endLine: 2, endColumn: 49, data: { name: 'getAuth', module: '@hono/clerk-auth', layer: 'service' } }],
    },
    {
      name: 'auth() and currentUser() from @clerk/nextjs/server',
      filename: router,
      code: "import { auth, currentUser } from '@clerk/nextjs/server';\nexport async function me() {\n  const { userId } = await auth();\n  return userId ? currentUser() : null;\n}",
      errors: [
        { messageId: 'clerkAuthCall', line: 3, column: 28, endLine: 3, endColumn: 34 },
        { messageId: 'clerkAuthCall', line: 4, column: 19, endLine: 4, endColumn: 32, data: { name: 'currentUser', module: '@clerk/nextjs/server', layer: 'router' } },
      ],
    },
    {
      name: 'authenticateRequest on a client made by createClerkClient, in a webhook',
      filename: webhook,
      code: "import { createClerkClient } from '@clerk/backend';\nconst clerk = createClerkClient({ secretKey: 'k' });\nexport const state = (req: Request) => clerk.authenticateRequest(req);",
      errors: [{ messageId: 'clerkAuthCall', line: 3, column: 40, endLine: 3, endColumn: 70, data: { name: 'authenticateRequest', module: '@clerk/backend', layer: 'webhook' } }],
    },
    {
      name: 'authenticateRequest on the clerkClient import of @clerk/express',
      filename: service,
      code: "import { clerkClient } from '@clerk/express';\nexport const state = (req: Request) => clerkClient.authenticateRequest(req);",
      errors: [{ messageId: 'clerkAuthCall', line: 2, column: 40, endLine: 2, endColumn: 76 }],
    },
    {
      name: "Hono's c.req.header('Authorization') in a router",
      filename: router,
      code: "export const bearer = (c: { req: { header(n: string): string | undefined } }) => c.req.header('Authorization');",
      errors: [{ messageId: 'authorizationHeader', line: 1, column: 82, endLine: 1, endColumn: 111, data: { layer: 'router' } }],
    },
    {
      name: "Fetch headers.get('authorization') in a webhook",
      filename: webhook,
      code: "export const bearer = (req: Request) => req.headers.get('authorization');",
      errors: [{ messageId: 'authorizationHeader', line: 1, column: 41, endLine: 1, endColumn: 73, data: { layer: 'webhook' } }],
    },
    {
      name: 'req.headers.authorization (Node, Express) in a service',
      filename: service,
      code: 'export const bearer = (req: { headers: Record<string, string> }) => req.headers.authorization;',
      errors: [{ messageId: 'authorizationHeader', line: 1, column: 69, endLine: 1, endColumn: 94 }],
    },
    {
      name: "req.headers['AUTHORIZATION'] through a const",
      filename: service,
      code: "export function bearer(req: { headers: Record<string, string> }) {\n  const headers = req.headers;\n  return headers['AUTHORIZATION'];\n}",
      errors: [{ messageId: 'authorizationHeader', line: 3, column: 10, endLine: 3, endColumn: 34 }],
    },
    {
      name: 'destructuring authorization out of the headers',
      filename: service,
      code: 'export function bearer(req: { headers: Record<string, string> }) {\n  const { authorization } = req.headers;\n  return authorization;\n}',
      errors: [{ messageId: 'authorizationHeader', line: 2, column: 11, endLine: 2, endColumn: 24 }],
    },
    {
      name: "Express req.get('Authorization') in an adapter",
      filename: file('server/adapters/proxy.ts'),
      code: "export const forward = (req: { get(n: string): string }) => req.get('Authorization');",
      errors: [{ messageId: 'authorizationHeader', line: 1, column: 61, endLine: 1, endColumn: 85, data: { layer: 'adapter' } }],
    },
  ],
});
