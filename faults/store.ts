/**
 * A store of the campaign's own: a PGlite folder, or a fresh database on the PostgreSQL server. The
 * campaign reads it only while no service runs on it (PGlite allows one process per folder), which is
 * also when a crash left it: what a restart will find.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { STRIPE_SCHEMA } from '../src/server/open-store.ts';
import type { Database } from '../src/store/database.ts';
import { openDatabase } from '../src/store/open-database.ts';
import { openPgliteDatabase } from '../src/store/pglite-database.ts';
import { openPostgresDatabase } from '../src/store/postgres-database.ts';
import type { StoreKind } from './options.ts';

export interface CampaignStore {
  kind: StoreKind;
  /** What `serve` needs in its environment to use this store. */
  env: Record<string, string>;
  /** The store as it is, not migrated; undefined when the service never got as far as creating it. */
  open(): Promise<Database | undefined>;
  /** An empty, migrated store of the same kind, for rebuilding derived state from scratch. */
  scratch(): Promise<{ db: Database; drop: () => Promise<void> }>;
  remove(): Promise<void>;
}

let created = 0;

export function freshStore(kind: StoreKind, serverUrl: string): Promise<CampaignStore> {
  return kind === 'pglite' ? freshFolder() : freshDatabase(serverUrl);
}

async function freshFolder(): Promise<CampaignStore> {
  const dataDir = await mkdtemp(join(tmpdir(), 'revenue-agent-faults-'));
  // The service keeps one cluster per schema under DATA_DIR (src/store/open-database.ts).
  const cluster = join(dataDir, STRIPE_SCHEMA);
  return {
    kind: 'pglite',
    env: { DATA_DIR: dataDir },
    open: async () => (existsSync(join(cluster, 'PG_VERSION')) ? openPgliteDatabase({ dataDir: cluster, schema: STRIPE_SCHEMA }) : undefined),
    async scratch() {
      const db = await openDatabase({ url: undefined, dataDir: undefined, schema: 'rebuild' });
      return { db, drop: () => db.close() };
    },
    remove: () => rm(dataDir, { recursive: true, force: true }),
  };
}

async function freshDatabase(serverUrl: string): Promise<CampaignStore> {
  const name = `revenue_agent_faults_${process.pid}_${++created}`;
  await admin(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  return {
    kind: 'postgres',
    env: { DATABASE_URL: databaseUrl },
    async open() {
      const [row] = (await adminQuery(databaseUrl, 'select count(*)::int as n from pg_namespace where nspname = $1', [STRIPE_SCHEMA])) as Array<{ n: number }>;
      return row?.n ? openPostgresDatabase({ url: databaseUrl, schema: STRIPE_SCHEMA, maxConnections: 2 }) : undefined;
    },
    async scratch() {
      const schema = `rebuild_${++created}`;
      const db = await openDatabase({ url: databaseUrl, dataDir: undefined, schema });
      return { db, drop: async () => (await db.close(), await admin(databaseUrl, `drop schema ${schema} cascade`)) };
    },
    remove: () => admin(serverUrl, `drop database if exists ${name} with (force)`),
  };
}

const admin = async (url: string, sql: string) => void (await adminQuery(url, sql));

async function adminQuery(url: string, sql: string, params: unknown[] = []): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
}
