import rule from '../../rules/bounded-retry.js';
import { file, RuleTester } from '../_utils/rule-tester.js';

const adapter = file('server/adapters/asaas.ts');
const sleep = 'const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));\n';

new RuleTester({ filename: adapter }).run('bounded-retry', rule, {
  valid: [
    {
      name: 'a for loop bounded by attempts, with full jitter',
      code: `${sleep}export async function get() {\n  for (let attempt = 0; attempt < 3; attempt++) {\n    try {\n      return await call();\n    } catch (error) {\n      if (attempt === 2) throw error;\n      await sleep(Math.random() * 200 * 2 ** attempt);\n    }\n  }\n}`,
    },
    {
      name: 'while (true) with a counted exit and a jitter helper',
      code: `${sleep}export async function get() {\n  let attempts = 0;\n  while (true) {\n    try {\n      return await call();\n    } catch (error) {\n      if (++attempts >= 5) throw error;\n      await sleep(withJitter(100 * 2 ** attempts));\n    }\n  }\n}`,
    },
    {
      name: 'while (true) bounded by a deadline',
      code: "import { setTimeout as wait } from 'node:timers/promises';\nexport async function get(deadline: number) {\n  while (true) {\n    try {\n      return await call();\n    } catch (error) {\n      if (Date.now() > deadline) throw error;\n      await wait(100 + Math.random() * 100);\n    }\n  }\n}",
    },
    {
      name: 'a deadline read through a const (elapsed time)',
      code: `${sleep}export async function get(maxElapsed: number) {\n  const start = Date.now();\n  while (true) {\n    try {\n      return await call();\n    } catch (err) {\n      const elapsed = Date.now() - start;\n      if (elapsed > maxElapsed) throw err;\n      await sleep(100 + Math.random() * 1000);\n    }\n  }\n}`,
    },
    {
      name: 'a delay computed by a same-file jittered backoff',
      code: `${sleep}const backoff = (n: number) => Math.round(Math.random() * Math.min(5_000, 100 * 2 ** n));\nexport async function get() {\n  for (let n = 0; n < 4; n++) {\n    try {\n      return await call();\n    } catch {\n      await sleep(backoff(n));\n    }\n  }\n  throw new Error('gave up');\n}`,
    },
    {
      name: 'a delay from an imported helper (cannot be seen: trusted)',
      code: `import { retryDelay } from '../lib/backoff';\n${sleep}export async function get() {\n  for (let n = 0; n < 4; n++) {\n    try {\n      return await call();\n    } catch {\n      await sleep(retryDelay(n));\n    }\n  }\n}`,
    },
    {
      name: 'a worker loop that does not leave on success is not a retry loop',
      code: "export async function drain(log: Logger) {\n  while (true) {\n    const job = await next();\n    try {\n      await handle(job);\n    } catch (err) {\n      log.error({ err }, 'job failed');\n    }\n  }\n}",
    },
    {
      name: 'a loop whose catch rethrows is not a retry',
      code: 'export async function get() {\n  while (true) {\n    try {\n      return await call();\n    } catch (error) {\n      throw error;\n    }\n  }\n}',
    },
    {
      name: 'immediate bounded retries with no delay (nothing to jitter)',
      code: 'export async function invalidate() {\n  for (let attempt = 1; attempt <= 3; attempt += 1) {\n    try {\n      await store.delete();\n      return;\n    } catch {}\n  }\n}',
    },
    {
      name: 'recursion that counts attempts',
      code: `${sleep}export async function get(attempt = 0): Promise<Response> {\n  try {\n    return await call();\n  } catch (error) {\n    if (attempt >= 3) throw error;\n    await sleep(100 * 2 ** attempt * Math.random());\n    return get(attempt + 1);\n  }\n}`,
    },
    { name: 'cockatiel retry with maxAttempts and ExponentialBackoff (jitters by default)', code: "import { ExponentialBackoff, handleAll, retry } from 'cockatiel';\nexport const policy = retry(handleAll, { maxAttempts: 3, backoff: new ExponentialBackoff() });" },
    {
      name: 'cockatiel retry with decorrelated jitter and a custom backoff class',
      code: "import { ExponentialBackoff, decorrelatedJitterGenerator, handleAll, retry } from 'cockatiel';\nconst backoff = new ExponentialBackoff({ generator: decorrelatedJitterGenerator });\nexport const policy = retry(handleAll, { maxAttempts: 5, backoff });",
    },
    { name: 'p-retry with retries and randomize', code: "import pRetry from 'p-retry';\nexport const get = () => pRetry(call, { retries: 5, randomize: true });" },
    { name: 'async-retry defaults to randomised, bounded retries', code: "import retry from 'async-retry';\nexport const get = () => retry(call, { retries: 3 });" },
    { name: 'exponential-backoff with full jitter', code: "import { backOff } from 'exponential-backoff';\nexport const get = () => backOff(call, { numOfAttempts: 5, jitter: 'full' });" },
    { name: 'a local function named retry is not cockatiel', code: 'function retry(fn: () => Promise<void>, opts: object) { return fn(); }\nexport const run = () => retry(call, {});' },
    { name: 'a polling loop with a non-constant condition is trusted', code: `${sleep}export async function poll(signal: AbortSignal) {\n  while (!signal.aborted) {\n    try {\n      return await check();\n    } catch {\n      await sleep(500 + Math.random() * 500);\n    }\n  }\n}` },
    {
      name: 'requireJitter: false accepts fixed delays',
      options: [{ requireJitter: false }],
      code: `${sleep}export async function get() {\n  for (let n = 0; n < 3; n++) {\n    try {\n      return await call();\n    } catch {\n      await sleep(1_000);\n    }\n  }\n}`,
    },
    { name: 'files outside server/ are not checked', filename: file('scripts/seed.ts'), code: 'export async function f() {\n  while (true) {\n    try {\n      return await call();\n    } catch {}\n  }\n}' },
  ],
  invalid: [
    {
      name: 'while (true) around an awaited call whose catch goes round again',
      code: 'export async function get() {\n  while (true) {\n    try {\n      return await call();\n    } catch {}\n  }\n}',
      errors: [{ messageId: 'unboundedLoop', line: 2, column: 3, endLine: 2, endColumn: 8 }],
    },
    {
      name: 'for (;;) with a fixed delay: unbounded and without jitter',
      code: `${sleep}export async function get() {\n  for (;;) {\n    try {\n      const res = await call();\n      break;\n    } catch {\n      await sleep(1_000);\n    }\n  }\n}`,
      errors: [
        { messageId: 'unboundedLoop', line: 3, column: 3, endLine: 3, endColumn: 6 },
        { messageId: 'noJitter', line: 8, column: 13, endLine: 8, endColumn: 25 },
      ],
    },
    {
      name: 'a success flag is not a bound',
      code: 'export async function get() {\n  let done = false;\n  while (!done) {\n    try {\n      await call();\n      done = true;\n      break;\n    } catch {}\n  }\n}',
      errors: [{ messageId: 'unboundedLoop', line: 3, column: 3, endLine: 3, endColumn: 8 }],
    },
    {
      name: 'a bounded loop with exponential backoff and no jitter',
      code: "import { setTimeout as wait } from 'node:timers/promises';\nexport async function get() {\n  for (let attempt = 0; attempt < 5; attempt++) {\n    try {\n      return await call();\n    } catch {\n      await wait(2 ** attempt * 100);\n    }\n  }\n}",
      errors: [{ messageId: 'noJitter', line: 7, column: 13, endLine: 7, endColumn: 37 }],
    },
    {
      name: 'an inline promised timeout with a fixed delay',
      code: 'export async function get() {\n  for (let i = 0; i < 3; i++) {\n    try {\n      return await call();\n    } catch {\n      await new Promise((r) => setTimeout(r, 500));\n    }\n  }\n}',
      errors: [{ messageId: 'noJitter', line: 6, column: 13, endLine: 6, endColumn: 51 }],
    },
    {
      name: 'recursion on failure with no attempt count',
      code: 'export async function get(): Promise<Response> {\n  try {\n    return await call();\n  } catch {\n    return get();\n  }\n}',
      errors: [{ messageId: 'unboundedRecursion', line: 5, column: 12, endLine: 5, endColumn: 15 }],
    },
    {
      name: 'recursion from a .catch handler',
      code: 'export const get = (): Promise<Response> => call().catch(() => get());',
      errors: [{ messageId: 'unboundedRecursion', line: 1, column: 64, endLine: 1, endColumn: 67 }],
    },
    {
      name: 'cockatiel retry without maxAttempts',
      code: "import { ExponentialBackoff, handleAll, retry } from 'cockatiel';\nexport const policy = retry(handleAll, { backoff: new ExponentialBackoff() });",
      errors: [{ messageId: 'unboundedPolicy', line: 2, column: 23, endLine: 2, endColumn: 28 }],
    },
    {
      name: 'cockatiel retry with no options: unbounded and immediate',
      code: "import { handleAll, retry } from 'cockatiel';\nexport const policy = retry(handleAll);",
      errors: [
        { messageId: 'unboundedPolicy', line: 2, column: 23, endLine: 2, endColumn: 28 },
        { messageId: 'noJitter', line: 2, column: 23, endLine: 2, endColumn: 28 },
      ],
    },
    {
      name: 'cockatiel ConstantBackoff has no jitter',
      code: "import { ConstantBackoff, handleAll, retry } from 'cockatiel';\nexport const policy = retry(handleAll, { maxAttempts: 3, backoff: new ConstantBackoff(500) });",
      errors: [{ messageId: 'noJitter', line: 2, column: 58, endLine: 2, endColumn: 91 }],
    },
    {
      name: 'cockatiel ExponentialBackoff with noJitterGenerator',
      code: "import { ExponentialBackoff, handleAll, noJitterGenerator, retry } from 'cockatiel';\nexport const policy = retry(handleAll, { maxAttempts: 3, backoff: new ExponentialBackoff({ generator: noJitterGenerator }) });",
      errors: [{ messageId: 'noJitter', line: 2, column: 58, endLine: 2, endColumn: 123 }],
    },
    {
      name: 'cockatiel maxAttempts: Infinity',
      code: "import { ExponentialBackoff, handleAll, retry } from 'cockatiel';\nexport const policy = retry(handleAll, { maxAttempts: Infinity, backoff: new ExponentialBackoff() });",
      errors: [{ messageId: 'unboundedPolicy', line: 2, column: 42, endLine: 2, endColumn: 63 }],
    },
    {
      name: 'p-retry forever',
      code: "import pRetry from 'p-retry';\nexport const get = () => pRetry(call, { forever: true, randomize: true });",
      errors: [{ messageId: 'unboundedPolicy', line: 2, column: 41, endLine: 2, endColumn: 54 }],
    },
    {
      name: 'p-retry without randomize (its default is off)',
      code: "import pRetry from 'p-retry';\nexport const get = () => pRetry(call, { retries: 3 });",
      errors: [{ messageId: 'noJitter', line: 2, column: 26, endLine: 2, endColumn: 32 }],
    },
    {
      name: 'async-retry with randomize turned off',
      code: "import retry from 'async-retry';\nexport const get = () => retry(call, { retries: 3, randomize: false });",
      errors: [{ messageId: 'noJitter', line: 2, column: 52, endLine: 2, endColumn: 68 }],
    },
    {
      name: "exponential-backoff's default jitter is none",
      code: "import { backOff } from 'exponential-backoff';\nexport const get = () => backOff(call, { numOfAttempts: Infinity, jitter: 'full' });",
      errors: [{ messageId: 'unboundedPolicy', line: 2, column: 42, endLine: 2, endColumn: 65 }],
    },
    {
      name: 'a configured sleep helper with a fixed delay',
      options: [{ sleepFunctions: ['snooze'] }],
      code: "import { snooze } from '../lib/time';\nexport async function get() {\n  for (let n = 0; n < 3; n++) {\n    try {\n      return await call();\n    } catch {\n      await snooze(250);\n    }\n  }\n}",
      errors: [{ messageId: 'noJitter', line: 7, column: 13, endLine: 7, endColumn: 24 }],
    },
  ],
});
