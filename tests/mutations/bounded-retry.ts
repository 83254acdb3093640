// bounded-retry: retries with no attempt bound, or retry delays with no jitter.
import type { Mutation } from '../_utils/mutation-harness.js';

export const mutations: Mutation[] = [
  {
    name: 'the resilience layer drops maxAttempts from its cockatiel retry policy',
    file: 'server/adapters/_resilience.ts',
    find: '        maxAttempts: config.maxRetries,\n',
    replace: '',
    expect: [{ ruleId: 'bounded-retry', at: 'retry(\n      handleWhen' }],
  },
  {
    name: 'session invalidation retries until the store answers',
    file: 'server/services/session-cache.ts',
    find: 'for (let attempt = 1; attempt <= attempts; attempt += 1) {',
    replace: 'for (let attempt = 1; ; attempt += 1) {',
    expect: [{ ruleId: 'bounded-retry', at: 'for (let attempt = 1; ;' }],
  },
  {
    name: 'session invalidation backs off exponentially with no jitter',
    file: 'server/services/session-cache.ts',
    find: "        log.warn({ err: error, store: this.store.name, clerkId, attempt }, 'session invalidation attempt failed');\n",
    replace:
      "        log.warn({ err: error, store: this.store.name, clerkId, attempt }, 'session invalidation attempt failed');\n        await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));\n",
    expect: [{ ruleId: 'bounded-retry', at: 'new Promise((resolve) => setTimeout(resolve, 50' }],
  },
  {
    name: 'the Asaas adapter polls a payment for ever, every two seconds',
    file: 'server/adapters/asaas.ts',
    find: "  validateInput,\n  type BreakerStateName,\n  type ResilienceSettings,\n} from './_resilience';",
    replace: `  validateInput,
  isRetryableFailure,
  type BreakerStateName,
  type ResilienceSettings,
} from './_resilience';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until Asaas reports the payment as received. */
export async function waitForPayment(adapter: { getPayment(id: string): Promise<{ status: string }> }, id: string) {
  while (true) {
    try {
      const payment = await adapter.getPayment(id);
      if (payment.status === 'RECEIVED') return payment;
    } catch (error) {
      if (!isRetryableFailure(error)) throw error;
    }
    await sleep(2_000);
  }
}`,
    expect: [
      { ruleId: 'bounded-retry', at: 'while (true)' },
      { ruleId: 'bounded-retry', at: 'sleep(2_000)' },
    ],
  },
  {
    name: 'the Clerk adapter retries a user lookup by recursion with no attempt count',
    file: 'server/adapters/clerk.ts',
    find: 'export type ClerkAdapter = ReturnType<typeof createClerkAdapter>;',
    replace: `export type ClerkAdapter = ReturnType<typeof createClerkAdapter>;

/** A user lookup that tries again when Clerk is unavailable. */
export async function getUserPatiently(adapter: ClerkAdapter, userId: string, log: Logger): Promise<ClerkUser | null> {
  try {
    return await adapter.getUser(userId);
  } catch (err) {
    log.warn({ err }, 'clerk user lookup failed, trying again');
    return getUserPatiently(adapter, userId, log);
  }
}`,
    expect: [{ ruleId: 'bounded-retry', at: 'getUserPatiently(adapter, userId, log);' }],
  },
  {
    name: 'a new adapter retries with p-retry without randomize',
    file: 'server/adapters/bcb.ts',
    create: `// Central bank exchange rates.
import pRetry from 'p-retry';

export const getRate = (currency: string): Promise<unknown> =>
  pRetry(
    async () => {
      const response = await fetch(\`https://api.bcb.gov.br/rates/\${encodeURIComponent(currency)}\`, { signal: AbortSignal.timeout(3_000) });
      return response.json();
    },
    { retries: 4 },
  );
`,
    expect: [{ ruleId: 'bounded-retry', at: 'pRetry(\n' }],
  },
];
