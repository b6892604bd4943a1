import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { migrate } from '../../src/store/migrate.ts';
import { openTestDatabase } from '../support/test-database.ts';

describe(`database adapter (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  test('migrations are recorded and applying them again does nothing', async () => {
    const { db, drop } = await openTestDatabase();
    try {
      const names = await db.query<{ name: string }>('select name from schema_migrations order by name');
      assert.ok(names.length >= 1);
      assert.deepEqual(await migrate(db), []);
    } finally {
      await drop();
    }
  });

  test('a failed transaction changes nothing', async () => {
    const { db, drop } = await openTestDatabase();
    try {
      await assert.rejects(
        db.transaction(async (tx) => {
          await tx.query("insert into sync_runs (trigger, status) values ('test', 'running')");
          await tx.query('select * from no_such_table');
        }),
      );
      const [row] = await db.query<{ n: number }>('select count(*)::int as n from sync_runs');
      assert.equal(row?.n, 0);
    } finally {
      await drop();
    }
  });

  test('the sync lock admits one holder at a time and is released afterwards', async () => {
    const { db, drop } = await openTestDatabase();
    try {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let entered!: () => void;
      const inside = new Promise<void>((resolve) => (entered = resolve));
      const first = db.tryWithLock('sync', async () => {
        entered();
        await held;
        return 'first';
      });
      await inside;
      if (db.kind === 'postgres') {
        // PGlite is one session, where advisory locks re-enter; the in-process guard covers it.
        assert.deepEqual(await db.tryWithLock('sync', async () => 'second'), { locked: false });
      }
      release();
      assert.deepEqual(await first, { locked: true, value: 'first' });
      assert.deepEqual(await db.tryWithLock('sync', async () => 'third'), { locked: true, value: 'third' });
    } finally {
      await drop();
    }
  });

  test('a connection terminated mid-transaction fails that transaction, not the process, and the next one works', { skip: !process.env.TEST_DATABASE_URL && 'PostgreSQL only: PGlite has no server to drop the connection' }, async () => {
    const { db, drop } = await openTestDatabase();
    try {
      const transaction = db.transaction(async (tx) => {
        await tx.query("select set_config('application_name', 'terminate-me', false)");
        await tx.query('select pg_sleep(30)');
      });
      await pollUntilTerminated(db);
      await assert.rejects(transaction);
      assert.deepEqual(await db.query('select 1 as one'), [{ one: 1 }]);
    } finally {
      await drop();
    }
  });
});

/** Terminates the backend named `terminate-me` as soon as it is running its sleep. */
async function pollUntilTerminated(db: { query: <Row>(sql: string) => Promise<Row[]> }): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const rows = await db.query<{ done: boolean }>(
      "select pg_terminate_backend(pid) as done from pg_stat_activity where application_name = 'terminate-me' and query like '%pg_sleep%'",
    );
    if (rows.some((r) => r.done)) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the transaction never reached its sleep');
}
