import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database } from './database.ts';
import { migrate } from './migrate.ts';
import { openPgliteDatabase } from './pglite-database.ts';
import { openPostgresDatabase } from './postgres-database.ts';

export interface StoreLocation {
  /** A postgres:// URL; undefined selects embedded PGlite. */
  url: string | undefined;
  /** PGlite's data folder; undefined keeps PGlite in memory. */
  dataDir: string | undefined;
  /** Real data and demo data never share a schema. */
  schema: string;
  /** Start empty: the schema (or PGlite folder) is removed first. */
  fresh?: boolean;
}

/** Opens the store and brings its schema up to date; a failed migration closes it and throws. */
export async function openDatabase(location: StoreLocation): Promise<Database> {
  const dataDir = location.dataDir === undefined ? undefined : join(location.dataDir, location.schema);
  if (location.fresh && dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
  const db =
    location.url !== undefined
      ? await openPostgresDatabase({ url: location.url, schema: location.schema, fresh: location.fresh ?? false })
      : await openPgliteDatabase({ dataDir, schema: location.schema });
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}
