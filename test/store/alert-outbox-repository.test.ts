import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AlertBody } from '../../src/alerts/alert-body.ts';
import { channelDeliveriesRepository } from '../../src/store/alert-deliveries-repository.ts';
import { alertOutboxRepository } from '../../src/store/alert-outbox-repository.ts';
import { openTestDatabase } from '../support/test-database.ts';

const store = process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite';
const alert = (id: string, channels: string[]) => ({ id, rule: 'movements', urgent: false, channels, body: { id, type: 'new' } as unknown as AlertBody });

describe(`alert outbox and deliveries (${store})`, () => {
  test('nothing waiting: none is due (an idle sender sleeps, not polls); one waiting: due now, on its channels only', async () => {
    const { db, drop } = await openTestDatabase();
    try {
      const webhook = channelDeliveriesRepository(db, 'webhook');
      assert.equal(await webhook.nextDueInMs(), undefined);
      await alertOutboxRepository(db).add([alert('movement:cus_a:1:new', ['webhook', 'feed'])]);
      assert.equal(await webhook.nextDueInMs(), 0);
      assert.equal(await channelDeliveriesRepository(db, 'slack').nextDueInMs(), undefined);
    } finally {
      await drop();
    }
  });

  test('written again: the alert and its deliveries are left as they were; a channel new to it is added', async () => {
    const { db, drop } = await openTestDatabase();
    try {
      const outbox = alertOutboxRepository(db);
      await outbox.add([alert('a', ['webhook', 'feed'])]);
      const [claimed] = await channelDeliveriesRepository(db, 'webhook').claim(10, 60_000);
      await channelDeliveriesRepository(db, 'webhook').delivered(claimed!.id);
      await outbox.add([alert('a', ['webhook', 'feed', 'slack'])]);
      const rows = await db.query<{ channel: string; status: string; attempts: number }>(
        'select channel, status, attempts from alert_deliveries where alert_id = $1 order by channel',
        ['a'],
      );
      assert.deepEqual(rows, [
        { channel: 'feed', status: 'pending', attempts: 0 },
        { channel: 'slack', status: 'pending', attempts: 0 },
        { channel: 'webhook', status: 'delivered', attempts: 1 },
      ]);
      assert.equal((await db.query('select id from alert_outbox')).length, 1);
    } finally {
      await drop();
    }
  });

  test("a channel's claim takes its own deliveries; the others' stay due", async () => {
    const { db, drop } = await openTestDatabase();
    try {
      await alertOutboxRepository(db).add([alert('a', ['webhook', 'feed']), alert('b', ['feed'])]);
      assert.deepEqual((await channelDeliveriesRepository(db, 'webhook').claim(10, 60_000)).map((c) => [c.id, c.attempts]), [['a', 1]]);
      assert.deepEqual((await channelDeliveriesRepository(db, 'feed').claim(10, 60_000)).map((c) => c.id).sort(), ['a', 'b']);
      assert.deepEqual(await channelDeliveriesRepository(db, 'webhook').claim(10, 60_000), [], 'claimed: not taken again');
    } finally {
      await drop();
    }
  });
});
