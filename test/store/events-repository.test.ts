import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { StripeEvent } from '../../src/metrics/stripe-shapes.ts';
import { eventsRepository } from '../../src/store/events-repository.ts';
import { openTestDatabase } from '../support/test-database.ts';

const event = (id: string): StripeEvent => ({
  id,
  object: 'event',
  type: 'customer.updated',
  created: 1_700_000_000,
  api_version: null,
  livemode: false,
  pending_webhooks: 1,
  request: null,
  data: { object: { id: `cus_${id}`, object: 'customer' } },
});

describe(`events repository: retries and dead letters (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  test('an event waiting out a back-off is skipped, the next one is not; after its attempts it is set aside; a revive puts it back', async () => {
    const { db, drop } = await openTestDatabase();
    try {
      const events = eventsRepository(db);
      await events.insert(['evt_a', 'evt_b'].map((id) => ({ event: event(id), source: 'webhook' as const })));
      const backoff = { baseMs: 60_000, maxMs: 300_000, deadAfter: 2 };
      assert.deepEqual(await events.markRetry(['evt_a'], 'HTTP 503', backoff), []);
      assert.deepEqual((await events.waiting(10)).map((e) => e.id), ['evt_b']);
      const wait = await events.nextRetryInMs();
      assert.ok(wait !== undefined && wait > 50_000 && wait <= 60_000, `waits about a minute (${wait})`);
      assert.deepEqual(await events.markRetry(['evt_a'], 'HTTP 503', backoff), ['evt_a']);
      const backlog = await events.backlog();
      assert.deepEqual([backlog.pendingEvents, backlog.deadEvents, backlog.lastEventError], [1, 1, 'HTTP 503']);
      assert.deepEqual((await events.dead(10)).map((e) => [e.id, e.attempts, e.reason]), [['evt_a', 2, 'HTTP 503']]);
      assert.deepEqual(await events.revive(undefined), ['evt_a']);
      assert.deepEqual((await events.waiting(10)).map((e) => e.id), ['evt_a', 'evt_b']);
    } finally {
      await drop();
    }
  });

  test('the newest webhook: the last one stored, not a catch-up after it; none before the first', async () => {
    const { db, drop } = await openTestDatabase();
    try {
      const events = eventsRepository(db);
      assert.equal(await events.newestWebhook(), undefined);
      await events.insert([{ event: { ...event('evt_live'), livemode: true }, source: 'webhook' }]);
      await events.insert([{ event: event('evt_caught_up'), source: 'catch_up' }]);
      const [stored] = await db.query<{ at: Date | string }>("select received_at as at from stripe_events where id = 'evt_live'");
      assert.deepEqual(await events.newestWebhook(), { receivedAt: new Date(stored!.at), livemode: true });
    } finally {
      await drop();
    }
  });

  test('however many attempts an outage has cost, the back-off stays at its ceiling', async () => {
    const { db, drop } = await openTestDatabase();
    try {
      const events = eventsRepository(db);
      await events.insert([{ event: event('evt_long'), source: 'webhook' }]);
      await db.query("update stripe_events set attempts = 5000 where id = 'evt_long'");
      assert.deepEqual(await events.markRetry(['evt_long'], 'HTTP 503', { baseMs: 5_000, maxMs: 300_000, deadAfter: 2 ** 31 - 1 }), []);
      const wait = await events.nextRetryInMs();
      assert.ok(wait !== undefined && wait <= 300_000 && wait > 290_000, `at most five minutes (${wait})`);
    } finally {
      await drop();
    }
  });
});
