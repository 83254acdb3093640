// no-raw-external-client: external-API SDKs, HTTP clients and global fetch outside adapters.
import type { Mutation } from '../_utils/mutation-harness.js';

export const mutations: Mutation[] = [
  {
    name: 'a router calls the global fetch in a resolver (rawClientInRouter)',
    file: 'server/routers/whatsapp.ts',
    find: `  getMessage: mentoradoProcedure`,
    replace: `  providerStatus: mentoradoProcedure
    .input(idInput)
    .query(async ({ input }) => {
      const response = await fetch(\`https://graph.facebook.com/v20.0/\${encodeURIComponent(input.id)}\`);
      return (await response.json()) as { status: string };
    }),
  getMessage: mentoradoProcedure`,
    expect: [
      { ruleId: 'no-raw-external-client', at: 'fetch(`https://graph' },
      // No signal either: fetch-timeout reports the same call.
      { ruleId: 'fetch-timeout', at: 'fetch(`https://graph' },
    ],
  },
  {
    name: 'a service calls globalThis.fetch',
    file: 'server/services/financial.ts',
    find: "export type ChargeStatus = 'pending' | 'paid' | 'overdue' | 'refunded' | 'cancelled';",
    replace: `export type ChargeStatus = 'pending' | 'paid' | 'overdue' | 'refunded' | 'cancelled';

/** Payment state straight from Asaas. */
export async function fetchPaymentStatus(paymentId: string): Promise<unknown> {
  const response = await globalThis.fetch(\`https://api.asaas.com/v3/payments/\${paymentId}\`, { signal: AbortSignal.timeout(5_000) });
  return response.json();
}`,
    expect: [{ ruleId: 'no-raw-external-client', at: 'globalThis.fetch(' }],
  },
  {
    name: 'a service imports axios',
    file: 'server/services/notifications.ts',
    find: "import { afterCursor, toPage } from '../lib/pagination';",
    replace: `import { afterCursor, toPage } from '../lib/pagination';
import axios from 'axios';

/** Pushes a notification to the mobile gateway. */
export const pushToGateway = (userId: string, title: string) =>
  axios.post('https://push.example.com/send', { userId, title }, { timeout: 3_000 });`,
    expect: [{ ruleId: 'no-raw-external-client', at: "'axios'" }],
  },
  {
    name: "a router builds a Clerk client with createClerkClient from '@clerk/backend' (rawClientInRouter)",
    file: 'server/routers/users.ts',
    find: "import * as usersService from '../services/users';",
    replace: `import * as usersService from '../services/users';
import { createClerkClient, verifyToken } from '@clerk/backend';
import { env } from '../_core/env';

const clerk = createClerkClient({ secretKey: env.CLERK_SECRET_KEY });
export const clerkUser = (id: string) => clerk.users.getUser(id);
export const checkToken = (token: string) => verifyToken(token, { secretKey: env.CLERK_SECRET_KEY });`,
    // verifyToken is no client (no finding of this rule), but auth resolved in a router is auth-via-context's.
    expect: [
      { ruleId: 'no-raw-external-client', at: 'createClerkClient, verifyToken' },
      { ruleId: 'auth-via-context', at: 'verifyToken(token' },
    ],
  },
  {
    name: 'a webhook module imports the Stripe SDK',
    file: 'server/webhooks/events.ts',
    find: "import { z } from 'zod';",
    replace: "import { z } from 'zod';\nimport Stripe from 'stripe';\n\nexport const stripe = new Stripe('sk_from_env');",
    expect: [{ ruleId: 'no-raw-external-client', at: "'stripe'" }],
  },
  {
    name: 'a service opens a WebSocket to a provider',
    file: 'server/services/conversations.ts',
    find: "import { TRPCError } from '@trpc/server';",
    replace: `import { TRPCError } from '@trpc/server';

/** Live typing indicators from the provider. */
export function subscribeTyping(conversationId: string, onEvent: (data: string) => void): () => void {
  const socket = new WebSocket(\`wss://realtime.example.com/conversations/\${conversationId}\`);
  socket.addEventListener('message', (event) => onEvent(String(event.data)));
  return () => socket.close();
}`,
    expect: [{ ruleId: 'no-raw-external-client', at: 'WebSocket(`wss' }],
  },
  {
    name: "a service loads the OpenAI SDK lazily with await import('openai')",
    file: 'server/services/marketing.ts',
    find: "import { TRPCError } from '@trpc/server';",
    replace: `import { TRPCError } from '@trpc/server';

/** Drafts a campaign text. */
export async function draftCampaignText(topic: string): Promise<string> {
  const { default: OpenAI } = await import('openai');
  const client = new OpenAI();
  const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: topic }] });
  return completion.choices[0]?.message.content ?? '';
}`,
    expect: [{ ruleId: 'no-raw-external-client', at: "'openai'" }],
  },
  {
    name: "a service uses createClerkClient through a namespace import of '@clerk/backend'",
    file: 'server/services/users.ts',
    find: "import type { Db } from '../db';",
    replace: `import type { Db } from '../db';
import * as clerkBackend from '@clerk/backend';

const clerk = clerkBackend.createClerkClient({ secretKey: 'set-from-env' });
export const banInClerk = (clerkId: string) => clerk.users.banUser(clerkId);`,
    expect: [{ ruleId: 'no-raw-external-client', at: 'clerkBackend.createClerkClient' }],
  },
  {
    name: "a job re-exports ky (export { default } from 'ky')",
    file: 'server/jobs/runner.ts',
    find: "import type { Db } from '../db';",
    replace: "import type { Db } from '../db';\n\nexport { default as http } from 'ky';",
    expect: [{ ruleId: 'no-raw-external-client', at: "'ky'" }],
  },
  {
    name: "a router summarises a conversation with the AI SDK's generateText and an OpenAI provider",
    file: 'server/routers/conversations.ts',
    find: "import { mentoradoProcedure, router } from '../_core/trpc';",
    replace: `import { generateText } from 'ai';
import { openai } from '@ai-sdk/openai';
import { mentoradoProcedure, router } from '../_core/trpc';

const summarise = (text: string) => generateText({ model: openai('gpt-4o-mini'), prompt: text });
export const summaries = { summarise };`,
    expect: [
      { ruleId: 'no-raw-external-client', at: 'generateText }' },
      { ruleId: 'no-raw-external-client', at: "'@ai-sdk/openai'" },
    ],
  },
  {
    name: 'a service drafts campaign copy with the Anthropic provider of the AI SDK',
    file: 'server/services/marketing.ts',
    find: "import { recordAudit } from './audit';",
    replace: `import { recordAudit } from './audit';
import { anthropic } from '@ai-sdk/anthropic';

/** The model campaign drafts are written with. */
export const draftModel = anthropic('claude-sonnet-4-5');`,
    expect: [{ ruleId: 'no-raw-external-client', at: "'@ai-sdk/anthropic'" }],
  },
  {
    name: "a service classifies students with Google's Gen AI SDK",
    file: 'server/services/students.ts',
    find: "import { students } from '../../drizzle/schema';",
    replace: `import { students } from '../../drizzle/schema';
import { GoogleGenAI } from '@google/genai';

const genai = new GoogleGenAI({ apiKey: 'from-env' });
/** Asks the model for a one-word segment. */
export const segmentOf = (bio: string) => genai.models.generateContent({ model: 'gemini-2.5-flash', contents: bio });`,
    expect: [{ ruleId: 'no-raw-external-client', at: "'@google/genai'" }],
  },
  {
    name: "a webhook module builds Polar's API client (its webhooks module would only verify)",
    file: 'server/webhooks/events.ts',
    find: "import { z } from 'zod';",
    replace: `import { z } from 'zod';
import { Polar } from '@polar-sh/sdk';

/** Looks the subscription up on Polar. */
export const polar = new Polar({ accessToken: 'from-env' });`,
    expect: [{ ruleId: 'no-raw-external-client', at: 'Polar }' }],
  },
  {
    name: 'a job syncs bank transactions with the Plaid SDK',
    file: 'server/jobs/definitions.ts',
    find: "import type { JobFn, JobWindowSpec } from './runner';",
    replace: `import type { JobFn, JobWindowSpec } from './runner';
import { Configuration, PlaidApi } from 'plaid';

/** Bank sync through Plaid. */
export const plaid = new PlaidApi(new Configuration({ basePath: 'https://production.plaid.com' }));`,
    expect: [{ ruleId: 'no-raw-external-client', at: "'plaid'" }],
  },
];
