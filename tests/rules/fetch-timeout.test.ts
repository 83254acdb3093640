import rule from '../../rules/fetch-timeout.js';
import { file, RuleTester } from '../_utils/rule-tester.js';

const adapter = file('server/adapters/asaas.ts');

new RuleTester({ filename: adapter }).run('fetch-timeout', rule, {
  valid: [
    { name: 'fetch with AbortSignal.timeout', code: "export const get = () => fetch('https://api.asaas.com/v3/payments', { signal: AbortSignal.timeout(5_000) });" },
    {
      name: 'AbortSignal.any combining the caller signal with a timeout',
      code: "export const get = (signal: AbortSignal) => fetch('https://x.test', { signal: AbortSignal.any([signal, AbortSignal.timeout(5_000)]) });",
    },
    {
      name: 'an AbortController aborted by a timer',
      code: "export async function get() {\n  const controller = new AbortController();\n  const timer = setTimeout(() => controller.abort(), 5_000);\n  try {\n    return await fetch('https://x.test', { signal: controller.signal });\n  } finally {\n    clearTimeout(timer);\n  }\n}",
    },
    {
      name: 'a signal received as a parameter (the caller owns the budget)',
      code: "export async function send(url: URL, signal: AbortSignal) {\n  return fetch(url, { method: 'POST', signal });\n}",
    },
    { name: 'an init received from the caller', code: 'export const get = (url: string, init: RequestInit) => fetch(url, init);' },
    { name: 'a signal held in a const', code: "const signal = AbortSignal.timeout(3_000);\nexport const get = () => fetch('https://x.test', { signal });" },
    { name: 'an init with a spread that may carry the signal', code: "export const get = (extra: RequestInit) => fetch('https://x.test', { ...extra, method: 'GET' });" },
    { name: 'a signal built by a helper call', code: "import { budget } from './_resilience';\nexport const get = () => fetch('https://x.test', { signal: budget(5_000) });" },
    { name: 'a forwarded incoming request (Hono c.req.raw)', code: "export const proxy = (c: { req: { raw: Request } }) => fetch(c.req.raw);" },
    {
      name: 'a contextually typed fetcher forwarding its input (may be a Request)',
      code: "type Fetcher = (input: Request | string, init?: RequestInit) => Promise<Response>;\nexport const fetcher: Fetcher = (input, init) => (init == null ? fetch(input) : fetch(input, init));",
    },
    { name: 'a Request built with a signal', code: "export const get = () => {\n  const request = new Request('https://x.test', { signal: AbortSignal.timeout(1_000) });\n  return fetch(request);\n};" },
    { name: 'a local function named fetch', code: "function fetch(url: string) { return url; }\nexport const get = () => fetch('https://x.test');" },
    { name: 'Hono app.fetch is not an HTTP call', code: "import { Hono } from 'hono';\nconst app = new Hono();\nexport const handle = (req: Request) => app.fetch(req);" },
    { name: 'client code outside server/ is not checked', filename: file('web/src/api.ts'), code: "export const get = () => fetch('/api/leads');" },
    { name: 'tests are not server code', filename: file('server/adapters/asaas.test.ts'), code: "await fetch('http://127.0.0.1:3000/health');" },
    { name: 'axios call with a timeout', code: "import axios from 'axios';\nexport const get = () => axios.get('https://x.test', { timeout: 5_000 });" },
    { name: 'axios post with a timeout in the third argument', code: "import axios from 'axios';\nexport const post = (data: object) => axios.post('https://x.test', data, { timeout: 5_000 });" },
    {
      name: 'an axios instance created with a timeout',
      code: "import axios from 'axios';\nconst api = axios.create({ baseURL: 'https://x.test', timeout: 5_000 });\nexport const get = () => api.get('/payments');\nexport const remove = (id: string) => api.delete(`/payments/${id}`);",
    },
    { name: 'axios.defaults.timeout set in the module', code: "import axios from 'axios';\naxios.defaults.timeout = 5_000;\nexport const get = () => axios.get('https://x.test');" },
    { name: 'axios config object with a signal', code: "import axios from 'axios';\nexport const get = () => axios({ url: 'https://x.test', signal: AbortSignal.timeout(5_000) });" },
    { name: 'a Map#delete or a cache get is not an HTTP call', code: "const cache = new Map<string, number>();\nexport const drop = (k: string) => cache.delete(k);\nexport const read = (k: string) => cache.get(k);" },
    { name: 'ky has a 10 s timeout by default', code: "import ky from 'ky';\nexport const get = () => ky.get('https://x.test').json();" },
    { name: 'a ky instance with a timeout', code: "import ky from 'ky';\nconst api = ky.create({ prefixUrl: 'https://x.test', timeout: 5_000 });\nexport const get = () => api.get('payments');" },
    { name: 'got with a request timeout', code: "import got from 'got';\nexport const get = () => got('https://x.test', { timeout: { request: 5_000 } });" },
    { name: 'a got instance extended with a request timeout', code: "import got from 'got';\nconst client = got.extend({ timeout: { request: 5_000 } });\nexport const get = () => client.get('https://x.test');" },
    { name: 'ofetch with a timeout', code: "import { ofetch } from 'ofetch';\nexport const get = () => ofetch('https://x.test', { timeout: 5_000 });" },
    { name: 'an ofetch instance created with a timeout', code: "import { ofetch } from 'ofetch';\nconst api = ofetch.create({ baseURL: 'https://x.test', timeout: 5_000 });\nexport const get = () => api('/payments');" },
    { name: 'undici fetch with a signal', code: "import { fetch } from 'undici';\nexport const get = () => fetch('https://x.test', { signal: AbortSignal.timeout(2_000) });" },
    { name: 'a signal from the caller or a default timeout', code: "export const get = (signal?: AbortSignal) => fetch('https://x.test', { signal: signal ?? AbortSignal.timeout(5_000) });" },
    {
      name: 'a timeout-applying wrapper: its fetch has the signal, its callers need none',
      code: "const http = (url: string, init: RequestInit = {}) => fetch(url, { ...init, signal: AbortSignal.timeout(5_000) });\nexport const payments = () => http('https://x.test/payments');",
    },
    { name: 'axios type-only import', code: "import type { AxiosInstance } from 'axios';\ndeclare const api: AxiosInstance;\nexport const get = () => api.get('/x');" },
  ],
  invalid: [
    {
      name: 'global fetch with no init',
      code: "export const get = () => fetch('https://api.asaas.com/v3/payments');",
      errors: [{ messageId: 'missingTimeout', line: 1, column: 26, endLine: 1, endColumn: 31 }],
    },
    {
      name: 'global fetch with an init but no signal',
      code: "export const post = (body: string) => fetch('https://x.test', { method: 'POST', body });",
      errors: [{ messageId: 'missingTimeout', line: 1, column: 39, endLine: 1, endColumn: 44 }],
    },
    {
      name: 'a url parameter is not a forwarded request',
      code: 'export async function get(url: string) {\n  return fetch(url);\n}',
      errors: [{ messageId: 'missingTimeout', line: 2, column: 10, endLine: 2, endColumn: 15 }],
    },
    {
      name: 'globalThis.fetch with an init held in a const',
      code: "const init = { headers: { accept: 'application/json' } };\nexport const get = () => globalThis.fetch('https://x.test', init);",
      errors: [{ messageId: 'missingTimeout', line: 2, column: 26, endLine: 2, endColumn: 42 }],
    },
    {
      name: 'a conditional spread of literals carries no signal',
      code: "export const post = (body?: string) => fetch('https://x.test', { method: 'POST', ...(body === undefined ? {} : { body }) });",
      errors: [{ messageId: 'missingTimeout', line: 1, column: 40, endLine: 1, endColumn: 45 }],
    },
    {
      name: 'signal: undefined',
      code: "export const get = () => fetch('https://x.test', { signal: undefined });",
      errors: [{ messageId: 'missingTimeout', line: 1, column: 26, endLine: 1, endColumn: 31 }],
    },
    {
      name: 'an AbortController nobody aborts on a timer',
      code: "export async function get() {\n  const controller = new AbortController();\n  return fetch('https://x.test', { signal: controller.signal });\n}",
      errors: [{ messageId: 'signalNeverTimesOut', line: 3, column: 44, endLine: 3, endColumn: 61 }],
    },
    {
      name: 'node-fetch default import with no signal',
      code: "import nodeFetch from 'node-fetch';\nexport const get = () => nodeFetch('https://x.test');",
      errors: [{ messageId: 'missingTimeout', line: 2, column: 26, endLine: 2, endColumn: 35 }],
    },
    {
      name: 'axios.get without a timeout',
      code: "import axios from 'axios';\nexport const get = () => axios.get('https://x.test');",
      errors: [{ messageId: 'missingTimeout', line: 2, column: 26, endLine: 2, endColumn: 35 }],
    },
    {
      name: 'axios.post with a config but no timeout',
      code: "import axios from 'axios';\nexport const post = (d: object) => axios.post('https://x.test', d, { headers: {} });",
      errors: [{ messageId: 'missingTimeout', line: 2, column: 36, endLine: 2, endColumn: 46 }],
    },
    {
      name: 'an axios instance without a timeout',
      code: "import axios from 'axios';\nconst api = axios.create({ baseURL: 'https://x.test' });\nexport const get = () => api.get('/payments');",
      errors: [{ messageId: 'missingTimeout', line: 3, column: 26, endLine: 3, endColumn: 33 }],
    },
    {
      name: 'axios timeout: 0 means none',
      code: "import axios from 'axios';\nexport const get = () => axios.get('https://x.test', { timeout: 0 });",
      errors: [{ messageId: 'timeoutDisabled', line: 2, column: 56, endLine: 2, endColumn: 66 }],
    },
    {
      name: 'ky with the timeout turned off',
      code: "import ky from 'ky';\nexport const get = () => ky('https://x.test', { timeout: false });",
      errors: [{ messageId: 'timeoutDisabled', line: 2, column: 49, endLine: 2, endColumn: 63 }],
    },
    {
      name: 'got without a timeout',
      code: "import got from 'got';\nexport const get = () => got.post('https://x.test', { json: {} });",
      errors: [{ messageId: 'missingTimeout', line: 2, column: 26, endLine: 2, endColumn: 34 }],
    },
    {
      name: 'got with only a connect-phase timeout',
      code: "import got from 'got';\nexport const get = () => got('https://x.test', { timeout: { connect: 1_000 } });",
      errors: [{ messageId: 'missingTimeout', line: 2, column: 26, endLine: 2, endColumn: 29 }],
    },
    {
      name: 'ofetch without a timeout, in a service',
      filename: file('server/services/geo.ts'),
      code: "import { $fetch } from 'ofetch';\nexport const lookup = (cep: string) => $fetch(`https://viacep.com.br/ws/${cep}/json/`);",
      errors: [{ messageId: 'missingTimeout', line: 2, column: 40, endLine: 2, endColumn: 46 }],
    },
    {
      name: 'allowCallerSignal: false asks the call site for its own timeout',
      options: [{ allowCallerSignal: false }],
      code: "export const send = (url: URL, signal: AbortSignal) => fetch(url, { signal });",
      errors: [{ messageId: 'signalFromCaller', line: 1, column: 69, endLine: 1, endColumn: 75 }],
    },
  ],
});
