import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CONTROL_CHANGE_TYPES } from './control-changes.ts';
import { generateAccount } from './generate-account.ts';
import { createEmulator } from './index.ts';
import { get, T0, TEST_KEY } from './test-support.ts';

describe('POST /_emulator/changes', () => {
  const state = generateAccount({ seed: 5, customers: 60, now: T0 });
  const { app } = createEmulator({ secretKey: TEST_KEY, state });
  const change = async (type: unknown, key: string | null = TEST_KEY) => {
    const res = await app.inject({
      method: 'POST',
      url: '/_emulator/changes',
      headers: key === null ? {} : { authorization: `Bearer ${key}` },
      payload: { type },
    });
    return { status: res.statusCode, body: res.json() };
  };

  test('each type makes a change that the API then serves, and answers its recorded event', async () => {
    for (const type of CONTROL_CHANGE_TYPES) {
      const { status, body } = await change(type);
      assert.equal(status, 200, type);
      assert.equal(body.type, type);
      assert.equal((await get(app, `/v1/events/${body.id}`)).body.type, type);
      const object = body.data.object;
      const path = { subscription: 'subscriptions', customer: 'customers', charge: 'charges', invoice: 'invoices', price: 'prices', coupon: 'coupons' }[object.object as string];
      const served = (await get(app, `/v1/${path}/${object.id}`)).body;
      assert.deepEqual(served, object, type);
    }
  });

  test('a subscription change moves one seat; a customer change renames; the invoice is paid for the current period', async () => {
    const sub = (await change('customer.subscription.updated')).body;
    const before = sub.data.previous_attributes.items.data.map((i: { quantity: number }) => i.quantity);
    const after = sub.data.object.items.data.map((i: { quantity: number }) => i.quantity);
    assert.equal(before.filter((q: number, k: number) => q !== after[k]).length, 1);
    const customer = (await change('customer.updated')).body;
    assert.notEqual(customer.data.object.name, customer.data.previous_attributes.name);
    const invoice = (await change('invoice.paid')).body.data.object;
    assert.equal(invoice.status, 'paid');
    assert.equal(invoice.created, T0);
  });

  test('the price changed is the one most subscriptions use, every time', async () => {
    const uses = new Map<string, number>();
    for (const sub of state.collection('subscription').values()) {
      if (sub.status !== 'active' && sub.status !== 'past_due') continue;
      for (const item of sub.items.data) uses.set(item.price.id, (uses.get(item.price.id) ?? 0) + 1);
    }
    const most = Math.max(...uses.values());
    const first = (await change('price.updated')).body.data.object;
    assert.equal(uses.get(first.id), most);
    const second = (await change('price.updated')).body.data.object;
    assert.equal(second.id, first.id);
    assert.notEqual(second.nickname, first.nickname);
  });

  test('an unknown type is a 400 and the key is required', async () => {
    assert.equal((await change('customer.deleted')).status, 400);
    assert.equal((await change('price.updated', null)).status, 401);
  });

  test('a subscription change can name its subscription; stats count the API requests served', async () => {
    const first = (await change('customer.subscription.updated')).body.data.object;
    const res = await app.inject({
      method: 'POST',
      url: '/_emulator/changes',
      headers: { authorization: `Bearer ${TEST_KEY}` },
      payload: { type: 'customer.subscription.updated', subscription: first.id },
    });
    assert.equal(res.json().data.object.id, first.id);
    const stats = async () => (await app.inject({ method: 'GET', url: '/_emulator/stats', headers: { authorization: `Bearer ${TEST_KEY}` } })).json();
    const before = await stats();
    await get(app, '/v1/customers');
    assert.deepEqual(await stats(), { requests: before.requests + 1, rate_limited: 0 });
  });
});
