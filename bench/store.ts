/**
 * A store of its own for each run, and the one question the benchmark asks of it: of these webhook
 * events, how many are stored and how many applied. On PostgreSQL a throwaway database is created and
 * dropped; on PGlite a temporary DATA_DIR, which only one process can open, so it is read once the
 * service has stopped.
 */
import { PGlite } from '@electric-sql/pglite';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** The schema `serve` and `sync` keep Stripe's data in (src/service/start-service.ts). */
const SCHEMA = 'revenue_agent';
const COUNT_SQL = `select count(*)::int as stored, count(processed_at)::int as applied from ${SCHEMA}.stripe_events where id = any($1)`;

export interface EventCounts {
  stored: number;
  applied: number;
}

export interface BenchStore {
  kind: 'pglite' | 'postgres';
  /** What `serve` and `sync` need in their environment to use this store. */
  env: Record<string, string>;
  /** PostgreSQL: any time. PGlite: only while no service has the folder open. */
  countEvents(ids: readonly string[]): Promise<EventCounts | undefined>;
  drop(): Promise<void>;
}

let created = 0;

export async function freshStore(databaseUrl: string | undefined): Promise<BenchStore> {
  return databaseUrl === undefined ? freshPglite() : freshDatabase(databaseUrl);
}

async function freshPglite(): Promise<BenchStore> {
  const dataDir = await mkdtemp(join(tmpdir(), 'revenue-agent-bench-'));
  return {
    kind: 'pglite',
    env: { DATA_DIR: dataDir },
    async countEvents(ids) {
      // The service keeps one cluster per schema under DATA_DIR (src/store/open-database.ts).
      const cluster = join(dataDir, SCHEMA);
      if (!existsSync(join(cluster, 'PG_VERSION'))) return undefined;
      const db = await PGlite.create(cluster);
      try {
        return (await db.query<EventCounts>(COUNT_SQL, [ids])).rows[0];
      } finally {
        await db.close();
      }
    },
    drop: () => rm(dataDir, { recursive: true, force: true }),
  };
}

async function freshDatabase(serverUrl: string): Promise<BenchStore> {
  const name = `revenue_agent_bench_${process.pid}_${++created}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  let reader: pg.Client | undefined;
  return {
    kind: 'postgres',
    env: { DATABASE_URL: url.toString() },
    async countEvents(ids) {
      if (!reader) {
        reader = new pg.Client({ connectionString: url.toString() });
        await reader.connect();
        await reader.query('set default_transaction_read_only = on');
      }
      return (await reader.query<EventCounts>(COUNT_SQL, [ids])).rows[0];
    },
    async drop() {
      await reader?.end();
      await admin(`drop database if exists ${name} with (force)`);
    },
  };
}
