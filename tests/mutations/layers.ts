// layers: an import against the layer matrix (routers → services…, adapters → lib/env/logger, …).
import type { Mutation } from '../_utils/mutation-harness.js';

export const mutations: Mutation[] = [
  {
    name: 'a router sends WhatsApp messages through the adapter, skipping the service',
    file: 'server/routers/whatsapp.ts',
    find: "import * as whatsappService from '../services/whatsapp';",
    replace: "import * as whatsappService from '../services/whatsapp';\nimport { sendWhatsAppText } from '../adapters/whatsapp';\n\nexport const sendDirect = sendWhatsAppText;",
    expect: [{ ruleId: 'layers', at: "'../adapters/whatsapp'" }],
  },
  {
    name: 'an adapter writes to the database itself (type-only import of Db beside it is fine)',
    file: 'server/adapters/whatsapp.ts',
    find: "import type { Logger } from '../_core/logger';",
    replace: "import type { Logger } from '../_core/logger';\nimport { db } from '../db';\nimport type { Db } from '../db';\n\nexport const adapterDb: Db = db;",
    expect: [{ ruleId: 'layers', at: "'../db';\nimport type" }],
  },
  {
    name: 'a service imports a router to reuse its procedures',
    file: 'server/services/metrics.ts',
    find: "import { ownedBy, type MentoradoCtx } from '../lib/ownership';",
    replace: "import { ownedBy, type MentoradoCtx } from '../lib/ownership';\nimport { leadsRouter } from '../routers/leads';\n\nexport const leadProcedures = leadsRouter._def.procedures;",
    expect: [{ ruleId: 'layers', at: "'../routers/leads'" }],
  },
  {
    name: 'webhook processing calls the WhatsApp adapter directly (re-export)',
    file: 'server/webhooks/store.ts',
    find: "import { IntegrationError } from '../lib/integration-errors';",
    replace: "import { IntegrationError } from '../lib/integration-errors';\nexport { sendWhatsAppText } from '../adapters/whatsapp';",
    expect: [{ ruleId: 'layers', at: "'../adapters/whatsapp'" }],
  },
  {
    name: 'a job imports a router (only the app router and the Hono entry may)',
    file: 'server/jobs/definitions.ts',
    find: "import { applyRetentionPolicy } from '../services/retention';",
    replace: "import { applyRetentionPolicy } from '../services/retention';\nimport { financialRouter } from '../routers/financial';\n\nexport const financialProcedures = Object.keys(financialRouter._def.procedures);",
    expect: [{ ruleId: 'layers', at: "'../routers/financial'" }],
  },
  {
    name: 'a router loads an adapter lazily with import()',
    file: 'server/routers/leads.ts',
    find: "import * as leadsService from '../services/leads';",
    replace: "import * as leadsService from '../services/leads';\n\nexport const loadWhatsApp = () => import('../adapters/whatsapp');",
    expect: [{ ruleId: 'layers', at: "'../adapters/whatsapp'" }],
  },
];
