import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { AlterTableCmd, AlterTableStmt, ColumnDef, Constraint, CreateStmt, CreateTableAsStmt, DropStmt, IndexStmt, Node as PgNode, RangeVar, RenameStmt } from 'libpg-query';
import { glob } from 'tinyglobby';
import { SyntaxKind } from '../ts-morph.js';
import type { ProjectCheck } from '../check.js';
import { propertyKey, staticText, type ProjectContext } from '../project.js';
import { loadParser, parseSql, type SqlStatement } from '../sql.js';

/** drizzle-kit's separator, which Drizzle's migrator splits each migration file on. */
const BREAKPOINT = '--> statement-breakpoint';
const DRIZZLE_CONFIG = /^drizzle\.config\.(?:ts|mts|cts|js|mjs|cjs)$/;
const POSTGRES_DIALECTS = new Set(['postgresql', 'postgres', 'pg']);
const SERIAL_TYPES = new Set(['serial', 'serial2', 'serial4', 'serial8', 'smallserial', 'bigserial']);
/** A reviewed exception, as an SQL comment right before the statement: `-- backend-guard-ignore migration-safety: why`. */
const IGNORE_COMMENT = /backend-guard-ignore\s+migration-safety\b/;

export interface MigrationSafetyOptions {
  rollback: string;
  transaction: boolean;
}

interface Journal {
  file: string;
  text: string;
  dialect: string | undefined;
  tags: string[];
}

interface Folder {
  dir: string;
  /** From drizzle.config's `dialect` (the journal's wins). */
  dialect: string | undefined;
}

const tableKey = (relation: RangeVar | undefined) => `${relation?.schemaname ?? 'public'}.${relation?.relname ?? ''}`;
const tableName = (relation: RangeVar | undefined) => (relation?.schemaname ? `${relation.schemaname}.${relation.relname}` : (relation?.relname ?? '?'));

function only<T>(node: PgNode | undefined, kind: string): T | undefined {
  return node !== undefined && kind in node ? ((node as Record<string, unknown>)[kind] as T) : undefined;
}

function stringsOf(list: PgNode | undefined): string[] {
  const items = only<{ items?: PgNode[] }>(list, 'List')?.items ?? [];
  return items.map((item) => only<{ sval?: string }>(item, 'String')?.sval ?? '');
}

/** `col IS NOT NULL`: the CHECK that lets SET NOT NULL skip its table scan once validated. */
function notNullCheckColumn(constraint: Constraint): string | undefined {
  const test = only<{ arg?: PgNode; nulltesttype?: string }>(constraint.raw_expr, 'NullTest');
  if (test?.nulltesttype !== 'IS_NOT_NULL') return undefined;
  const fields = only<{ fields?: PgNode[] }>(test.arg, 'ColumnRef')?.fields ?? [];
  const last = fields.at(-1);
  return last ? only<{ sval?: string }>(last, 'String')?.sval : undefined;
}

/** Folders holding Drizzle migrations: the migrations role's .sql files, and drizzle.config's `out`. */
async function migrationFolders(context: ProjectContext): Promise<Folder[]> {
  const folders = new Map<string, Folder>();
  const sqlFiles = await glob(['**/*.sql'], { cwd: context.root, ignore: [...context.config.ignores], absolute: true, onlyFiles: true });
  for (const file of sqlFiles) {
    if (!context.roles.is(file, 'migrations') || file.endsWith('.down.sql')) continue;
    const dir = path.dirname(file);
    if (!folders.has(dir)) folders.set(dir, { dir, dialect: undefined });
  }
  for (const file of context.files.filter((f) => DRIZZLE_CONFIG.test(path.basename(f)))) {
    const sourceFile = context.sourceFile(file);
    let out: string | undefined;
    let dialect: string | undefined;
    for (const property of sourceFile.getDescendantsOfKind(SyntaxKind.PropertyAssignment)) {
      const key = propertyKey(property);
      if (key === 'out') out = staticText(property.getInitializer());
      if (key === 'dialect') dialect = staticText(property.getInitializer());
    }
    if (out === undefined) continue;
    const dir = path.resolve(path.dirname(file), out);
    if (!existsSync(dir)) continue;
    folders.set(dir, { dir, dialect: dialect ?? folders.get(dir)?.dialect });
  }
  return [...folders.values()];
}

function readJournal(dir: string): Journal | undefined {
  const file = path.join(dir, 'meta', '_journal.json');
  if (!existsSync(file)) return undefined;
  const text = readFileSync(file, 'utf8');
  try {
    const json = JSON.parse(text) as { dialect?: unknown; entries?: { tag?: unknown }[] };
    const tags = (json.entries ?? []).flatMap((entry) => (typeof entry.tag === 'string' ? [entry.tag] : []));
    return { file, text, dialect: typeof json.dialect === 'string' ? json.dialect : undefined, tags };
  } catch {
    return { file, text, dialect: undefined, tags: [] };
  }
}

function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
}

type Report = Parameters<ProjectCheck['run']>[2];

/** Statement-level risks of one migration, given the tables it creates and the NOT NULL checks validated so far. */
class MigrationAnalyser {
  /** `schema.table` → columns with a validated `CHECK (col IS NOT NULL)`. */
  private readonly validatedNotNull = new Map<string, Set<string>>();
  /** `schema.table#constraint` → column of a NOT VALID `CHECK (col IS NOT NULL)`. */
  private readonly pendingNotNull = new Map<string, string>();

  constructor(private readonly report: Report) {}

  /** `transactional`: the migrator runs this file in its transaction (it is in the journal). */
  analyse(file: string, text: string, statements: { statement: SqlStatement; offset: number }[], transactional: boolean): void {
    const created = new Set<string>();
    for (const { statement, offset } of statements) {
      const at = { file, ...position(text, offset + statement.start) };
      const ignored = statement.leadingComments.some((comment) => IGNORE_COMMENT.test(comment));
      const say = (messageId: string, data: Record<string, string>) => {
        if (!ignored) this.report(messageId, at, data);
      };
      const { node } = statement;
      const create = only<CreateStmt>(node, 'CreateStmt');
      if (create) created.add(tableKey(create.relation));
      const createAs = only<CreateTableAsStmt>(node, 'CreateTableAsStmt');
      if (createAs) created.add(tableKey(createAs.into?.rel));

      const drop = only<DropStmt>(node, 'DropStmt');
      if (drop) {
        if (drop.concurrent && transactional) say('concurrentlyInTransaction', { statement: 'DROP INDEX CONCURRENTLY' });
        if (drop.removeType === 'OBJECT_TABLE') {
          for (const object of drop.objects ?? []) {
            const parts = stringsOf(object);
            const relation: RangeVar = parts.length > 1 ? { schemaname: parts[0], relname: parts[1] } : { relname: parts[0] };
            if (!created.has(tableKey(relation))) say('dropTable', { table: tableName(relation) });
          }
        }
      }

      const index = only<IndexStmt>(node, 'IndexStmt');
      if (index) {
        if (index.concurrent) {
          if (transactional) say('concurrentlyInTransaction', { statement: 'CREATE INDEX CONCURRENTLY' });
        } else if (!created.has(tableKey(index.relation))) say('createIndexBlocking', { table: tableName(index.relation) });
      }

      const rename = only<RenameStmt>(node, 'RenameStmt');
      if (rename && !created.has(tableKey(rename.relation))) {
        if (rename.renameType === 'OBJECT_TABLE') say('rename', { what: `table ${tableName(rename.relation)}` });
        if (rename.renameType === 'OBJECT_COLUMN' && rename.relationType === 'OBJECT_TABLE') {
          say('rename', { what: `column ${tableName(rename.relation)}.${rename.subname ?? '?'}` });
        }
      }

      const alter = only<AlterTableStmt>(node, 'AlterTableStmt');
      if (alter && alter.objtype === 'OBJECT_TABLE') {
        const key = tableKey(alter.relation);
        const table = tableName(alter.relation);
        const isNew = created.has(key);
        for (const cmdNode of alter.cmds ?? []) {
          const cmd = only<AlterTableCmd>(cmdNode, 'AlterTableCmd');
          if (!cmd) continue;
          this.track(key, cmd);
          if (isNew) continue;
          const column = cmd.name ?? '?';
          switch (cmd.subtype) {
            case 'AT_DropColumn':
              say('dropColumn', { table, column });
              break;
            case 'AT_AlterColumnType':
              say('changeColumnType', { table, column });
              break;
            case 'AT_SetNotNull':
              if (!this.validatedNotNull.get(key)?.has(column)) say('setNotNull', { table, column });
              break;
            case 'AT_AddColumn': {
              const def = only<ColumnDef>(cmd.def, 'ColumnDef');
              const constraints = (def?.constraints ?? []).flatMap((c) => only<Constraint>(c, 'Constraint') ?? []);
              const notNull = def?.is_not_null === true || constraints.some((c) => c.contype === 'CONSTR_NOTNULL' || c.contype === 'CONSTR_PRIMARY');
              const typeName = def?.typeName?.names?.map((n) => only<{ sval?: string }>(n, 'String')?.sval ?? '').at(-1) ?? '';
              const filled =
                def?.raw_default !== undefined ||
                constraints.some((c) => c.contype === 'CONSTR_DEFAULT' || c.contype === 'CONSTR_IDENTITY' || c.contype === 'CONSTR_GENERATED') ||
                SERIAL_TYPES.has(typeName.toLowerCase());
              if (notNull && !filled) say('addNotNullColumn', { table, column: def?.colname ?? '?' });
              break;
            }
            case 'AT_AddConstraint': {
              const constraint = only<Constraint>(cmd.def, 'Constraint');
              if (!constraint) break;
              const name = constraint.conname ?? (constraint.contype === 'CONSTR_FOREIGN' ? 'a foreign key' : 'a constraint');
              if ((constraint.contype === 'CONSTR_FOREIGN' || constraint.contype === 'CONSTR_CHECK') && !constraint.skip_validation) {
                say('constraintNotValid', { table, constraint: name });
              } else if ((constraint.contype === 'CONSTR_UNIQUE' || constraint.contype === 'CONSTR_PRIMARY' || constraint.contype === 'CONSTR_EXCLUSION') && !constraint.indexname) {
                say('constraintBuildsIndex', { table, constraint: name });
              }
              break;
            }
            default:
              break;
          }
        }
      }
    }
  }

  /** Records `CHECK (col IS NOT NULL)` constraints and their validation, for SET NOT NULL's safe form. */
  private track(table: string, cmd: AlterTableCmd): void {
    if (cmd.subtype === 'AT_AddConstraint') {
      const constraint = only<Constraint>(cmd.def, 'Constraint');
      const column = constraint?.contype === 'CONSTR_CHECK' ? notNullCheckColumn(constraint) : undefined;
      if (!constraint || column === undefined) return;
      if (constraint.skip_validation) this.pendingNotNull.set(`${table}#${constraint.conname ?? ''}`, column);
      else this.validate(table, column);
    } else if (cmd.subtype === 'AT_ValidateConstraint') {
      const column = this.pendingNotNull.get(`${table}#${cmd.name ?? ''}`);
      if (column !== undefined) this.validate(table, column);
    }
  }

  private validate(table: string, column: string): void {
    const columns = this.validatedNotNull.get(table) ?? new Set<string>();
    columns.add(column);
    this.validatedNotNull.set(table, columns);
  }
}

/** Splits a migration on drizzle-kit's breakpoints (exactly as the migrator does) and parses each chunk. */
function parseMigration(text: string, report: Report, file: string): { statement: SqlStatement; offset: number }[] | undefined {
  const statements: { statement: SqlStatement; offset: number }[] = [];
  let offset = 0;
  let failed = false;
  for (const chunk of text.split(BREAKPOINT)) {
    const parsed = parseSql(chunk);
    if (parsed.ok) for (const statement of parsed.statements) statements.push({ statement, offset });
    else {
      failed = true;
      report('parseError', { file, ...position(text, offset + parsed.offset) }, { error: parsed.message });
    }
    offset += chunk.length + BREAKPOINT.length;
  }
  return failed ? undefined : statements;
}

export const migrationSafety: ProjectCheck<MigrationSafetyOptions> = {
  id: 'migration-safety',
  meta: {
    description: 'Require every Drizzle migration to have a rollback script and flag statements that lose data or lock tables',
    messages: {
      missingRollback: 'This migration has no rollback script; add {{rollback}}',
      notInJournal: '{{file}} is not in meta/_journal.json, so the migrator never runs it; generate it with drizzle-kit',
      missingMigrationFile: 'The journal lists {{tag}} but {{file}} does not exist; restore it or fix the journal',
      parseError: 'PostgreSQL cannot parse this statement ({{error}}); fix the migration',
      dropTable: 'DROP TABLE {{table}} loses its data; stop using it in one release, drop it in a later one',
      dropColumn: 'DROP COLUMN {{table}}.{{column}} loses its data; stop reading it first, drop it in a later release',
      changeColumnType: 'Changing the type of {{table}}.{{column}} rewrites and locks the table; add a new column and backfill',
      rename: 'Renaming {{what}} breaks code still using the old name; add the new name, migrate, then drop',
      addNotNullColumn: 'ADD COLUMN {{column}} NOT NULL without a DEFAULT fails on a non-empty {{table}}; add it nullable, backfill',
      setNotNull: 'SET NOT NULL on {{table}}.{{column}} scans under an exclusive lock; validate a NOT NULL CHECK first',
      createIndexBlocking: 'CREATE INDEX on {{table}} blocks writes while it builds; build it CONCURRENTLY outside the migrator',
      concurrentlyInTransaction: '{{statement}} fails inside the migrator’s transaction; run it as a separate step',
      constraintNotValid: 'Adding {{constraint}} to {{table}} scans it under lock; add it NOT VALID, validate it later',
      constraintBuildsIndex: 'Adding {{constraint}} to {{table}} builds an index under lock; build it CONCURRENTLY, then USING INDEX',
    },
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        rollback: {
          type: 'string',
          description: 'Where the rollback script of migration `{tag}` lives, relative to the migrations folder.',
        },
        transaction: {
          type: 'boolean',
          description: 'Migrations run inside one transaction (Drizzle’s migrator does), so CONCURRENTLY cannot be used in them.',
        },
      },
    },
    defaultOptions: { rollback: 'rollback/{tag}.down.sql', transaction: true },
  },
  async run(context, options, report) {
    const folders = await migrationFolders(context);
    if (folders.length === 0) return;
    await loadParser();
    for (const folder of folders) {
      const journal = readJournal(folder.dir);
      const sqlFiles = readdirSync(folder.dir)
        .filter((name) => name.endsWith('.sql') && !name.endsWith('.down.sql'))
        .sort();
      if (journal === undefined && sqlFiles.length === 0) continue;
      const journalTags = new Set(journal?.tags ?? []);
      const relativeDir = context.relative(folder.dir);
      const dialect = journal?.dialect ?? folder.dialect ?? 'postgresql';
      const analyser = POSTGRES_DIALECTS.has(dialect) ? new MigrationAnalyser(report) : undefined;

      for (const tag of journal?.tags ?? []) {
        if (sqlFiles.includes(`${tag}.sql`)) continue;
        const offset = journal!.text.indexOf(`"${tag}"`);
        report('missingMigrationFile', { file: context.relative(journal!.file), ...position(journal!.text, Math.max(0, offset)) }, { tag, file: `${tag}.sql` });
      }
      // Journal order first (the order the migrator applies them), then files it does not list.
      const ordered = [...(journal?.tags ?? []).filter((tag) => sqlFiles.includes(`${tag}.sql`)).map((tag) => `${tag}.sql`), ...sqlFiles.filter((name) => !journalTags.has(name.slice(0, -4)))];
      for (const name of ordered) {
        const file = path.join(folder.dir, name);
        const relative = context.relative(file);
        const tag = name.slice(0, -4);
        const start = { file: relative, line: 1, column: 1 };
        if (journal !== undefined && !journalTags.has(tag)) report('notInJournal', start, { file: name });
        const rollback = options.rollback.replaceAll('{tag}', tag);
        const rollbackFile = path.resolve(folder.dir, rollback);
        if (!existsSync(rollbackFile)) report('missingRollback', start, { tag, rollback: `${relativeDir}/${rollback}` });
        if (analyser === undefined) continue;
        const text = readFileSync(file, 'utf8');
        const statements = parseMigration(text, report, relative);
        // A file outside the journal is not run by Drizzle's migrator (notInJournal says so), so not in its transaction.
        if (statements) analyser.analyse(relative, text, statements, options.transaction && (journal === undefined || journalTags.has(tag)));
        if (existsSync(rollbackFile)) {
          const rollbackText = readFileSync(rollbackFile, 'utf8');
          const parsed = parseSql(rollbackText);
          if (!parsed.ok) report('parseError', { file: context.relative(rollbackFile), ...position(rollbackText, parsed.offset) }, { error: parsed.message });
        }
      }
    }
  },
};
