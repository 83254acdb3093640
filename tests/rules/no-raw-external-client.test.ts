import rule from '../../rules/no-raw-external-client.js';
import { RuleTester, file, typedFile } from '../_utils/rule-tester.js';

const service = file('server/services/billing.ts');
const adapter = file('server/adapters/asaas.ts');

new RuleTester().run('no-raw-external-client', rule, {
  valid: [
    {
      name: 'adapters are the home of SDKs and fetch',
      filename: adapter,
      code: "import axios from 'axios';\nimport { createClerkClient } from '@clerk/backend';\nexport const get = (url: string) => fetch(url, { signal: AbortSignal.timeout(5000) });\nexport const socket = () => new WebSocket('wss://x');",
    },
    { name: "Clerk's verifyToken is not a client", filename: file('server/_core/auth.ts'), code: "import { verifyToken } from '@clerk/backend';\nexport const check = (t: string) => verifyToken(t, {});" },
    { name: "svix's Webhook verifies signatures, it calls no API", filename: file('server/webhooks/clerk.ts'), code: "import { Webhook } from 'svix';\nexport const wh = new Webhook('secret');" },
    { name: 'a namespace import used for verifyToken only', filename: file('server/_core/auth.ts'), code: "import * as clerk from '@clerk/backend';\nexport const check = (t: string) => clerk.verifyToken(t, {});" },
    { name: 'a required module with named clients used for other exports', filename: file('server/_core/auth.js'), code: "const clerk = require('@clerk/backend');\nexports.check = (t) => clerk.verifyToken(t, {});" },
    { name: 'import type of an SDK', filename: service, code: "import type Stripe from 'stripe';\nimport { type AxiosInstance } from 'axios';\nexport type S = Stripe | AxiosInstance;" },
    { name: 'a local variable named fetch', filename: service, code: 'const fetch = createFetcher();\nexport const get = (url: string) => fetch(url);' },
    { name: 'an imported function named fetch', filename: service, code: "import { fetch } from '../adapters/http';\nexport const get = (url: string) => fetch(url);" },
    { name: 'a parameter named fetch', filename: service, code: 'export const get = (fetch: (u: string) => Promise<unknown>, url: string) => fetch(url);' },
    { name: 'fetch and request as methods of the Hono app', filename: file('server/_core/index.ts'), code: "const app = new Hono();\nexport default { port: 3000, fetch: app.fetch };\nexport const health = () => app.request('/health');\nexport const f = (c: Ctx) => c.req.fetch();" },
    { name: 'fetch as a method of other objects', filename: service, code: 'export class Repo {\n  load(url: string) { return this.fetch(url); }\n  fetch(url: string) { return client.fetch(url); }\n}' },
    { name: 'feature detection reads globalThis.fetch without calling it', filename: service, code: "export const hasFetch = typeof globalThis.fetch === 'function';" },
    { name: 'a local object named window', filename: service, code: 'const window = { fetch: (u: string) => u };\nexport const r = window.fetch(url);' },
    { name: 'WebSocket imported from ws is not the global', filename: file('server/lib/socket.ts'), code: "import WebSocket from 'ws';\nexport const open = (url: string) => new WebSocket(url);" },
    { name: 'other global constructors', filename: service, code: 'export const u = new URL(path, base);\nexport const r = new Request(u);\nexport const res = new Response(null);' },
    { name: 'a client module name in a string', filename: service, code: "export const provider = 'axios';" },
    { name: 'test files call the API over fetch', filename: file('server/routers/leads.test.ts'), code: "import axios from 'axios';\nawait fetch('http://localhost/api');" },
    { name: 'files outside server/ are not the backend', filename: file('web/src/api.ts'), code: "import axios from 'axios';\nexport const get = () => fetch('/api/trpc');" },
    { name: 'a dynamic import with a computed specifier', filename: service, code: 'export const load = (name: string) => import(name);' },
    { name: 'a module that only looks like a client', filename: service, code: "import { parse } from 'axios-error-parser';\nimport cache from 'openai-cache-utils';" },
    {
      name: 'a configured adapters folder may use fetch',
      filename: file('server/integrations/asaas.ts'),
      code: 'export const get = (url: string) => fetch(url);',
      settings: { 'backend-guard': { root: '/project', config: { roles: { adapters: ['server/integrations/**'] } } } },
    },
    {
      name: 'a module removed from externalClients is allowed',
      filename: service,
      code: "import OpenAI from 'openai';",
      settings: { 'backend-guard': { root: '/project', config: { externalClients: { replace: ['axios'] } } } },
    },
    { name: 'export * from a module that is not a client', filename: file('server/lib/index.ts'), code: "export * from './validators';\nexport { z } from 'zod';" },
    {
      name: "the AI SDK's helpers that call no model, and its types",
      filename: service,
      code: "import { tool, jsonSchema, type LanguageModel } from 'ai';\nimport type { OpenAIProvider } from '@ai-sdk/openai';\nexport const t = tool({ inputSchema: jsonSchema({}) });\nexport type M = LanguageModel | OpenAIProvider;",
    },
    {
      name: 'AI and payment SDKs in an adapter',
      filename: adapter,
      code: "import { generateText } from 'ai';\nimport { anthropic } from '@ai-sdk/anthropic';\nimport { Polar } from '@polar-sh/sdk';\nimport { PlaidApi } from 'plaid';\nexport const clients = { generateText, anthropic, Polar, PlaidApi };",
    },
    {
      name: 'modules that only share a prefix with an SDK',
      filename: service,
      code: "import { ollama } from 'ai-sdk-ollama';\nimport { plaidLink } from 'plaid-link-utils';\nimport { aiHelpers } from '@ai-sdk-community/helpers';",
    },
    {
      name: "Polar's webhook signature check in a webhook handler calls no API",
      filename: file('server/webhooks/polar.ts'),
      code: "import { validateEvent, WebhookVerificationError } from '@polar-sh/sdk/webhooks';\nexport const verify = (body: string, headers: Record<string, string>) => validateEvent(body, headers, 'secret');\nexport { WebhookVerificationError };",
    },
  ],
  invalid: [
    {
      name: 'an HTTP client imported in a service',
      filename: service,
      code: "import axios from 'axios';",
      errors: [{ messageId: 'rawClientOutsideAdapter', line: 1, column: 19, endLine: 1, endColumn: 26 }],
    },
    {
      name: 'an SDK imported in a router',
      code: "import Stripe from 'stripe';",
      errors: [{ messageId: 'rawClientInRouter', line: 1, column: 20, endLine: 1, endColumn: 28 }],
    },
    {
      name: 'a Clerk client factory in a service',
      filename: service,
      code: "import { createClerkClient } from '@clerk/backend';",
      errors: [{ messageId: 'rawClientOutsideAdapter', line: 1, column: 10, endLine: 1, endColumn: 27 }],
    },
    {
      name: 'a renamed Clerk client beside verifyToken',
      filename: service,
      code: "import { clerkClient as clerk, verifyToken } from '@clerk/backend';",
      errors: [{ messageId: 'rawClientOutsideAdapter', line: 1, column: 10, endLine: 1, endColumn: 30 }],
    },
    {
      name: 'a client factory used through a namespace import',
      filename: service,
      code: "import * as clerk from '@clerk/backend';\nexport const c = clerk.createClerkClient({ secretKey });\nexport const v = clerk.verifyToken;",
      errors: [{ messageId: 'rawClientOutsideAdapter', line: 2, column: 18, endLine: 2, endColumn: 41 }],
    },
    {
      name: 're-exporting a client factory',
      filename: file('server/lib/clerk.ts'),
      code: "export { createClerkClient } from '@clerk/backend';",
      errors: [{ messageId: 'rawClientOutsideAdapter', line: 1, column: 10, endLine: 1, endColumn: 27 }],
    },
    {
      name: 'export * from an SDK',
      filename: file('server/lib/payments.ts'),
      code: "export * from 'stripe';",
      errors: [{ messageId: 'rawClientOutsideAdapter', line: 1, column: 15, endLine: 1, endColumn: 23 }],
    },
    {
      name: 'export * from a module with named clients hands them on',
      filename: file('server/lib/clerk.ts'),
      code: "export * from '@clerk/backend';",
      errors: [{ messageId: 'rawClientOutsideAdapter', line: 1, column: 15, endLine: 1, endColumn: 31 }],
    },
    {
      name: 'require of an SDK in a JS file',
      filename: file('server/services/ai.js'),
      code: "const OpenAI = require('openai');",
      errors: [{ messageId: 'rawClientOutsideAdapter', line: 1, column: 24, endLine: 1, endColumn: 32 }],
    },
    {
      name: 'a destructured require of a named client',
      filename: file('server/services/notify.js'),
      code: "const { Svix, Webhook } = require('svix');",
      errors: [{ messageId: 'rawClientOutsideAdapter', line: 1, column: 9, endLine: 1, endColumn: 13 }],
    },
    {
      name: 'a dynamic import of an SDK',
      filename: service,
      code: "export async function charge() {\n  const { default: Stripe } = await import('stripe');\n  return new Stripe(key);\n}",
      errors: [{ messageId: 'rawClientOutsideAdapter', line: 2, column: 44, endLine: 2, endColumn: 52 }],
    },
    {
      name: 'a scoped package matched by a glob',
      filename: service,
      code: "import {\n  S3Client,\n  PutObjectCommand,\n} from '@aws-sdk/client-s3';",
      errors: [{ messageId: 'rawClientOutsideAdapter', line: 4, column: 8, endLine: 4, endColumn: 28 }],
    },
    {
      name: 'a call of the global fetch in a service',
      filename: service,
      code: "export const get = (id: string) => fetch(`https://api.asaas.com/v3/payments/${id}`);",
      errors: [{ messageId: 'rawClientOutsideAdapter', line: 1, column: 36, endLine: 1, endColumn: 41 }],
    },
    {
      name: 'globalThis.fetch in a router',
      code: "export const get = () =>\n  globalThis.fetch('https://graph.facebook.com/v19.0/me', {\n    method: 'GET',\n  });",
      errors: [{ messageId: 'rawClientInRouter', line: 2, column: 3, endLine: 2, endColumn: 19 }],
    },
    {
      name: 'global.fetch, self.fetch and window.fetch',
      filename: file('server/jobs/sync.js'),
      code: "global.fetch(a);\nself['fetch'](b);\nwindow.fetch?.(c);",
      errors: [
        { messageId: 'rawClientOutsideAdapter', line: 1, column: 1, endLine: 1, endColumn: 13 },
        { messageId: 'rawClientOutsideAdapter', line: 2, column: 1, endLine: 2, endColumn: 14 },
        { messageId: 'rawClientOutsideAdapter', line: 3, column: 1, endLine: 3, endColumn: 13 },
      ],
    },
    {
      name: 'a global WebSocket in a service',
      filename: service,
      code: "export const open = () => new WebSocket('wss://example.com');",
      errors: [{ messageId: 'rawClientOutsideAdapter', line: 1, column: 31, endLine: 1, endColumn: 40 }],
    },
    {
      name: 'XMLHttpRequest and EventSource through globalThis',
      filename: service,
      code: "export const xhr = new XMLHttpRequest();\nexport const events = new globalThis.EventSource('/stream');",
      errors: [
        { messageId: 'rawClientOutsideAdapter', line: 1, column: 24, endLine: 1, endColumn: 38 },
        { messageId: 'rawClientOutsideAdapter', line: 2, column: 27, endLine: 2, endColumn: 49 },
      ],
    },
    {
      name: 'fetch in the app router is a router finding',
      filename: file('server/routers.ts'),
      code: "await fetch('https://example.com');",
      errors: [{ messageId: 'rawClientInRouter', line: 1, column: 7, endLine: 1, endColumn: 12 }],
    },
    {
      name: 'a module from the configured externalClients list',
      filename: service,
      code: "import { Client } from 'acme-crm-sdk';",
      settings: { 'backend-guard': { root: '/project', config: { externalClients: ['acme-*'] } } },
      errors: [{ messageId: 'rawClientOutsideAdapter', line: 1, column: 24, endLine: 1, endColumn: 38 }],
    },
    {
      name: 'server/adapters is not an adapter folder when roles.adapters says otherwise',
      filename: adapter,
      code: 'export const get = (url: string) => fetch(url);',
      settings: { 'backend-guard': { root: '/project', config: { roles: { adapters: ['server/integrations/**'] } } } },
      errors: [{ messageId: 'rawClientOutsideAdapter', line: 1, column: 37, endLine: 1, endColumn: 42 }],
    },
    {
      name: 'the AI SDK calling a model from a router, through a provider package',
      code: "import { generateText } from 'ai';\nimport { openai } from '@ai-sdk/openai';\nexport const summary = (text: string) => generateText({ model: openai('gpt-4o'), prompt: text });",
      errors: [
        { messageId: 'rawClientInRouter', data: { what: "`generateText` from 'ai'" }, line: 1, column: 10, endLine: 1, endColumn: 22 },
        { messageId: 'rawClientInRouter', line: 2, column: 24, endLine: 2, endColumn: 40 },
      ],
    },
    {
      name: 'a namespace import of the AI SDK used to stream',
      filename: service,
      code: "import * as ai from 'ai';\nexport const stream = (model: never) => ai.streamText({ model, prompt: 'x' });",
      errors: [{ messageId: 'rawClientOutsideAdapter', line: 2, column: 41, endLine: 2, endColumn: 54 }],
    },
    {
      name: "Google's Gen AI SDKs, old and new",
      filename: service,
      code: "import { GoogleGenAI } from '@google/genai';\nimport { GoogleGenerativeAI } from '@google/generative-ai';",
      errors: [
        { messageId: 'rawClientOutsideAdapter', line: 1, column: 29, endLine: 1, endColumn: 44 },
        { messageId: 'rawClientOutsideAdapter', line: 2, column: 36, endLine: 2, endColumn: 59 },
      ],
    },
    {
      name: 'Anthropic, Polar and Plaid inside a router',
      code: "import Anthropic from '@anthropic-ai/sdk';\nimport { Polar } from '@polar-sh/sdk';\nimport { PlaidApi } from 'plaid';",
      errors: [
        { messageId: 'rawClientInRouter', data: { what: "Client '@anthropic-ai/sdk'" }, line: 1, column: 23, endLine: 1, endColumn: 42 },
        { messageId: 'rawClientInRouter', data: { what: "`Polar` from '@polar-sh/sdk'" }, line: 2, column: 10, endLine: 2, endColumn: 15 },
        { messageId: 'rawClientInRouter', line: 3, column: 26, endLine: 3, endColumn: 33 },
      ],
    },
    {
      name: 'chat, messaging and SaaS SDKs in a service',
      filename: service,
      code: "import { WebClient } from '@slack/web-api';\nimport { Octokit } from '@octokit/rest';\nimport { createClient } from '@supabase/supabase-js';",
      errors: [
        { messageId: 'rawClientOutsideAdapter', line: 1, column: 27, endLine: 1, endColumn: 43 },
        { messageId: 'rawClientOutsideAdapter', line: 2, column: 25, endLine: 2, endColumn: 40 },
        { messageId: 'rawClientOutsideAdapter', line: 3, column: 30, endLine: 3, endColumn: 53 },
      ],
    },
  ],
});

const external = typedFile('server/services/external-calls.ts');

new RuleTester({ typed: true, filename: external }).run('no-raw-external-client (typed)', rule, {
  valid: [
    {
      name: 'with types, a local fetch shadows the DOM lib global',
      filename: external,
      code: 'const fetch = (u: string) => Promise.resolve(u);\nexport const get = (url: string) => fetch(url);',
    },
  ],
  invalid: [
    {
      name: 'with types, the DOM lib fetch is the global',
      filename: external,
      code: 'export const get = (url: string) => fetch(url);',
      errors: [{ messageId: 'rawClientOutsideAdapter', line: 1, column: 37, endLine: 1, endColumn: 42 }],
    },
  ],
});
