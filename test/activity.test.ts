import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AccountBuilder } from '../src/emulator/account-builder.ts';
import { generateAccount } from '../src/emulator/generate-account.ts';
import type { EmulatorState } from '../src/emulator/index.ts';
import { pollUntil } from './support/poll.ts';
import { readStreamEvents } from './support/revenue-stream.ts';
import { startServiceAgainst, type ServiceUnderTest } from './support/service-under-test.ts';
import { postSigned } from './support/webhook-client.ts';

const store = process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite';
const SECRET = 'whsec_activity_test';
const KINDS = new Set(['new', 'expansion', 'contraction', 'churn', 'reactivation', 'payment', 'refund', 'payment_failed']);
const cents = (major: number) => Math.round(major * 100);

describe(`activity feed and headline changes over the demo account (${store})`, () => {
  let sut: ServiceUnderTest;
  let state: EmulatorState;
  before(async () => {
    state = generateAccount({ seed: 1, customers: 300, now: Math.floor(Date.now() / 1000) });
    sut = await startServiceAgainst(state, { env: { EXCHANGE_RATES: 'eur=1.085,gbp=1.27,jpy=0.0067', STRIPE_WEBHOOK_SECRET: SECRET } });
    await pollUntil(async () => (await sut.get('/api/revenue')).body.as_of, 'the start-up sync', 60_000);
    await sut.running.service.derivationsSettled();
  });
  after(async () => sut?.stop());

  test('the latest movements and payments, newest first, with stable ids and converted amounts', async () => {
    const { status, body } = await sut.get('/api/activity?limit=30');
    assert.equal(status, 200);
    assert.equal(body.currency, 'usd');
    assert.equal(body.items.length, 30);
    const ats = body.items.map((i: any) => i.at);
    assert.deepEqual(ats, [...ats].sort().reverse(), 'newest first');
    assert.ok(body.items.every((i: any) => KINDS.has(i.kind) && typeof i.id === 'string' && i.at <= new Date().toISOString()));
    assert.ok(body.items.some((i: any) => i.kind === 'payment'), 'payments are listed');
    for (const item of body.items.filter((i: any) => i.currency === 'usd')) assert.equal(item.amount, item.currency_amount);
    assert.equal(new Set(body.items.map((i: any) => i.id)).size, 30, 'ids are unique');
    const again = (await sut.get('/api/activity?limit=30')).body;
    assert.deepEqual(again.items.map((i: any) => i.id), body.items.map((i: any) => i.id), 'stable');
    assert.deepEqual((await sut.get('/api/activity')).body.items.length, 20);
    for (const query of ['limit=0', 'limit=101', 'limit=x']) assert.equal((await sut.get(`/api/activity?${query}`)).status, 400, query);
  });

  test('changes over 30 days: now is the headline, then is the MRR series point of `since`', async () => {
    const revenue = (await sut.get('/api/revenue')).body;
    const { status, body } = await sut.get('/api/metrics/changes');
    assert.equal(status, 200);
    assert.equal(body.days, 30);
    const since = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
    assert.equal(body.since, since);
    const point = (await sut.get(`/api/metrics/mrr?from=${since}&to=${since}&interval=day`)).body.points[0];
    assert.deepEqual(body.mrr, { now: revenue.mrr, then: point.mrr, change: (cents(revenue.mrr) - cents(point.mrr)) / 100 });
    assert.equal(cents(body.arr.then), 12 * cents(point.mrr));
    assert.deepEqual(body.customers, { now: revenue.customers, then: point.customers, change: revenue.customers - point.customers });
    assert.equal(body.total_revenue.now, revenue.total_revenue);
    assert.equal(cents(body.total_revenue.change), cents(body.total_revenue.now) - cents(body.total_revenue.then));
    assert.ok(body.total_revenue.change > 0, 'the demo account collected revenue in the last 30 days');
    const year = (await sut.get('/api/metrics/changes?days=365')).body;
    assert.ok(year.total_revenue.change >= body.total_revenue.change);
    for (const query of ['days=0', 'days=366', 'days=1.5', 'days=a']) assert.equal((await sut.get(`/api/metrics/changes?${query}`)).status, 400, query);
  });

  test('a stream client gets the feed on connecting, and again after a signed webhook changes MRR', async () => {
    const controller = new AbortController();
    const response = await fetch(`${sut.url}/api/stream`, { signal: controller.signal });
    try {
      const { events } = readStreamEvents<any>(response, 'activity');
      const first = await pollUntil(() => events[0], 'the first activity event');
      assert.deepEqual(first, (await sut.get('/api/activity?limit=20')).body, 'the same JSON as /api/activity?limit=20');
      const builder = new AccountBuilder(state);
      const price = builder.price({ currency: 'usd', unitAmount: 7700, interval: 'month' });
      const customer = builder.customer({ name: 'Streamed Customer', email: 'streamed@example.com' });
      const event = state.recordEvent('customer.created', customer, undefined, { created: Math.floor(Date.now() / 1000) });
      assert.equal((await postSigned(sut.running.app, event, SECRET)).status, 200);
      const sub = builder.subscription({ customer, items: [{ price, quantity: 1 }] });
      const created = state.recordEvent('customer.subscription.created', sub, undefined, { created: Math.floor(Date.now() / 1000) });
      assert.equal((await postSigned(sut.running.app, created, SECRET)).status, 200);
      const latest = await pollUntil(
        () => events.find((e) => e.items.some((i: any) => i.customer_id === customer.id && i.kind === 'new')),
        'an activity event with the new customer',
      );
      const item = latest.items.find((i: any) => i.customer_id === customer.id);
      assert.deepEqual([item.name, item.email, item.amount, item.currency], ['Streamed Customer', 'streamed@example.com', 77, 'usd']);
    } finally {
      controller.abort();
    }
  });
});
