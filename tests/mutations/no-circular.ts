// no-circular: a runtime import cycle inside server code, reported once at the import of the
// cycle's first module (alphabetically).
import type { Mutation } from '../_utils/mutation-harness.js';

export const mutations: Mutation[] = [
  {
    name: 'the audit service imports the users service, which records audits',
    file: 'server/services/audit.ts',
    find: "import type { Db } from '../db';",
    replace: "import type { Db } from '../db';\nimport { profileColumns } from './users';\n\nexport const auditedProfileFields = Object.keys(profileColumns);",
    expect: [{ ruleId: 'no-circular', at: "'./users'" }],
  },
  {
    name: 'the session cache imports the users service, which imports the session cache',
    file: 'server/services/session-cache.ts',
    find: "import { db, type Db } from '../db';",
    replace: "import { db, type Db } from '../db';\nimport { getUser } from './users';\n\nexport const reloadUser = getUser;",
    expect: [{ ruleId: 'no-circular', at: "'./users'" }],
  },
  {
    name: 'the pagination helper imports a service that paginates with it',
    file: 'server/lib/pagination.ts',
    find: "import { TRPCError } from '@trpc/server';",
    replace: "import { TRPCError } from '@trpc/server';\nimport { listLeads } from '../services/leads';\n\nexport const firstLeadsPage = listLeads;",
    expect: [{ ruleId: 'no-circular', at: "'../services/leads'" }],
  },
  {
    name: 'the env module imports the db module, which reads env at load',
    file: 'server/_core/env.ts',
    find: "import { z } from 'zod';",
    replace: "import { z } from 'zod';\nimport { pingDb } from '../db';\n\nexport const checkDatabase = pingDb;",
    expect: [{ ruleId: 'no-circular', at: "'../db'" }],
  },
  {
    name: 'webhook event handlers import the inbox store, which imports them (a type-only import back stays fine)',
    file: 'server/webhooks/events.ts',
    find: "import type { Db } from '../db';",
    replace: "import type { Db } from '../db';\nimport { recordWebhookEvent } from './store';\nimport type { RecordWebhookEventInput } from './store';\n\nexport const rerecord = (db: Db, input: RecordWebhookEventInput) => recordWebhookEvent(db, input);",
    expect: [{ ruleId: 'no-circular', at: "'./store';\nimport type" }],
  },
];
