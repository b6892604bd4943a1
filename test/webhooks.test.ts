import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import Stripe from 'stripe';
import { AccountBuilder } from '../src/emulator/account-builder.ts';
import { EmulatorState } from '../src/emulator/index.ts';
import type { StripeEvent, StripePrice, StripeSubscription } from '../src/metrics/stripe-shapes.ts';
import { createRevenueService } from '../src/service/revenue-service.ts';
import { eventsRepository } from '../src/store/events-repository.ts';
import { pollUntil } from './support/poll.ts';
import { startServiceAgainst, startTestService, type ServiceUnderTest } from './support/service-under-test.ts';
import { postSigned } from './support/webhook-client.ts';

const store = process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite';
const SECRET = 'whsec_current_secret_for_tests';
const OLD_SECRET = 'whsec_previous_secret_for_tests';

/**
 * Stripe-shaped fixtures: objects from the emulator's builder, events as the emulator records them. Each
 * call builds new objects in one shared account, so ids never repeat across tests.
 */
function accountFixtures(state = new EmulatorState()) {
  const b = new AccountBuilder(state);
  const price = b.price({ currency: 'usd', unitAmount: 1000, interval: 'month' });
  const customer = b.customer({});
  const sub = b.subscription({ customer, items: [{ price, quantity: 1 }] });
  const at = (created: number, type: string, object: { id: string; object: string }) => state.recordEvent(type, object, undefined, { created });
  const withQuantity = (s: StripeSubscription, quantity: number): StripeSubscription => ({
    ...s,
    items: { ...s.items, data: s.items.data.map((item) => ({ ...item, quantity })) },
  });
  return { state, b, price, customer, sub, at, withQuantity };
}

async function countEvents(sut: Omit<ServiceUnderTest, 'emulator'>): Promise<number> {
  const [row] = await sut.running.db.query<{ n: number }>('select count(*)::int as n from stripe_events');
  return row!.n;
}

async function storedSubscription(sut: Omit<ServiceUnderTest, 'emulator'>, id: string) {
  const [row] = await sut.running.db.query<{ data: StripeSubscription }>("select data from stripe_objects where type = 'subscription' and id = $1", [id]);
  return row?.data;
}

const settled = (sut: Omit<ServiceUnderTest, 'emulator'>) => sut.running.service.eventsSettled();

describe(`POST /webhooks/stripe, webhook-only (${store})`, () => {
  const account = new EmulatorState();
  const fixtures = () => accountFixtures(account);
  let sut: Omit<ServiceUnderTest, 'emulator'>;
  before(async () => {
    sut = await startTestService({ STRIPE_WEBHOOK_SECRET: `${SECRET},${OLD_SECRET}` });
  });
  after(async () => sut.stop());

  describe('signatures: anything but a verified event is refused and stores nothing', () => {
    const event = () => {
      const f = fixtures();
      return f.at(Math.floor(Date.now() / 1000), 'customer.created', f.customer);
    };
    let before = 0;
    beforeEach(async () => (before = await countEvents(sut)));
    const unchanged = async () => assert.equal(await countEvents(sut), before);

    test('valid: 200, stored', async () => {
      const e = event();
      const { status, body } = await postSigned(sut.running.app, e, SECRET);
      assert.equal(status, 200);
      assert.deepEqual(body, { received: true, id: e.id, type: e.type, duplicate: false });
      assert.equal(await countEvents(sut), before + 1);
    });
    test('signed with the previous secret during a rotation: 200', async () => {
      assert.equal((await postSigned(sut.running.app, event(), OLD_SECRET)).status, 200);
    });
    test('several v1 signatures, one of them valid: 200', async () => {
      const body = JSON.stringify(event());
      const t = Math.floor(Date.now() / 1000);
      const good = Stripe.webhooks.generateTestHeaderString({ payload: body, secret: SECRET, timestamp: t });
      const header = `t=${t},v1=${'0'.repeat(64)},${good.split(',')[1]}`;
      assert.equal((await postSigned(sut.running.app, body, SECRET, { header })).status, 200);
    });
    test('missing signature: 400', async () => {
      const response = await sut.running.app.inject({ method: 'POST', url: '/webhooks/stripe', headers: { 'content-type': 'application/json' }, body: JSON.stringify(event()) });
      assert.equal(response.statusCode, 400);
      assert.equal(response.json().error.code, 'invalid_signature');
      await unchanged();
    });
    test('malformed signature header: 400', async () => {
      assert.equal((await postSigned(sut.running.app, event(), SECRET, { header: 'garbage' })).status, 400);
      await unchanged();
    });
    test('tampered body: 400', async () => {
      const original = JSON.stringify(event());
      const header = Stripe.webhooks.generateTestHeaderString({ payload: original, secret: SECRET });
      const { status } = await postSigned(sut.running.app, original.replace('customer.created', 'customer.deleted'), SECRET, { header });
      assert.equal(status, 400);
      await unchanged();
    });
    test('wrong secret: 400', async () => {
      assert.equal((await postSigned(sut.running.app, event(), 'whsec_somebody_else')).status, 400);
      await unchanged();
    });
    test('expired timestamp (over 300 s old): 400', async () => {
      assert.equal((await postSigned(sut.running.app, event(), SECRET, { timestamp: Math.floor(Date.now() / 1000) - 301 })).status, 400);
      await unchanged();
    });
    test('a signed body that is not JSON: 400', async () => {
      const { status, body } = await postSigned(sut.running.app, '{"id": "evt_1", oops', SECRET);
      assert.equal(status, 400);
      assert.equal(body.error.code, 'invalid_json');
      await unchanged();
    });
    test('a body over 1 MiB: 413', async () => {
      const huge = JSON.stringify({ ...event(), padding: 'x'.repeat(1024 * 1024) });
      const { status, body } = await postSigned(sut.running.app, huge, SECRET);
      assert.equal(status, 413);
      assert.equal(body.error.code, 'payload_too_large');
      await unchanged();
    });
  });

  test('the same event 20 times at once: stored and counted once, every delivery answered 200', async () => {
    const f = fixtures();
    const before = (await sut.get('/api/revenue')).body.mrr;
    const e = f.at(Math.floor(Date.now() / 1000), 'customer.subscription.created', f.sub);
    const answers = await Promise.all(Array.from({ length: 20 }, () => postSigned(sut.running.app, e, SECRET)));
    assert.ok(answers.every((a) => a.status === 200));
    assert.equal(answers.filter((a) => a.body.duplicate === false).length, 1);
    await settled(sut);
    assert.equal((await sut.get('/api/revenue')).body.mrr, before + 10);
    const [row] = await sut.running.db.query<{ n: number }>('select count(*)::int as n from stripe_events where id = $1', [e.id]);
    assert.equal(row?.n, 1);
  });

  test('deleted before an older updated: the subscription stays canceled', async () => {
    const f = fixtures();
    const t = Math.floor(Date.now() / 1000);
    const canceled = { ...f.sub, status: 'canceled' as const, ended_at: t, canceled_at: t };
    const deleted = f.at(t + 10, 'customer.subscription.deleted', canceled);
    const updated = f.at(t + 5, 'customer.subscription.updated', f.withQuantity(f.sub, 3));
    assert.equal((await postSigned(sut.running.app, deleted, SECRET)).status, 200);
    assert.equal((await postSigned(sut.running.app, updated, SECRET)).status, 200);
    await settled(sut);
    const stored = await storedSubscription(sut, f.sub.id);
    assert.equal(stored?.status, 'canceled');
  });

  test('updated before an older created: the update is kept', async () => {
    const f = fixtures();
    const t = Math.floor(Date.now() / 1000);
    await postSigned(sut.running.app, f.at(t + 5, 'customer.subscription.updated', f.withQuantity(f.sub, 4)), SECRET);
    await postSigned(sut.running.app, f.at(t, 'customer.subscription.created', f.sub), SECRET);
    await settled(sut);
    assert.equal((await storedSubscription(sut, f.sub.id))?.items.data[0]?.quantity, 4);
  });

  test('two updates in the same second: the one delivered later wins', async () => {
    const f = fixtures();
    const t = Math.floor(Date.now() / 1000);
    await postSigned(sut.running.app, f.at(t, 'customer.subscription.updated', f.withQuantity(f.sub, 2)), SECRET);
    await postSigned(sut.running.app, f.at(t, 'customer.subscription.updated', f.withQuantity(f.sub, 7)), SECRET);
    await settled(sut);
    assert.equal((await storedSubscription(sut, f.sub.id))?.items.data[0]?.quantity, 7);
  });

  test('200 concurrent distinct events: every one applied, and the MRR equals a full recompute', async () => {
    const f = fixtures();
    const t = Math.floor(Date.now() / 1000);
    const events: StripeEvent[] = [];
    for (let i = 0; i < 100; i++) {
      const customer = f.b.customer({});
      const sub = f.b.subscription({ customer, items: [{ price: f.price as StripePrice, quantity: 1 + (i % 5) }] });
      events.push(f.at(t, 'customer.created', customer), f.at(t, 'customer.subscription.created', sub));
    }
    const answers = await Promise.all(events.map((e) => postSigned(sut.running.app, e, SECRET)));
    assert.ok(answers.every((a) => a.status === 200 && a.body.duplicate === false));
    await settled(sut);
    const ids = events.map((e) => e.id);
    const [row] = await sut.running.db.query<{ n: number }>(
      'select count(*)::int as n from stripe_events where processed_at is not null and id = any (select jsonb_array_elements_text($1::jsonb))',
      [JSON.stringify(ids)],
    );
    assert.equal(row?.n, 200);
    const incremental = (await sut.get('/api/revenue')).body;
    const recomputed = await createRevenueService({
      config: sut.config,
      db: sut.running.db,
      stripe: undefined,
      source: 'stripe',
    });
    try {
      assert.equal(incremental.mrr, recomputed.view().snapshot.mrr / 100);
      assert.equal(incremental.customers, recomputed.view().snapshot.payingCustomers);
      assert.equal(incremental.customers_total, recomputed.view().snapshot.customersTotal);
    } finally {
      await recomputed.close();
    }
  });

  test('an event stored but never applied (a crash in between) is applied when the service starts again', async () => {
    const f = fixtures();
    const e = f.at(Math.floor(Date.now() / 1000), 'customer.subscription.created', f.withQuantity(f.sub, 9));
    const events = eventsRepository(sut.running.db);
    assert.ok((await events.insert([{ event: e, source: 'webhook' }])).has(e.id));
    assert.equal(await storedSubscription(sut, f.sub.id), undefined);
    const restarted = await createRevenueService({ config: sut.config, db: sut.running.db, stripe: undefined, source: 'stripe' });
    // On a shared store the instance applying events may be the one still running: it finds the event within seconds.
    await pollUntil(async () => (await storedSubscription(sut, f.sub.id))?.items.data[0]?.quantity === 9, 'the stored event applied', 10_000);
    assert.equal((await events.backlog()).pendingEvents, 0);
    await restarted.close();
  });

  test('GET /api/revenue says when the last webhook was stored and its mode; a restart reads it from the store', async () => {
    const f = fixtures();
    const before = Date.now();
    assert.equal((await postSigned(sut.running.app, f.at(Math.floor(before / 1000), 'customer.created', f.customer), SECRET)).status, 200);
    const { body } = await sut.get('/api/revenue');
    const at = Date.parse(body.last_webhook_at);
    assert.ok(at >= before - 1000 && at <= Date.now(), body.last_webhook_at);
    assert.equal(body.livemode, false, "the event's own mode, with no key to tell");
    assert.deepEqual(body.last_sync, { at: null, result: null, error: null }, 'no key, no sync');
    const restarted = await createRevenueService({ config: sut.config, db: sut.running.db, stripe: undefined, source: 'stripe' });
    assert.ok(Math.abs((restarted.view().status.lastWebhookAt?.getTime() ?? 0) - at) < 1000);
    assert.equal(restarted.view().status.livemode, false);
    await restarted.close();
  });

  test('GET /api/stream sends the figures at once, then the new figures after a webhook', async () => {
    const controller = new AbortController();
    const response = await fetch(`${sut.url}/api/stream`, { signal: controller.signal });
    assert.equal(response.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    const nextRevenue = async () =>
      pollUntil(async () => {
        const end = buffer.indexOf('\n\n');
        if (end === -1) {
          const { value } = await reader.read();
          buffer += decoder.decode(value);
          return undefined;
        }
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const lines = frame.split('\n');
        const data = lines.find((line) => line.startsWith('data: '));
        // The stream also carries `activity` events; this test follows the figures.
        return data && lines.includes('event: revenue') ? JSON.parse(data.slice(6)) : undefined;
      }, 'an SSE revenue event');
    try {
      const first = await nextRevenue();
      const f = fixtures();
      await postSigned(sut.running.app, f.at(Math.floor(Date.now() / 1000), 'customer.subscription.created', f.withQuantity(f.sub, 5)), SECRET);
      const second = await nextRevenue();
      assert.equal(second.mrr, first.mrr + 50);
    } finally {
      controller.abort();
    }
  });
});

describe(`POST /webhooks/stripe with no secret configured (${store})`, () => {
  test('answers 503 with how to configure it, and stores nothing', async () => {
    const f = accountFixtures();
    const sut = await startServiceAgainst(f.state);
    try {
      const { status, body } = await postSigned(sut.running.app, f.at(1, 'customer.created', f.customer), SECRET);
      assert.equal(status, 503);
      assert.equal(body.error.code, 'webhooks_not_configured');
      assert.match(body.error.message, /STRIPE_WEBHOOK_SECRET/);
      assert.equal(await countEvents(sut), 0);
    } finally {
      await sut.stop();
    }
  });
});

describe(`POST /webhooks/stripe when the store is unreachable (${store})`, () => {
  test('answers 5xx, so that Stripe retries, and says nothing of the cause', async () => {
    const sut = await startTestService({ STRIPE_WEBHOOK_SECRET: SECRET });
    try {
      await sut.running.db.close();
      const f = accountFixtures();
      const { status, body } = await postSigned(sut.running.app, f.at(Math.floor(Date.now() / 1000), 'customer.created', f.customer), SECRET);
      assert.equal(status, 500);
      assert.deepEqual(body, { error: { code: 'internal_error', message: 'internal server error' } });
    } finally {
      await sut.stop();
    }
  });
});

describe(`webhooks with a key: the object is re-fetched, and missed events are caught up (${store})`, () => {
  test('the stored state is Stripe’s current one, not the event’s payload', async () => {
    const f = accountFixtures();
    const sut = await startServiceAgainst(f.state, { env: { STRIPE_WEBHOOK_SECRET: SECRET } });
    try {
      await pollUntil(async () => (await sut.get('/api/revenue')).body.as_of, 'the start-up sync');
      const stale = f.at(Math.floor(Date.now() / 1000), 'customer.subscription.updated', f.withQuantity(f.sub, 2));
      f.state.replace('subscription', f.withQuantity(f.sub, 6));
      assert.equal((await postSigned(sut.running.app, stale, SECRET)).status, 200);
      await sut.running.service.eventsSettled();
      assert.equal((await storedSubscription(sut, f.sub.id))?.items.data[0]?.quantity, 6);
      assert.equal((await sut.get('/api/revenue')).body.mrr, 60);
    } finally {
      await sut.stop();
    }
  });

  test('a subscription on a price created after the sync is priced: the tiered price is fetched with its tiers', async () => {
    const f = accountFixtures();
    const sut = await startServiceAgainst(f.state, { env: { STRIPE_WEBHOOK_SECRET: SECRET } });
    try {
      await pollUntil(async () => (await sut.get('/api/revenue')).body.as_of, 'the start-up sync');
      const tiered = f.b.price({
        currency: 'usd',
        interval: 'month',
        tiersMode: 'graduated',
        tiers: [{ upTo: 10, unitAmount: 1000 }, { upTo: null, unitAmount: 800 }],
      });
      const sub = f.b.subscription({ customer: f.customer, items: [{ price: tiered, quantity: 15 }] });
      await postSigned(sut.running.app, f.at(Math.floor(Date.now() / 1000), 'customer.subscription.created', sub), SECRET);
      await sut.running.service.eventsSettled();
      assert.equal((await sut.get('/api/revenue')).body.mrr, 10 + 140, '10 × 10.00 + 5 × 8.00 on top of the first subscription');
      const [row] = await sut.running.db.query<{ data: StripePrice }>("select data from stripe_objects where type = 'price' and id = $1", [tiered.id]);
      assert.equal(row?.data.tiers?.length, 2);
    } finally {
      await sut.stop();
    }
  });

  test('events created after the newest stored one are fetched from /v1/events and applied', async () => {
    const f = accountFixtures();
    const sut = await startServiceAgainst(f.state, { env: { STRIPE_WEBHOOK_SECRET: SECRET } });
    try {
      await pollUntil(async () => (await sut.get('/api/revenue')).body.as_of, 'the start-up sync');
      const t = Math.floor(Date.now() / 1000);
      await postSigned(sut.running.app, f.at(t, 'customer.created', f.customer), SECRET);
      await sut.running.service.eventsSettled();
      // While "down": Stripe changes the subscription and records the event; nobody delivers it.
      f.state.replace('subscription', f.withQuantity(f.sub, 8));
      const missed = f.at(t + 1, 'customer.subscription.updated', f.withQuantity(f.sub, 8));
      assert.equal(await sut.running.service.catchUpEvents(), 1);
      const [row] = await sut.running.db.query<{ source: string; processed: boolean }>(
        'select source, processed_at is not null as processed from stripe_events where id = $1',
        [missed.id],
      );
      assert.deepEqual(row, { source: 'catch_up', processed: true });
      assert.equal((await sut.get('/api/revenue')).body.mrr, 80);
    } finally {
      await sut.stop();
    }
  });
});
