import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AccountBuilder } from '../src/emulator/account-builder.ts';
import { ControlChanges } from '../src/emulator/control-changes.ts';
import { generateAccount } from '../src/emulator/generate-account.ts';
import type { EmulatorState } from '../src/emulator/index.ts';
import { toMajorUnits } from '../src/metrics/index.ts';
import type { StripeEvent, StripeSubscription } from '../src/metrics/stripe-shapes.ts';
import { expectedDefaultSnapshot } from './support/expected-figures.ts';
import { pollUntil } from './support/poll.ts';
import { startServiceAgainst, type ServiceUnderTest } from './support/service-under-test.ts';
import { postSigned } from './support/webhook-client.ts';

const store = process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite';
const SECRET = 'whsec_event_burst';

describe(`a burst of same-second events at Stripe's pace (${store})`, () => {
  let state: EmulatorState;
  let sut: ServiceUnderTest;

  before(async () => {
    state = generateAccount({ seed: 23, customers: 300, now: Math.floor(Date.now() / 1000) });
    sut = await startServiceAgainst(state, {
      env: { STRIPE_WEBHOOK_SECRET: SECRET, STRIPE_MAX_RPS: '100' },
      network: { latencyMs: 40, rateLimit: 100, seed: 4 },
    });
    await pollUntil(async () => (await sut.get('/api/revenue')).body.as_of, 'the start-up sync', 60_000);
  });
  after(async () => sut.stop());

  test('three changes to each of a few hundred subscriptions, payloads older than Stripe’s state: exact figures, each object fetched at most twice', async () => {
    const changes = new ControlChanges(state);
    const events: StripeEvent[] = [];
    for (let i = 0; i < 600; i++) events.push(changes.make('customer.subscription.updated')!);
    const subscriptions = new Set(events.map((e) => (e.data.object as { id: string }).id));
    assert.ok(subscriptions.size >= 150, `${subscriptions.size} subscriptions changed`);
    sut.emulator.requestLog.reset();

    // Delivered as Stripe sends a burst: all at once.
    const answers = await Promise.all(events.map((e) => postSigned(sut.running.app, e, SECRET)));
    assert.ok(answers.every((a) => a.status === 200));
    await sut.running.service.eventsSettled();
    await sut.running.service.derivationsSettled();

    const now = Math.floor(Date.now() / 1000);
    const expected = expectedDefaultSnapshot(state, now);
    const { body } = await sut.get('/api/revenue');
    assert.equal(body.mrr_by_currency.usd, toMajorUnits(expected.mrrByCurrency.usd ?? 0, 'usd'));
    assert.equal(body.customers, expected.payingCustomers);

    const fetches = new Map<string, number>();
    for (const entry of sut.emulator.requestLog.entries) {
      const match = /^\/v1\/subscriptions\/(sub_[^/]+)$/.exec(entry.path);
      if (entry.method === 'GET' && match) fetches.set(match[1]!, (fetches.get(match[1]!) ?? 0) + 1);
    }
    assert.equal(fetches.size, subscriptions.size, 'every changed subscription was re-fetched');
    const most = Math.max(...fetches.values());
    assert.ok(most <= 2, `a subscription was fetched ${most} times`);
  });

  test('two events for one subscription, the first re-fetch slow and the second fast: the newer state wins', async () => {
    const b = new AccountBuilder(state);
    const price = b.price({ currency: 'usd', unitAmount: 1000, interval: 'month' });
    const sub = b.subscription({ customer: b.customer({}), items: [{ price, quantity: 1 }] });
    const seats = (quantity: number): StripeEvent => {
      const current = state.get('subscription', sub.id)!;
      const data = current.items.data.map((item) => ({ ...item, quantity }));
      return state.recordEvent('customer.subscription.updated', state.replace('subscription', { ...current, items: { ...current.items, data } }));
    };
    sut.emulator.network.slowNext(600);
    assert.equal((await postSigned(sut.running.app, seats(2), SECRET)).status, 200);
    // The first re-fetch has read two seats and is still on its way back when the third seat is added.
    await pollUntil(() => sut.emulator.requestLog.entries.some((e) => e.path === `/v1/subscriptions/${sub.id}`), 'the first re-fetch');
    assert.equal((await postSigned(sut.running.app, seats(3), SECRET)).status, 200);
    await sut.running.service.eventsSettled();

    const [stored] = await sut.running.db.query<{ data: StripeSubscription }>("select data from stripe_objects where type = 'subscription' and id = $1", [sub.id]);
    assert.equal(stored?.data.items.data[0]?.quantity, 3);
    const [derived] = await sut.running.db.query<{ mrr: string }>('select mrr from revenue_subscriptions where subscription_id = $1', [sub.id]);
    assert.equal(Number(derived?.mrr), 3000);
  });

  test('while Stripe cannot be reached, /api/revenue reports the events waiting, and the backlog clears when it can', async () => {
    sut.emulator.faults.rate = 1;
    let event: StripeEvent;
    try {
      event = new ControlChanges(state).make('customer.subscription.updated')!;
      assert.equal((await postSigned(sut.running.app, event, SECRET)).status, 200);
      await sut.running.service.eventsSettled();
      const { body } = await sut.get('/api/revenue');
      assert.equal(body.pending_events, 1);
      assert.equal(typeof body.oldest_pending_age_seconds, 'number');
    } finally {
      sut.emulator.faults.rate = 0;
    }
    const cleared = await pollUntil(async () => {
      const { body } = await sut.get('/api/revenue');
      return body.pending_events === 0 && body;
    }, 'the backlog to clear');
    assert.equal(cleared.oldest_pending_age_seconds, null);
  });
});
