import { readdir, readFile } from 'node:fs/promises';
import { LOCK_SQL, type Database, type Queryable } from './database.ts';

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);

export class MigrationError extends Error {
  constructor(
    readonly migration: string,
    cause: unknown,
  ) {
    super(`migration ${migration} failed: ${(cause as Error).message}`, { cause });
    this.name = 'MigrationError';
  }
}

/** Instances starting at once on one database take turns: each migration is applied once, by one of them. */
const MIGRATION_LOCK = 'migrations';

/**
 * Applies the numbered SQL files not yet applied, each in its own transaction, under a lock that other
 * instances wait for; a migration one of them applied meanwhile is skipped. A failure stops the start.
 */
export async function migrate(db: Database): Promise<string[]> {
  await db.transaction(async (tx) => {
    await tx.query(LOCK_SQL.transaction, [MIGRATION_LOCK]);
    await tx.query(`create table if not exists schema_migrations (
      name text primary key,
      applied_at timestamptz not null default now()
    )`);
  });
  const applied = new Set((await db.query<{ name: string }>('select name from schema_migrations')).map((r) => r.name));
  const files = (await readdir(MIGRATIONS_DIR)).filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f)).sort();
  const newlyApplied: string[] = [];
  for (const file of files) {
    if (applied.has(file)) continue;
    const sql = await readFile(new URL(file, MIGRATIONS_DIR), 'utf8');
    try {
      if (await db.transaction((tx) => applyOnce(tx, file, sql))) newlyApplied.push(file);
    } catch (error) {
      throw new MigrationError(file, error);
    }
  }
  return newlyApplied;
}

/** Applies one migration unless another instance did while this one waited for the lock. */
async function applyOnce(tx: Queryable, file: string, sql: string): Promise<boolean> {
  await tx.query(LOCK_SQL.transaction, [MIGRATION_LOCK]);
  const done = await tx.query('select 1 from schema_migrations where name = $1', [file]);
  if (done.length > 0) return false;
  for (const statement of splitStatements(sql)) await tx.query(statement);
  await tx.query('insert into schema_migrations (name) values ($1)', [file]);
  return true;
}

/** Our migrations hold plain DDL: statements end with `;` at the end of a line, and `--` starts a comment. */
function splitStatements(sql: string): string[] {
  return sql
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('--'))
    .join('\n')
    .split(/;\s*$/m)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
