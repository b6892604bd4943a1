import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { TEST_DATABASE_URL } from './test-database.ts';

export interface PrivateStore {
  /** What `serve` needs to use it. */
  env: Record<string, string>;
  location: { url: string | undefined; dataDir: string | undefined };
  remove(): Promise<void>;
}

/** A store for service processes of a test's own: a PGlite folder, or a new database on the server. */
export async function privateStore(prefix: string): Promise<PrivateStore> {
  if (TEST_DATABASE_URL) {
    const name = `${prefix}_${randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = TEST_DATABASE_URL.replace(/\/[^/]*$/, `/${name}`);
    return {
      env: { DATABASE_URL: url },
      location: { url, dataDir: undefined },
      remove: async () => {
        const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
        await client.connect();
        await client.query(`drop database if exists ${name} with (force)`);
        await client.end();
      },
    };
  }
  const dataDir = await mkdtemp(join(tmpdir(), `revenue-agent-${prefix}-`));
  return { env: { DATA_DIR: dataDir }, location: { url: undefined, dataDir }, remove: () => rm(dataDir, { recursive: true, force: true }) };
}
