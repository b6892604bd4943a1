import { join } from 'node:path';
import { acquireDataDirLock } from './data-dir-lock.ts';
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
  /**
   * This run's alone, gone when it ends (demo data): PGlite in memory, or on a server a schema of this
   * process's own, dropped when the database is closed.
   */
  disposable?: boolean;
}

/** Each schema's PGlite cluster has a folder of its own under DATA_DIR. */
export const pgliteFolder = (dataDir: string, schema: string) => join(dataDir, schema);

/**
 * Opens the store and brings its schema up to date; a failed migration closes it and throws. A PGlite
 * folder is locked first, so a second process on it fails with DataDirLockedError instead of corrupting it.
 */
export async function openDatabase(location: StoreLocation): Promise<Database> {
  if (location.url !== undefined) {
    return migrated(await openPostgresDatabase({ url: location.url, schema: location.schema, disposable: location.disposable ?? false }));
  }
  if (location.dataDir === undefined || location.disposable) return migrated(await openPgliteDatabase({ schema: location.schema }));

  const folder = pgliteFolder(location.dataDir, location.schema);
  const dataDirLock = await acquireDataDirLock(folder, location.dataDir);
  let db: Database;
  try {
    db = await openPgliteDatabase({ dataDir: folder, schema: location.schema });
  } catch (error) {
    dataDirLock.release();
    throw error;
  }
  return migrated({
    ...db,
    dataDirLock,
    async close() {
      try {
        await db.close();
      } finally {
        dataDirLock.release();
      }
    },
  });
}

async function migrated(db: Database): Promise<Database> {
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}
