import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AccountBuilder } from './account-builder.ts';
import { createEmulator } from './index.ts';
import { get, ids, T0, TEST_KEY } from './test-support.ts';

function account() {
  const b = new AccountBuilder({ now: () => T0 + 40 * 86_400 });
  const twenty = b.coupon({ percentOff: 20, duration: 'forever', created: T0 });
  const fiver = b.coupon({ amountOff: 500, currency: 'usd', duration: 'repeating', durationInMonths: 3, created: T0 });
  const tiered = b.price({
    created: T0,
    tiersMode: 'graduated',
    tiers: [{ upTo: 10, unitAmount: 100 }, { upTo: null, unitAmountDecimal: '50.5', flatAmount: 1000 }],
  });
  const addOns = Array.from({ length: 13 }, (_, i) => b.price({ unitAmount: 100 + i, created: T0 }));
  const customer = b.customer({ created: T0, coupon: twenty });
  const gone = b.customer({ created: T0, deleted: true });
  const big = b.subscription({
    customer,
    created: T0,
    coupons: [fiver],
    items: [{ price: tiered, quantity: 12, coupons: [twenty] }, ...addOns.map((price) => ({ price }))],
  });
  const invoice = b.invoice({ subscription: big });
  const { app } = createEmulator({ secretKey: TEST_KEY, state: b.state });
  return { app, b, twenty, fiver, tiered, customer, gone, big, invoice };
}

describe('retrieve, expand and embedded lists', () => {
  const { app, twenty, fiver, tiered, customer, gone, big, invoice } = account();

  test('deleted customer retrieves as a stub; live customer carries its discount with the full coupon', async () => {
    assert.deepEqual((await get(app, `/v1/customers/${gone.id}`)).body, { id: gone.id, object: 'customer', deleted: true });
    const { body } = await get(app, `/v1/customers/${customer.id}`);
    assert.equal(body.discount.object, 'discount');
    assert.deepEqual(body.discount.source, { type: 'coupon', coupon: twenty });
  });

  test('subscriptions embed 10 items with has_more, total_count and the items url', async () => {
    const { body } = await get(app, `/v1/subscriptions/${big.id}`);
    assert.equal(body.items.object, 'list');
    assert.equal(body.items.data.length, 10);
    assert.equal(body.items.has_more, true);
    assert.equal(body.items.total_count, 14);
    assert.equal(body.items.url, `/v1/subscription_items?subscription=${big.id}`);
    const item = body.items.data[0];
    assert.equal(item.current_period_start, T0 + 31 * 86_400);
    assert.equal(item.current_period_end, T0 + 59 * 86_400);
    assert.equal(item.price.tiers, undefined, 'embedded price has no tiers');
  });

  test('/v1/subscription_items pages through all items, after the embedded 10', async () => {
    const rest = await get(app, `/v1/subscription_items?subscription=${big.id}&limit=10&starting_after=${big.items.data[9]?.id}`);
    assert.deepEqual(ids(rest.body), big.items.data.slice(10).map((i) => i.id));
    assert.equal(rest.body.has_more, false);
    assert.equal(rest.body.url, '/v1/subscription_items');
    const missing = await get(app, '/v1/subscription_items');
    assert.equal(missing.status, 400);
    assert.equal(missing.body.error.param, 'subscription');
    assert.equal((await get(app, '/v1/subscription_items?subscription=sub_nope')).status, 404);
  });

  test('discounts are ids unless expanded; expanded ones carry the full coupon', async () => {
    const plain = (await get(app, '/v1/subscriptions')).body.data[0];
    assert.deepEqual(plain.discounts, [big.discounts[0]]);
    assert.equal(typeof plain.items.data[0].discounts[0], 'string');

    const list = await get(app, '/v1/subscriptions?expand[0]=data.discounts&expand[1]=data.items.data.discounts');
    const sub = list.body.data[0];
    assert.equal(sub.discounts[0].object, 'discount');
    assert.deepEqual(sub.discounts[0].source.coupon, fiver);
    assert.equal(sub.discounts[0].end, T0 + (31 + 28 + 31) * 86_400);
    assert.deepEqual(sub.items.data[0].discounts[0].source.coupon, twenty);

    const retrieved = await get(app, `/v1/subscriptions/${big.id}?expand[]=discounts&expand[]=items.data.discounts`);
    assert.equal(retrieved.body.discounts[0].id, big.discounts[0]);
    const items = await get(app, `/v1/subscription_items?subscription=${big.id}&expand[]=data.discounts`);
    assert.equal(items.body.data[0].discounts[0].subscription_item, big.items.data[0]?.id);
  });

  test('price tiers only when expanded', async () => {
    assert.equal((await get(app, `/v1/prices/${tiered.id}`)).body.tiers, undefined);
    const expanded = await get(app, `/v1/prices/${tiered.id}?expand[]=tiers`);
    assert.deepEqual(expanded.body.tiers[1], {
      up_to: null,
      unit_amount: null,
      unit_amount_decimal: '50.5',
      flat_amount: 1000,
      flat_amount_decimal: '1000',
    });
    const list = await get(app, '/v1/prices?limit=100&expand[]=data.tiers');
    assert.equal(list.body.data.find((p: { id: string }) => p.id === tiered.id).tiers.length, 2);
  });

  test('unknown expand paths are 400', async () => {
    for (const url of [
      '/v1/subscriptions?expand[]=discounts',
      '/v1/subscriptions?expand[]=data.customer',
      `/v1/subscriptions/${big.id}?expand[]=data.discounts`,
      '/v1/prices?expand[]=tiers',
    ]) {
      const { status, body } = await get(app, url);
      assert.equal(status, 400, url);
      assert.equal(body.error.param, 'expand');
    }
  });

  test('invoices embed 10 lines; /lines pages the rest with Stripe-shaped lines', async () => {
    const embedded = (await get(app, `/v1/invoices/${invoice.id}`)).body;
    assert.equal(embedded.lines.data.length, 10);
    assert.equal(embedded.lines.has_more, true);
    assert.equal(embedded.parent.subscription_details.subscription, big.id);
    const rest = await get(app, `/v1/invoices/${invoice.id}/lines?starting_after=${embedded.lines.data[9].id}`);
    assert.equal(rest.body.data.length, 4);
    assert.equal(rest.body.url, `/v1/invoices/${invoice.id}/lines`);
    const line = embedded.lines.data[0];
    assert.equal(line.parent.subscription_item_details.subscription, big.id);
    assert.equal(line.pricing.price_details.price, tiered.id);
    // Graduated: 10 × 100 + (1000 flat + 2 × 50.5).
    assert.equal(line.amount, 2101);
  });

  test('unknown ids are 404 resource_missing', async () => {
    for (const path of ['customers/cus_x', 'subscriptions/sub_x', 'prices/price_x', 'coupons/c_x', 'charges/ch_x', 'invoices/in_x', 'events/evt_x', 'invoices/in_x/lines']) {
      const { status, body } = await get(app, `/v1/${path}`);
      assert.equal(status, 404, path);
      assert.equal(body.error.code, 'resource_missing');
    }
    const route = await get(app, '/v1/widgets');
    assert.equal(route.status, 404);
    assert.match(route.body.error.message, /Unrecognized request URL/);
  });
});

describe('authentication', () => {
  const { app } = account();

  test('a wrong key is 401 and the key is masked', async () => {
    const wrongKey = 'sk_test_wrongwrongwrong1234';
    const { status, body } = await get(app, '/v1/customers', wrongKey);
    assert.equal(status, 401);
    assert.equal(body.error.type, 'invalid_request_error');
    assert.equal(body.error.message, 'Invalid API Key provided: sk_test_****1234');
    assert.ok(!JSON.stringify(body).includes(wrongKey));
  });

  test('no key is 401; the right key via Basic auth works', async () => {
    assert.equal((await get(app, '/v1/customers', null)).status, 401);
    const basic = await app.inject({
      method: 'GET',
      url: '/v1/customers',
      headers: { authorization: `Basic ${Buffer.from(`${TEST_KEY}:`).toString('base64')}` },
    });
    assert.equal(basic.statusCode, 200);
  });
});
