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
});
