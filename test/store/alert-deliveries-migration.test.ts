import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';
import type { Queryable } from '../../src/store/database.ts';
import { openTestDatabase, uniqueSchema } from '../support/test-database.ts';

const store = process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite';

async function run(tx: Queryable, migration: string): Promise<void> {
  const sql = await readFile(new URL(`../../src/store/migrations/${migration}`, import.meta.url), 'utf8');
  const statements = sql.split('\n').filter((line) => !line.trimStart().startsWith('--')).join('\n').split(/;\s*$/m);
  for (const statement of statements) if (statement.trim() !== '') await tx.query(statement);
}

class RolledBack extends Error {}

describe(`migration 012: deliveries per channel (${store})`, () => {
  test("the webhook's alerts keep their state as its deliveries, and are in the feed; alert_outbox keeps the alert alone", async () => {
    const { db, drop } = await openTestDatabase();
    try {
      // Applied to tables as 011 left them, in a schema of the test's own, all rolled back after.
      await assert.rejects(
        db.transaction(async (tx) => {
          const schema = uniqueSchema('m');
          await tx.query(`create schema ${schema}`);
          await tx.query(`set local search_path to ${schema}`);
          await run(tx, '011_alert_outbox.sql');
          await tx.query(`insert into alert_outbox (id, body, status, attempts, last_error) values
            ('a', '{"type":"new"}', 'pending', 2, 'the receiver answered 500'),
            ('b', '{"type":"churn"}', 'dead', 8, 'given up'),
            ('c', '{"type":"refund"}', 'delivered', 1, null)`);
          await run(tx, '012_alert_deliveries.sql');
          const deliveries = await tx.query('select alert_id, channel, status, attempts, last_error from alert_deliveries order by channel, alert_id');
          assert.deepEqual(deliveries, [
            { alert_id: 'a', channel: 'feed', status: 'delivered', attempts: 0, last_error: null },
            { alert_id: 'b', channel: 'feed', status: 'delivered', attempts: 0, last_error: null },
            { alert_id: 'c', channel: 'feed', status: 'delivered', attempts: 0, last_error: null },
            { alert_id: 'a', channel: 'webhook', status: 'pending', attempts: 2, last_error: 'the receiver answered 500' },
            { alert_id: 'b', channel: 'webhook', status: 'dead', attempts: 8, last_error: 'given up' },
            { alert_id: 'c', channel: 'webhook', status: 'delivered', attempts: 1, last_error: null },
          ]);
          const columns = await tx.query<{ column_name: string }>(
            `select column_name from information_schema.columns where table_schema = $1 and table_name = 'alert_outbox' order by ordinal_position`,
            [schema],
          );
          assert.deepEqual(columns.map((c) => c.column_name), ['id', 'body', 'created_at']);
          throw new RolledBack();
        }),
        RolledBack,
      );
    } finally {
      await drop();
    }
  });
});
