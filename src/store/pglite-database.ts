import { assertSchemaName, LOCK_SQL, type Database, type Queryable } from './database.ts';
import { soloLink } from './instance-link.ts';
import { createPglite } from './pglite-template.ts';

/** Embedded Postgres (WASM). `dataDir` undefined keeps everything in memory (tests). */
export async function openPgliteDatabase(options: { dataDir?: string; schema: string }): Promise<Database> {
  const schema = assertSchemaName(options.schema);
  const pg = await createPglite(options.dataDir);
  await pg.exec(`create schema if not exists ${schema}; set search_path to ${schema}`);

  const query = async <Row>(sql: string, params?: unknown[]): Promise<Row[]> =>
    (await pg.query<Row>(sql, params)).rows;

  return {
    kind: 'pglite',
    query,
    async exec(sql) {
      await pg.exec(sql);
    },
    transaction: <T>(work: (tx: Queryable) => Promise<T>) =>
      pg.transaction((tx) => work({ query: async <Row>(sql: string, params?: unknown[]) => (await tx.query<Row>(sql, params)).rows })),
    async tryWithLock(name, work) {
      const [row] = await query<{ locked: boolean }>(LOCK_SQL.acquire, [name]);
      if (!row?.locked) return { locked: false };
      try {
        return { locked: true, value: await work() };
      } finally {
        await query(LOCK_SQL.release, [name]);
      }
    },
    // One process holds a PGlite store: nobody else to hear or to share jobs with.
    link: () => soloLink,
    async close() {
      await pg.close();
    },
  };
}
