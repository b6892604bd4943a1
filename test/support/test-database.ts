import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Database } from '../../src/store/database.ts';
import { openDatabase } from '../../src/store/open-database.ts';

/** Set by CI: the same suites then run against a real PostgreSQL server as well as embedded PGlite. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;

export function uniqueSchema(prefix = 't'): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

/** A migrated store of its own: PGlite in memory, or a fresh schema on the server that `drop` removes. */
export async function openTestDatabase(): Promise<{ db: Database; schema: string; drop: () => Promise<void> }> {
  const schema = uniqueSchema();
  const db = await openDatabase({ url: TEST_DATABASE_URL, dataDir: undefined, schema });
  return { db, schema, drop: () => dropTestStore(db, schema) };
}

export async function dropTestStore(db: Database, schema: string): Promise<void> {
  await db.close();
  await dropTestSchema(schema);
}

/** PGlite in memory vanishes with its instance; a server keeps the schema until it is dropped. */
export async function dropTestSchema(schema: string): Promise<void> {
  if (TEST_DATABASE_URL === undefined) return;
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(`drop schema if exists ${schema} cascade`);
  } finally {
    await client.end();
  }
}

/**
 * For suites whose processes keep PGlite in a folder of their own whatever TEST_DATABASE_URL says: the
 * PostgreSQL run would repeat them exactly, so they run in the PGlite run only.
 */
export const STORE_INDEPENDENT = { skip: TEST_DATABASE_URL !== undefined && 'runs the same on both stores: once, in the PGlite run' };
