// fetch-timeout: outbound HTTP calls with no timeout or timed signal.
import type { Mutation } from '../_utils/mutation-harness.js';

export const mutations: Mutation[] = [
  {
    name: "the resilience layer stops handing the attempt's signal to fetch",
    file: 'server/adapters/_resilience.ts',
    find: '        headers,\n        signal,\n',
    replace: '        headers,\n',
    expect: [{ ruleId: 'fetch-timeout', at: 'fetch(url, {' }],
  },
  {
    name: "the Asaas adapter downloads an invoice PDF with a bare fetch",
    file: 'server/adapters/asaas.ts',
    find: 'export type AsaasAdapter = ReturnType<typeof createAsaasAdapter>;',
    replace: `export type AsaasAdapter = ReturnType<typeof createAsaasAdapter>;

/** The invoice PDF behind a payment's invoiceUrl. */
export async function downloadInvoicePdf(invoiceUrl: string): Promise<ArrayBuffer> {
  const response = await fetch(invoiceUrl, { headers: { accept: 'application/pdf' } });
  return response.arrayBuffer();
}`,
    expect: [{ ruleId: 'fetch-timeout', at: 'fetch(invoiceUrl' }],
  },
  {
    name: 'the Clerk adapter fetches the JWKS with an AbortController no timer aborts',
    file: 'server/adapters/clerk.ts',
    find: 'export type ClerkAdapter = ReturnType<typeof createClerkAdapter>;',
    replace: `export type ClerkAdapter = ReturnType<typeof createClerkAdapter>;

/** Clerk's JSON Web Key Set, for networkless token verification. */
export async function fetchJwks(): Promise<unknown> {
  const controller = new AbortController();
  const response = await fetch(\`\${env.CLERK_API_URL}/v1/jwks\`, { signal: controller.signal });
  return response.json();
}`,
    expect: [{ ruleId: 'fetch-timeout', at: 'controller.signal }' }],
  },
  {
    name: 'the WhatsApp adapter posts media through an axios instance with no timeout',
    file: 'server/adapters/whatsapp.ts',
    find: "import { z } from 'zod';",
    replace: "import { z } from 'zod';\nimport axios from 'axios';\n\nconst graph = axios.create({ baseURL: 'https://graph.facebook.com/v20.0' });\nexport const uploadMedia = (phoneNumberId: string, form: FormData) => graph.post(`/${phoneNumberId}/media`, form);",
    expect: [{ ruleId: 'fetch-timeout', at: 'graph.post(' }],
  },
  {
    name: 'a new address adapter turns the axios timeout off',
    file: 'server/adapters/viacep.ts',
    create: `// ViaCEP: Brazilian postal-code lookup.
import axios from 'axios';

export async function lookupCep(cep: string): Promise<unknown> {
  const { data } = await axios.get(\`https://viacep.com.br/ws/\${encodeURIComponent(cep)}/json/\`, { timeout: 0 });
  return data;
}
`,
    expect: [{ ruleId: 'fetch-timeout', at: 'timeout: 0' }],
  },
  {
    name: 'a job pings a health endpoint through node-fetch with no signal (also a raw client outside adapters)',
    file: 'server/jobs/definitions.ts',
    find: "import type { JobFn, JobWindowSpec } from './runner';",
    replace: "import type { JobFn, JobWindowSpec } from './runner';\nimport nodeFetch from 'node-fetch';\n\nexport const pingStatusPage = () => nodeFetch('https://status.example.com/ping', { method: 'POST' });",
    // Declared, as a team adding it would: whether npm installed it elsewhere in the tree then
    // changes nothing (an undeclared one is dependency-cruiser's no-non-package-json).
    edits: [{ file: 'package.json', find: '"cockatiel": "3.2.1",', replace: '"cockatiel": "3.2.1",\n    "node-fetch": "3.3.2",' }],
    expect: [
      { ruleId: 'no-raw-external-client', at: "'node-fetch'" },
      { ruleId: 'fetch-timeout', at: "nodeFetch('https" },
    ],
  },
];
