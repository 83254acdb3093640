import rule from '../../rules/no-unsafe-sql.js';
import { RuleTester, file, typedFile } from '../_utils/rule-tester.js';

const service = file('server/services/reports.ts');

new RuleTester().run('no-unsafe-sql', rule, {
  valid: [
    { name: 'the sql tag parameterises interpolated values', filename: service, code: "import { sql } from 'drizzle-orm';\nexport const q = (id: string) => sql`select * from leads where id = ${id}`;" },
    { name: 'sql.raw with a string literal', filename: service, code: "import { sql } from 'drizzle-orm';\nexport const now = sql.raw('now()');" },
    { name: 'sql.raw with a template without expressions', filename: service, code: "import { sql } from 'drizzle-orm';\nexport const now = sql.raw(`now()`);" },
    { name: 'sql.raw with a choice between constants', filename: service, code: "import { sql } from 'drizzle-orm';\nexport const order = (asc: boolean) => sql.raw(asc ? 'ASC' : 'DESC');" },
    { name: 'sql.raw with a const initialised with constants', filename: service, code: "import { sql } from 'drizzle-orm';\nconst COLUMN = 'created_at';\nconst ORDER = COLUMN + ' DESC';\nexport const order = sql.raw(ORDER);" },
    { name: 'sql.raw with a template of constants', filename: service, code: "import { sql } from 'drizzle-orm';\nconst TABLE = 'leads';\nexport const t = sql.raw(`public.${TABLE}`);" },
    { name: 'sql from another module', filename: service, code: "import { sql } from '../lib/sql-helpers';\nexport const f = (x: string) => sql.raw(x);" },
    { name: 'a local object with a raw method', filename: service, code: 'const sql = { raw: (x: string) => x };\nexport const f = (x: string) => sql.raw(x);' },
    { name: 'raw on another object', filename: service, code: 'export const f = (c: Ctx) => c.req.raw.headers.get("x");\nexport const s = String.raw({ raw: parts });' },
    { name: 'db.execute with the sql tag', filename: service, code: "import { sql } from 'drizzle-orm';\nimport { db } from '../db';\nexport const ping = () => db.execute(sql`select 1`);" },
    { name: 'db.execute with a const bound to the sql tag', filename: service, code: "import { sql } from 'drizzle-orm';\nimport { db } from '../db';\nconst query = sql`select 1`;\nexport const ping = () => db.execute(query);" },
    { name: 'execute on a non-Drizzle object', filename: service, code: "import { retry } from 'cockatiel';\nexport const run = (policy: Policy) => policy.execute(() => call('select'));\nexport const r = retry.execute('x');" },
    { name: 'execute on an unannotated parameter', filename: service, code: "export const run = (stmt) => stmt.execute('select 1');" },
    { name: 'execute on a transaction callback of a non-Drizzle object', filename: service, code: "export const run = (queue: Queue) => queue.transaction(async (tx) => tx.execute('select 1'));" },
    { name: 'a log message that mentions an update', filename: service, code: 'export const f = (id: string) => logger.info({ id }, `Update failed for lead ${id}`);' },
    { name: 'an error text that mentions select and from', filename: service, code: 'export const f = (n: number) => new Error(`Could not select ${n} rows from cache`);\nexport const g = (list: string) => `Select a plan from ${list}`;' },
    { name: 'a concatenated message with no SQL shape', filename: service, code: "export const f = (count: number) => 'Updated ' + count + ' rows; delete ' + count + ' more';" },
    { name: 'a concatenation of constant SQL text', filename: service, code: "const ID = '1';\nexport const q = 'SELECT * FROM leads ' + 'WHERE id = ' + ID;" },
    { name: 'a template whose values are constants', filename: service, code: "const TABLE = 'leads';\nexport const q = `SELECT * FROM ${TABLE}`;" },
    { name: 'files outside server/ may build SQL text', filename: file('scripts/report.ts'), code: "export const q = (id: string) => 'SELECT * FROM leads WHERE id = ' + id;" },
    { name: 'test files may build SQL text', filename: file('server/services/reports.test.ts'), code: 'export const q = (id: string) => `DELETE FROM leads WHERE id = ${id}`;' },
    { name: 'a let that is reassigned is not followed', filename: service, code: "import { db } from '../db';\nexport function run() {\n  let q = 'select 1';\n  q = build();\n  return db.execute(q);\n}" },
    {
      name: 'a value returned by a function of another module is not a db',
      filename: service,
      code: "import { getCache } from '../lib/cache';\nexport async function run() {\n  const db = await getCache();\n  return db.execute('flush');\n}",
    },
    {
      name: 'a db from the db module getter given the sql tag',
      filename: service,
      code: "import { sql } from 'drizzle-orm';\nimport { getDb } from '../db';\nexport async function run() {\n  const db = await getDb();\n  return db.execute(sql`select 1`);\n}",
    },
    {
      name: 'a log line that says update and set',
      filename: service,
      code: 'export const f = (n: number, x: string) => `Update ${n} rows, set ${x}`;',
    },
    {
      name: 'a string built with += that is never given to execute',
      filename: service,
      code: "export function label(x: string) {\n  let text = 'select a plan';\n  text += x;\n  return text;\n}",
    },
  ],
  invalid: [
    {
      name: 'sql.raw with a parameter',
      filename: service,
      code: "import { sql } from 'drizzle-orm';\nexport const order = (column: string) => sql.raw(column);",
      errors: [{ messageId: 'dynamicRawSql', line: 2, column: 50, endLine: 2, endColumn: 56 }],
    },
    {
      name: 'a renamed sql with a template carrying a value',
      filename: service,
      code: "import { sql as q } from 'drizzle-orm';\nexport const order = (dir: string) => q.raw(`created_at ${dir}`);",
      errors: [{ messageId: 'dynamicRawSql', line: 2, column: 45, endLine: 2, endColumn: 64 }],
    },
    {
      name: 'sql through a namespace import with an object property',
      filename: service,
      code: "import * as orm from 'drizzle-orm';\nexport const order = (input: { orderBy: string }) => orm.sql.raw(input.orderBy);",
      errors: [{ messageId: 'dynamicRawSql', line: 2, column: 66, endLine: 2, endColumn: 79 }],
    },
    {
      name: 'sql from a drizzle-orm subpath with a concatenation',
      filename: service,
      code: "import { sql } from 'drizzle-orm/sql';\nexport const order = (field: string) => sql.raw('ORDER BY ' + field);",
      errors: [{ messageId: 'dynamicRawSql', line: 2, column: 49, endLine: 2, endColumn: 68 }],
    },
    {
      name: 'sql.raw with a function call, through a const alias',
      filename: service,
      code: "import { sql } from 'drizzle-orm';\nconst s = sql;\nexport const order = s.raw(direction());",
      errors: [{ messageId: 'dynamicRawSql', line: 3, column: 28, endLine: 3, endColumn: 39 }],
    },
    {
      name: 'sql.raw in a JS file with require',
      filename: file('server/services/legacy.js'),
      code: "const { sql } = require('drizzle-orm');\nexports.order = (column) => sql.raw(column);",
      errors: [{ messageId: 'dynamicRawSql', line: 2, column: 37, endLine: 2, endColumn: 43 }],
    },
    {
      name: 'a whole statement in sql.raw is reported once',
      filename: service,
      code: "import { sql } from 'drizzle-orm';\nexport const q = (table: string) =>\n  sql.raw(`SELECT * FROM ${table}`);",
      errors: [{ messageId: 'dynamicRawSql', line: 3, column: 11, endLine: 3, endColumn: 35 }],
    },
    {
      name: 'db.execute with a plain string',
      filename: service,
      code: "import { db } from '../db';\nexport const ping = () => db.execute('select 1');",
      errors: [{ messageId: 'stringToExecute', line: 2, column: 38, endLine: 2, endColumn: 48 }],
    },
    {
      name: 'db.execute with an untagged template is reported once',
      filename: service,
      code: "import { db } from '../db';\nexport const get = (id: string) =>\n  db.execute(`select * from leads where id = '${id}'`);",
      errors: [{ messageId: 'stringToExecute', line: 3, column: 14, endLine: 3, endColumn: 54 }],
    },
    {
      name: 'tx.execute inside db.transaction',
      filename: service,
      code: "import { db } from '../db';\nexport const run = () =>\n  db.transaction(async (tx) => {\n    await tx.execute('SET LOCAL statement_timeout = 1000');\n  });",
      errors: [{ messageId: 'stringToExecute', line: 4, column: 22, endLine: 4, endColumn: 58 }],
    },
    {
      name: 'db.execute with a const bound to a string',
      filename: service,
      code: "import { db } from '../db';\nconst VACUUM = 'VACUUM ANALYZE leads';\nexport const vacuum = () => db.execute(VACUUM);",
      errors: [{ messageId: 'stringToExecute', line: 3, column: 40, endLine: 3, endColumn: 46 }],
    },
    {
      name: 'execute on a parameter typed with the db module Db type',
      filename: service,
      code: "import type { Db } from '../db';\nexport const drop = (database: Db, name: string) => database.execute('DROP TABLE ' + name);",
      errors: [{ messageId: 'stringToExecute', line: 2, column: 70, endLine: 2, endColumn: 90 }],
    },
    {
      name: 'execute on a variable typed with a Drizzle type, with a let written once',
      filename: service,
      code: "import type { NeonDatabase } from 'drizzle-orm/neon-serverless';\ndeclare const database: NeonDatabase;\nexport function run() {\n  let q = 'select 1';\n  return database.execute(q);\n}",
      errors: [{ messageId: 'stringToExecute', line: 5, column: 27, endLine: 5, endColumn: 28 }],
    },
    {
      name: 'SQL concatenated with a value',
      filename: service,
      code: "export const q = (id: string) => 'SELECT * FROM leads WHERE id = ' + id;",
      errors: [{ messageId: 'concatenatedSql', line: 1, column: 34, endLine: 1, endColumn: 72 }],
    },
    {
      name: 'an UPDATE in an untagged template',
      filename: service,
      code: "export const q = (s: string, id: string) => `UPDATE leads SET status = '${s}' WHERE id = ${id}`;",
      errors: [{ messageId: 'concatenatedSql', line: 1, column: 45, endLine: 1, endColumn: 96 }],
    },
    {
      name: 'a lowercase insert in a template',
      filename: service,
      code: "export const q = (actor: string) => `insert into audit_log (actor) values ('${actor}')`;",
      errors: [{ messageId: 'concatenatedSql', line: 1, column: 37, endLine: 1, endColumn: 88 }],
    },
    {
      name: 'a DELETE whose table is a value',
      filename: service,
      code: 'export const q = (table: string, id: string) => `DELETE FROM ${table} WHERE id = ${id}`;',
      errors: [{ messageId: 'concatenatedSql', line: 1, column: 49, endLine: 1, endColumn: 88 }],
    },
    {
      name: 'a multi-line WITH statement in a template',
      filename: service,
      code: 'export const q = (owner: string) => `\n  WITH recent AS (\n    SELECT id FROM leads WHERE owner = ${owner}\n  )\n  SELECT * FROM recent`;',
      errors: [{ messageId: 'concatenatedSql', line: 1, column: 37, endLine: 5, endColumn: 24 }],
    },
    {
      name: 'a concatenation that mixes a string and a template',
      filename: service,
      code: "export const q = (owner: string) => 'SELECT id, name FROM leads ' + `WHERE owner = ${owner}`;",
      errors: [{ messageId: 'concatenatedSql', line: 1, column: 37, endLine: 1, endColumn: 93 }],
    },
    {
      name: 'assembled SQL in the db module is still assembled SQL',
      filename: file('server/db.ts'),
      code: 'export const count = (table: string) => `select count(*) from ${table}`;',
      errors: [{ messageId: 'concatenatedSql', line: 1, column: 41, endLine: 1, endColumn: 72 }],
    },
    {
      name: 'db.execute given a string, on a db obtained from the db module getter',
      filename: service,
      code: "import { getDb } from '../db';\nexport async function purge() {\n  const db = await getDb();\n  return db.execute(\"delete from leads where archived\");\n}",
      errors: [{ messageId: 'stringToExecute', data: { callee: 'db.execute' }, line: 4, column: 21, endLine: 4, endColumn: 55 }],
    },
    {
      name: 'an untagged template given to execute on the awaited getter itself',
      filename: service,
      code: "import * as database from '../db';\nexport const remove = async (id: string) => (await database.getDb()).execute(`delete from leads where id = '${id}'`);",
      errors: [{ messageId: 'stringToExecute', line: 2, column: 78, endLine: 2, endColumn: 116 }],
    },
    {
      name: 'UPDATE … SET with the assignment list interpolated',
      filename: service,
      code: 'export const update = (cols: string[]) => `UPDATE leads SET ${cols.join(", ")} WHERE id = $1`;',
      errors: [{ messageId: 'concatenatedSql', line: 1, column: 43, endLine: 1, endColumn: 94 }],
    },
    {
      name: 'a query built with += and given to execute',
      filename: service,
      code: "import { db } from '../db';\nexport function search(name?: string) {\n  let query = 'SELECT * FROM leads WHERE 1=1';\n  if (name) query += ` AND name = '${name}'`;\n  return db.execute(query);\n}",
      errors: [{ messageId: 'stringToExecute', line: 5, column: 21, endLine: 5, endColumn: 26 }],
    },
    {
      name: 'a query built with += and given to sql.raw: the message names the call',
      filename: service,
      code: "import { sql as q } from 'drizzle-orm';\nexport function order(column: string) {\n  let clause = 'ORDER BY ';\n  clause += column;\n  return q.raw(clause);\n}",
      errors: [{ messageId: 'dynamicRawSql', data: { callee: 'q.raw', argument: 'clause' }, line: 5, column: 16, endLine: 5, endColumn: 22 }],
    },
  ],
});

const sqlAccess = typedFile('server/services/sql-access.ts');
const pgDb = "import { sql } from 'drizzle-orm';\nimport type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';\ninterface Ctx { db: PgDatabase<PgQueryResultHKT> }\n";

new RuleTester({ typed: true, filename: sqlAccess }).run('no-unsafe-sql (typed)', rule, {
  valid: [
    {
      name: 'with types, execute of another class given a string',
      filename: sqlAccess,
      code: "class Runner { execute(q: string) { return q; } }\nexport const r = new Runner().execute('select 1');",
    },
    {
      name: 'with types, a Drizzle db through ctx given the sql tag',
      filename: sqlAccess,
      code: `${pgDb}export const ping = (ctx: Ctx) => ctx.db.execute(sql\`select 1\`);`,
    },
    {
      name: 'with types, raw on a non-Drizzle object',
      filename: sqlAccess,
      code: 'declare const sql: { raw(s: string): string };\nexport const f = (input: string) => sql.raw(input);',
    },
    {
      name: 'with types, sql.raw of a number turned into text (inside a quoted interval literal)',
      filename: sqlAccess,
      code: `${pgDb}export const due = (hoursAhead: number) => sql\`now() + interval '\${sql.raw(String(hoursAhead + 1))} hours'\`;`,
    },
    {
      name: 'with types, sql.raw of toFixed and a template of numbers',
      filename: sqlAccess,
      code: `${pgDb}export const f = (n: number, m: 1 | 2) => [sql.raw(n.toFixed(0)), sql.raw(\`\${n} + \${m}\`)];`,
    },
  ],
  invalid: [
    {
      name: 'with types, a Drizzle db through ctx given a string',
      filename: sqlAccess,
      code: `${pgDb}export const ping = (ctx: Ctx) => ctx.db.execute('select 1');`,
      errors: [{ messageId: 'stringToExecute', line: 4, column: 50, endLine: 4, endColumn: 60 }],
    },
    {
      name: 'with types, a string-typed parameter given to execute',
      filename: sqlAccess,
      code: `${pgDb}export const run = (ctx: Ctx, query: string) => ctx.db.execute(query);`,
      errors: [{ messageId: 'stringToExecute', line: 4, column: 64, endLine: 4, endColumn: 69 }],
    },
    {
      name: 'with types, drizzle sql.raw with a parameter',
      filename: sqlAccess,
      code: `${pgDb}export const order = (column: string) => sql.raw(column);`,
      errors: [{ messageId: 'dynamicRawSql', line: 4, column: 50, endLine: 4, endColumn: 56 }],
    },
    {
      name: 'with types, String() of a string or a number-or-string is still dynamic',
      filename: sqlAccess,
      code: `${pgDb}export const f = (a: string, b: number | string) => [sql.raw(String(a)), sql.raw(\`\${b}\`)];`,
      errors: [
        { messageId: 'dynamicRawSql', line: 4, column: 62, endLine: 4, endColumn: 71 },
        { messageId: 'dynamicRawSql', line: 4, column: 82, endLine: 4, endColumn: 88 },
      ],
    },
    {
      name: 'with types, raw on a Drizzle db is named as written, not as sql.raw',
      filename: sqlAccess,
      code: `${pgDb}declare const db: PgDatabase<PgQueryResultHKT> & { raw(text: string): unknown };\nexport const f = (column: string) => db.raw(column);`,
      errors: [{ messageId: 'dynamicRawSql', data: { callee: 'db.raw', argument: 'column' }, line: 5, column: 45, endLine: 5, endColumn: 51 }],
    },
  ],
});
