import { STRIPE_SCHEMA } from '../../src/server/open-store.ts';
import type { Database } from '../../src/store/database.ts';
import { openDatabase } from '../../src/store/open-database.ts';
import { startServeProcess, stopProcess } from './cli-process.ts';
import { serveFixture, type ServeFixture } from './serve-fixture.ts';

export type Instance = Awaited<ReturnType<typeof startServeProcess>>;

/** One emulated account and one store, for several `serve` processes; `close` stops every one of them. */
export interface SharedStore {
  fixture: ServeFixture;
  /** A `serve` process on the store; `env` adds to the fixture's environment or overrides it. */
  start(env?: Record<string, string>): Promise<Instance>;
  /** The store as the processes use it, for the test's own queries. */
  open(): Promise<Database>;
  close(): Promise<void>;
}

export async function sharedStore(options: { seed: number; customers: number; webhookSecret: string; env?: Record<string, string> }): Promise<SharedStore> {
  const fixture = await serveFixture({ ...options, storePrefix: 'instances' });
  const env = { ...fixture.env, ...options.env };
  // Kept as they start, so that one failing to start leaves none of the others running.
  const starting: Array<Promise<Instance>> = [];
  const opened: Database[] = [];
  return {
    fixture,
    start(extra = {}) {
      const instance = startServeProcess({ ...env, ...extra });
      starting.push(instance);
      return instance;
    },
    async open() {
      const db = await openDatabase({ ...fixture.store.location, schema: STRIPE_SCHEMA });
      opened.push(db);
      return db;
    },
    async close() {
      const started = await Promise.allSettled(starting);
      await Promise.all(started.map((s) => (s.status === 'fulfilled' ? stopProcess(s.value.child) : undefined)));
      await Promise.all(opened.map((db) => db.close()));
      await fixture.close();
    },
  };
}
