import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { migrate } from '../../src/store/migrate.ts';
import { openDatabase } from '../../src/store/open-database.ts';
import { dropTestSchema, openTestDatabase, TEST_DATABASE_URL, uniqueSchema } from '../support/test-database.ts';

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

  test('instances starting at once on one new schema both start, and each migration is applied once', async () => {
    const { db, drop } = await openTestDatabase();
    try {
      const runs = await Promise.all([migrate(db), migrate(db), migrate(db)]);
      assert.deepEqual(runs, [[], [], []]);
    } finally {
      await drop();
    }
    if (TEST_DATABASE_URL === undefined) return; // PGlite has one connection: a second process is refused by the folder lock
    const schema = uniqueSchema();
    const opened = await Promise.allSettled(Array.from({ length: 4 }, () => openDatabase({ url: TEST_DATABASE_URL, dataDir: undefined, schema })));
    try {
      assert.deepEqual(opened.map((o) => o.status), ['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled'], String(opened.find((o) => o.status === 'rejected')?.reason));
      const first = (opened[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof openDatabase>>>).value;
      const [row] = await first.query<{ rows: number; names: number }>('select count(*)::int as rows, count(distinct name)::int as names from schema_migrations');
      assert.ok(row!.rows > 1);
      assert.equal(row!.rows, row!.names);
    } finally {
      for (const o of opened) if (o.status === 'fulfilled') await o.value.close();
      await dropTestSchema(schema);
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
      // Heard at once: the rejection may come while the poll below is still waiting for its answer.
      const failed = assert.rejects(
        db.transaction(async (tx) => {
          await tx.query("select set_config('application_name', 'terminate-me', false)");
          await tx.query('select pg_sleep(30)');
        }),
      );
      await pollUntilTerminated(db);
      await failed;
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
