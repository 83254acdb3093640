import rule from '../../rules/no-swallowed-error.js';
import { file, RuleTester } from '../_utils/rule-tester.js';

const service = file('server/services/charges.ts');

new RuleTester({ filename: service }).run('no-swallowed-error', rule, {
  valid: [
    { name: 'a catch that rethrows', code: 'export async function f() {\n  try {\n    await send();\n  } catch (error) {\n    throw error;\n  }\n}' },
    {
      name: 'a catch that wraps the error in a typed one',
      code: "export async function f() {\n  try {\n    await send();\n  } catch (cause) {\n    throw new IntegrationError('send failed', { cause });\n  }\n}",
    },
    {
      name: 'a catch that logs the error through the logger',
      code: "import { logger } from '../_core/logger';\nexport async function f() {\n  try {\n    await send();\n  } catch (err) {\n    logger.error({ err }, 'send failed');\n  }\n}",
    },
    {
      name: 'ctx.logger.warn with fields derived from the error',
      code: "export async function f(ctx: Ctx) {\n  try {\n    await send();\n  } catch (error) {\n    ctx.logger.warn({ code: error instanceof Error ? error.name : 'unknown' }, 'send failed');\n    return { sent: false };\n  }\n}",
    },
    {
      name: 'a log at a visible level even without the error',
      code: "export async function f(log: Logger) {\n  try {\n    await send();\n  } catch {\n    log.warn({ component: 'mailer' }, 'send failed, degraded mode');\n  }\n}",
    },
    { name: 'the error passed to a reporter', code: 'export async function f() {\n  try {\n    await send();\n  } catch (e) {\n    Sentry.captureException(e);\n  }\n}' },
    { name: 'console.error with the error', code: 'export async function f() {\n  try {\n    await send();\n  } catch (e) {\n    console.error(e);\n  }\n}' },
    {
      name: 'an explicit failure result (ok: false)',
      code: "export async function f() {\n  try {\n    await verify();\n    return { ok: true };\n  } catch {\n    return { ok: false, reason: 'invalid_signature' };\n  }\n}",
    },
    { name: 'a result that carries the error', code: 'export async function f() {\n  try {\n    return { value: await load() };\n  } catch (error) {\n    return { error };\n  }\n}' },
    {
      name: 'an HTTP error response (Hono c.json with 503)',
      code: "export const health = async (c: Context) => {\n  try {\n    await ping();\n    return c.json({ status: 'ok' });\n  } catch {\n    return c.json({ status: 'degraded' }, 503);\n  }\n};",
    },
    { name: 'a neverthrow err(...) result', code: "import { err, ok } from 'neverthrow';\nexport async function f() {\n  try {\n    return ok(await load());\n  } catch {\n    return err('load_failed');\n  }\n}" },
    {
      name: 'the error kept for after a retry loop',
      code: "export async function f() {\n  let lastError: unknown;\n  for (let attempt = 0; attempt < 3; attempt++) {\n    try {\n      return await load();\n    } catch (error) {\n      lastError = error;\n    }\n  }\n  throw lastError;\n}",
    },
    { name: 'a classified rethrow: some errors become a typed result', code: 'export async function f() {\n  try {\n    return await load();\n  } catch (error) {\n    if (isNotFound(error)) return null;\n    throw error;\n  }\n}' },
    { name: 'a JSON.parse fallback (no await: not an I/O failure domain)', code: 'export function parse(text: string) {\n  try {\n    return JSON.parse(text);\n  } catch {\n    return null;\n  }\n}' },
    { name: '.catch passing the error on', code: "import { logger } from '../_core/logger';\nexport const f = () => send().catch((err) => logger.error({ err }, 'send failed'));" },
    { name: '.catch with a function reference', code: 'export const f = () => send().catch(reportError);' },
    { name: ".catch on a zod schema is a default value", code: "import { z } from 'zod';\nexport const page = z.number().int().catch(() => 1);" },
    { name: '.catch on a schema built from zod', code: "import { z } from 'zod';\nconst base = z.string();\nexport const name = base.catch(() => '');" },
    { name: '.catch that rethrows a wrapped error', code: "export const f = () => send().catch((cause) => {\n  throw new Error('send failed', { cause });\n});" },
    { name: 'files outside server/ are not checked', filename: file('web/src/api.ts'), code: 'export async function f() {\n  try {\n    await send();\n  } catch {}\n}' },
    { name: 'tests may swallow', filename: file('server/services/charges.test.ts'), code: 'export async function f() {\n  try {\n    await send();\n  } catch {}\n}' },
    {
      name: 'a configured reporter makes the failure visible',
      options: [{ reporters: ['markFailed'] }],
      code: 'export async function f(id: string) {\n  try {\n    await send();\n  } catch {\n    await markFailed(id);\n  }\n}',
    },
    {
      name: 'a ROLLBACK whose own error is ignored, on a path that rethrows',
      code: "export async function run(client: Client) {\n  try {\n    await client.query('BEGIN');\n  } catch (error) {\n    try {\n      await client.query('ROLLBACK');\n    } catch {}\n    throw error;\n  }\n}",
    },
    {
      name: 'a cleanup in finally that ignores a failed close',
      code: 'export async function run(client: Client) {\n  try {\n    return await client.query(q);\n  } finally {\n    await client.close().catch(() => {});\n  }\n}',
    },
    { name: 'a body-parse fallback (await c.req.json())', code: 'export const handle = async (c: Context) => {\n  let body: unknown;\n  try {\n    body = await c.req.json();\n  } catch {\n    body = undefined;\n  }\n  return body;\n};' },
    { name: 'response.json().catch on an error path that throws', code: "export async function f(response: Response) {\n  const body = await response.json().catch(() => ({}));\n  throw new UpstreamError(response.status, body);\n}" },
    { name: 'closing a client, best effort', code: 'export const stop = (client: Client) => client.close().catch(() => undefined);' },
    {
      name: 'a promise marked handled and awaited in a race',
      code: "export async function limited(key: string) {\n  const work = incr(key);\n  work.catch(() => {});\n  return Promise.race([work, timeout(100)]);\n}",
    },
    {
      name: 'a JSON-RPC error body built from the error message',
      code: "export const handle = async (c: Context) => {\n  try {\n    return c.json(await dispatch());\n  } catch (err) {\n    const message = err instanceof Error ? err.message : 'Internal error';\n    return c.json({ jsonrpc: '2.0', error: { code: -32603, message } });\n  }\n};",
    },
    {
      name: 'the failure recorded on the row through a builder chain',
      code: "export async function send(db: Db, key: string) {\n  try {\n    await deliver(key);\n  } catch (error) {\n    const code = error instanceof IntegrationError ? error.code : 'unexpected';\n    await db.update(outbox).set({ status: 'failed', lastError: code }).where(eq(outbox.key, key));\n  }\n}",
    },
    { name: "a failed-state result ({ status: 'failed' })", code: "export async function run() {\n  try {\n    await job();\n    return { status: 'succeeded' };\n  } catch {\n    return { status: 'failed' };\n  }\n}" },
    { name: 'a validity verdict ({ isValid: false })', code: 'export async function check(cookie: string) {\n  try {\n    return { isValid: (await authenticate(cookie)).ok };\n  } catch {\n    return { isValid: false, shouldRefresh: true };\n  }\n}' },
    {
      name: 'a refetch ignored inside a rejection handler that rethrows',
      code: 'export const save = () =>\n  persist().catch(async (err) => {\n    await refetch().catch(() => {});\n    throw err;\n  });',
    },
    { name: 'process.exit on a fatal start-up failure', code: 'main().catch(() => {\n  process.exit(1);\n});' },
    {
      name: "a catch that is jose's verdict: the token is invalid",
      code: "import { jwtVerify } from 'jose';\nexport async function session(token: string, key: Uint8Array) {\n  try {\n    const { payload } = await jwtVerify(token, key);\n    return payload;\n  } catch {\n    // an invalid token is no session\n  }\n  return null;\n}",
    },
    {
      name: 'a signature helper returning false when the constant-time compare throws',
      code: "import crypto from 'node:crypto';\nexport async function valid(body: string, signature: string) {\n  try {\n    const digest = await sign(body);\n    return crypto.timingSafeEqual(Buffer.from(digest), Buffer.from(signature));\n  } catch {\n    return false;\n  }\n}",
    },
    {
      name: "Hono's JWT verify, through a same-file helper",
      code: "import { verify } from 'hono/jwt';\nconst check = (token: string, secret: string) => verify(token, secret);\nexport async function claims(token: string, secret: string) {\n  try {\n    return await check(token, secret);\n  } catch {\n    return undefined;\n  }\n}",
    },
    {
      name: "jsonwebtoken's verify on the default import",
      code: "import jwt from 'jsonwebtoken';\nexport async function user(token: string, secret: string) {\n  try {\n    await refresh();\n    return jwt.verify(token, secret);\n  } catch {\n    return null;\n  }\n}",
    },
  ],
  invalid: [
    {
      name: 'a `verify` of a library that is not a verifier (a schema check over I/O)',
      code: "import { verify } from './checks';\nexport async function load(id: string) {\n  try {\n    return await verify(await fetchRow(id));\n  } catch {\n    return null;\n  }\n}",
      errors: [{ messageId: 'swallowedInCatch', line: 5, column: 5, endLine: 5, endColumn: 10 }],
    },
    {
      name: 'a verification before the try: the catch hides the I/O failure after it',
      code: "import { jwtVerify } from 'jose';\nexport async function profile(token: string, key: Uint8Array) {\n  const { payload } = await jwtVerify(token, key);\n  try {\n    return await loadProfile(payload.sub);\n  } catch {\n    return null;\n  }\n}",
      errors: [{ messageId: 'swallowedInCatch', line: 6, column: 5, endLine: 6, endColumn: 10 }],
    },
    {
      name: 'an empty catch around an awaited call',
      code: 'export async function f() {\n  try {\n    await send();\n  } catch {}\n}',
      errors: [{ messageId: 'swallowedInCatch', line: 4, column: 5, endLine: 4, endColumn: 10 }],
    },
    {
      name: 'a catch that only returns null',
      code: 'export async function find(id: string) {\n  try {\n    return await cache.get(id);\n  } catch (error) {\n    return null;\n  }\n}',
      errors: [{ messageId: 'swallowedInCatch', line: 4, column: 5, endLine: 4, endColumn: 10 }],
    },
    {
      name: 'a catch that returns false from a health check',
      code: 'export async function isHealthy() {\n  try {\n    await ping();\n    return true;\n  } catch {\n    return false;\n  }\n}',
      errors: [{ messageId: 'swallowedInCatch', line: 5, column: 5, endLine: 5, endColumn: 10 }],
    },
    {
      name: 'a predicate on the error is not a report',
      code: 'export async function f() {\n  try {\n    return await load();\n  } catch (error) {\n    if (isNotFound(error)) return [];\n    return [];\n  }\n}',
      errors: [{ messageId: 'swallowedInCatch', line: 4, column: 5, endLine: 4, endColumn: 10 }],
    },
    {
      name: 'a debug log is off in production',
      code: "export async function f(log: Logger) {\n  try {\n    await send();\n  } catch (err) {\n    log.debug('send failed');\n  }\n}",
      errors: [{ messageId: 'swallowedInCatch', line: 4, column: 5, endLine: 4, endColumn: 10 }],
    },
    {
      name: 'a fallback value with a comment is still hidden',
      code: 'export async function rate() {\n  try {\n    return await fetchRate();\n  } catch {\n    // fall back to the default rate\n    return 1;\n  }\n}',
      errors: [{ messageId: 'swallowedInCatch', line: 4, column: 5, endLine: 4, endColumn: 10 }],
    },
    {
      name: '.catch(() => null)',
      code: 'export const f = () => send().catch(() => null);',
      errors: [{ messageId: 'swallowedInHandler', line: 1, column: 31, endLine: 1, endColumn: 36 }],
    },
    {
      name: '.catch(() => {}) on an unawaited promise',
      code: 'export function f() {\n  void send().catch(() => {});\n}',
      errors: [{ messageId: 'swallowedInHandler', line: 2, column: 15, endLine: 2, endColumn: 20 }],
    },
    {
      name: '.catch with a same-file no-op handler',
      code: 'const ignore = () => undefined;\nexport const f = () => send().catch(ignore);',
      errors: [{ messageId: 'swallowedInHandler', line: 2, column: 31, endLine: 2, endColumn: 36 }],
    },
    {
      name: 'checkSyncTry: a sync parse fallback is reported too',
      options: [{ checkSyncTry: true }],
      code: 'export function parse(text: string) {\n  try {\n    return JSON.parse(text);\n  } catch {\n    return null;\n  }\n}',
      errors: [{ messageId: 'swallowedInCatch', line: 4, column: 5, endLine: 4, endColumn: 10 }],
    },
    {
      name: 'a webhook handler that acknowledges a failed store',
      filename: file('server/webhooks/asaas.ts'),
      code: 'export const handle = async (c: Context) => {\n  try {\n    await store(await c.req.json());\n  } catch (e) {\n    return c.json({ received: true }, 200);\n  }\n  return c.json({ received: true });\n};',
      errors: [{ messageId: 'swallowedInCatch', line: 4, column: 5, endLine: 4, endColumn: 10 }],
    },
  ],
});
