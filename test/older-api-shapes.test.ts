import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AccountBuilder } from '../src/emulator/account-builder.ts';
import { EmulatorState } from '../src/emulator/index.ts';
import { olderInvoice, olderSubscription } from '../src/metrics/shapes/older-api-fixtures.ts';
import { startTestService, type ServiceUnderTest } from './support/service-under-test.ts';
import { postSigned } from './support/webhook-client.ts';

const store = process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite';
const SECRET = 'whsec_older_shapes_secret';
/** An endpoint created before discounts had `source` and invoices had `parent`. */
const OLDER_VERSION = '2024-06-20';

/**
 * A webhook endpoint keeps the API version it was created with, so a webhook-only service gets objects
 * in older shapes: they are read into the current one, counted in MRR and history, never a 500.
 */
describe(`webhook-only events in older API versions' shapes (${store})`, () => {
  const state = new EmulatorState();
  const b = new AccountBuilder(state);
  let sut: Omit<ServiceUnderTest, 'emulator'>;
  before(async () => {
    sut = await startTestService({ STRIPE_WEBHOOK_SECRET: SECRET });
  });
  after(async () => sut.stop());

  /** The event as the emulator records it, its object in the shape an older endpoint receives. */
  const send = async (type: string, object: { id: string; object: string }, older: (rendered: any) => unknown = (o) => o) => {
    const recorded = state.recordEvent(type, object);
    const event = { ...recorded, api_version: OLDER_VERSION, data: { object: older(recorded.data.object) } };
    const { status } = await postSigned(sut.running.app, event, SECRET);
    assert.equal(status, 200);
    await sut.running.service.eventsSettled();
  };

  test('a subscription with a plan and a coupon on its discount, and its invoice, count in MRR and history', async () => {
    const coupon = b.coupon({ percentOff: 25, duration: 'forever' });
    const price = b.price({ currency: 'usd', unitAmount: 4000, interval: 'month' });
    const sub = b.subscription({ customer: b.customer({}), items: [{ price, quantity: 1 }], coupons: [coupon] });
    // Older versions embed the discount, and the discount its coupon.
    const discounts = sub.discounts.map((id) => ({ ...state.discounts.get(id as string)!, source: { type: 'coupon' as const, coupon } }));
    await send('customer.subscription.created', sub, (rendered) => olderSubscription({ ...rendered, discounts }));
    await send('invoice.paid', b.invoice({ subscription: sub, status: 'paid' }), olderInvoice);

    const revenue = await sut.get('/api/revenue');
    assert.equal(revenue.body.mrr, 30);
    assert.equal(revenue.body.unpriced_subscriptions, 0);
    for (const path of ['/api/metrics/mrr', '/api/metrics/movements', `/api/metrics/summary?period=${new Date().toISOString().slice(0, 7)}`]) {
      assert.equal((await sut.get(path)).status, 200, path);
    }
    const points = (await sut.get('/api/metrics/mrr?interval=day')).body.points;
    assert.equal(points.at(-1).mrr, 30);
  });

  test("a subscription whose price can't be read stays counted, as unpriced", async () => {
    const price = b.price({ currency: 'usd', unitAmount: 1000, interval: 'month' });
    const sub = b.subscription({ customer: b.customer({}), items: [{ price, quantity: 1 }] });
    const unreadable = (rendered: typeof sub) => ({
      ...rendered,
      items: { ...rendered.items, data: rendered.items.data.map((item) => ({ ...item, price: { ...item.price, recurring: { interval: 'fortnight' } } })) },
    });
    const before = (await sut.get('/api/revenue')).body;
    await send('customer.subscription.created', sub, unreadable);
    const after = (await sut.get('/api/revenue')).body;
    assert.equal(after.unpriced_subscriptions, before.unpriced_subscriptions + 1);
    assert.equal(after.mrr, before.mrr);
  });
});
