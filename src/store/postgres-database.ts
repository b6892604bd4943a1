import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { assertSchemaName, LOCK_SQL, type Database, type Queryable } from './database.ts';
import { CONNECT_TIMEOUT_MS, databaseUrlError } from './database-url-error.ts';
import { connectPostgresLink } from './postgres-link.ts';

const INT8_OID = 20;
// Counts and minor-unit amounts fit well inside 2^53; numbers keep both adapters' rows alike.
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

const ignore = () => undefined;

/** Held, while its process lives, by the session of the process a disposable schema belongs to. */
const disposableLock = (schema: string) => `revenue-agent disposable ${schema}`;

/**
 * Disposable schemas named after `base` whose process is gone (nobody holds their lock): left by a crash,
 * dropped. Those of processes still running are theirs, and left alone.
 */
async function dropAbandoned(client: pg.Client, base: string): Promise<void> {
  const { rows } = await client.query<{ name: string }>('select nspname as name from pg_namespace where nspname ~ $1', [`^${base}_[0-9a-f]{8}$`]);
  for (const { name } of rows) {
    const [held] = (await client.query<{ locked: boolean }>('select pg_try_advisory_lock(hashtext($1)) as locked', [disposableLock(name)])).rows;
    if (!held?.locked) continue;
    await client.query(`drop schema if exists ${assertSchemaName(name)} cascade`);
    await client.query('select pg_advisory_unlock(hashtext($1))', [disposableLock(name)]);
  }
}

/**
 * A PostgreSQL server; every connection works inside `schema`, which is created when missing.
 * `disposable`: a schema of this process's own instead (`schema` and a random suffix), never shared with
 * another instance, dropped when the database is closed.
 */
export async function openPostgresDatabase(options: { url: string; schema: string; disposable?: boolean; maxConnections?: number }): Promise<Database> {
  const base = assertSchemaName(options.schema);
  const schema = options.disposable ? assertSchemaName(`${base}_${randomBytes(4).toString('hex')}`) : base;
  // A disposable schema's session lives as long as the database: it holds the lock that says the schema is in use.
  let owner: pg.Client | undefined;
  // What goes wrong here (an unreadable URL, a server that refuses, a wrong password, a missing database or
  // right) is the configuration's: reported as DATABASE_URL's, never with the URL.
  try {
    const bootstrap = new pg.Client({ connectionString: options.url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
    bootstrap.on('error', () => undefined);
    try {
      await bootstrap.connect();
      // Instances starting at once would race on `create schema`.
      await bootstrap.query('select pg_advisory_lock(hashtext($1))', [`revenue-agent schema ${base}`]);
      if (options.disposable) {
        await dropAbandoned(bootstrap, base);
        await bootstrap.query('select pg_advisory_lock(hashtext($1))', [disposableLock(schema)]);
      }
      await bootstrap.query(`create schema if not exists ${schema}`);
      await bootstrap.query('select pg_advisory_unlock(hashtext($1))', [`revenue-agent schema ${base}`]);
      if (options.disposable) owner = bootstrap;
    } finally {
      if (!owner) await bootstrap.end().catch(() => undefined);
    }
  } catch (error) {
    throw databaseUrlError(options.url, error);
  }
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.maxConnections ?? 10,
    options: `-c search_path=${schema}`,
    types,
  });
  // An idle client's network error would otherwise crash the process; the next query reports it.
  pool.on('error', ignore);

  const query = async <Row>(sql: string, params?: unknown[]): Promise<Row[]> =>
    (await pool.query(sql, params)).rows as Row[];

  return {
    kind: 'postgres',
    query,
    async exec(sql) {
      await pool.query(sql);
    },
    async transaction<T>(work: (tx: Queryable) => Promise<T>) {
      const client = await pool.connect();
      // A checked-out client whose connection drops emits 'error'; unheard, that kills the process. The
      // query in flight fails as well, and that is what the caller hears.
      client.on('error', ignore);
      try {
        await client.query('begin');
        const value = await work({ query: async <Row>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as Row[] });
        await client.query('commit');
        return value;
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      } finally {
        client.off('error', ignore);
        client.release();
      }
    },
    async tryWithLock(name, work) {
      // A session lock belongs to one connection: hold that connection for the whole of `work`.
      const client = await pool.connect();
      client.on('error', ignore);
      try {
        const { rows } = await client.query<{ locked: boolean }>(LOCK_SQL.acquire, [name]);
        if (!rows[0]?.locked) return { locked: false };
        try {
          return { locked: true, value: await work() };
        } finally {
          await client.query(LOCK_SQL.release, [name]);
        }
      } finally {
        client.off('error', ignore);
        client.release();
      }
    },
    link: (origin, handlers) => connectPostgresLink({ url: options.url, schema, pool: { query }, origin, handlers }),
    async close() {
      await pool.end();
      if (owner) {
        await owner.query(`drop schema if exists ${schema} cascade`).catch(() => undefined);
        await owner.end().catch(() => undefined);
      }
    },
  };
}
