import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AccountBuilder } from './account-builder.ts';
import { createEmulator } from './index.ts';
import { get, ids, T0, TEST_KEY } from './test-support.ts';

describe('events', () => {
  const b = new AccountBuilder({ now: () => T0 });
  const customer = b.customer();
  const e1 = b.state.recordEvent('customer.created', customer, undefined, { created: T0 });
  const e2 = b.state.recordEvent('customer.updated', { ...customer, name: 'New' }, { name: null }, { created: T0 });
  const e3 = b.state.recordEvent('charge.succeeded', b.charge({ customer, amount: 100 }), undefined, { created: T0 + 1 });
  const { app } = createEmulator({ secretKey: TEST_KEY, state: b.state });

  test('newest first with type, types[] and wildcard filters', async () => {
    assert.deepEqual(ids((await get(app, '/v1/events')).body), [e3.id, e2.id, e1.id]);
    assert.deepEqual(ids((await get(app, '/v1/events?type=customer.created')).body), [e1.id]);
    assert.deepEqual(ids((await get(app, '/v1/events?type=customer.*')).body), [e2.id, e1.id]);
    const types = await get(app, '/v1/events?types[0]=charge.succeeded&types[1]=customer.created');
    assert.deepEqual(ids(types.body), [e3.id, e1.id]);
    assert.deepEqual(ids((await get(app, `/v1/events?created[gt]=${T0}`)).body), [e3.id]);
  });

  test('events are Stripe-shaped and retrievable', async () => {
    const { body } = await get(app, `/v1/events/${e2.id}`);
    assert.match(body.id, /^evt_/);
    assert.equal(body.object, 'event');
    assert.equal(body.api_version, '2026-10-28.endive');
    assert.equal(body.data.object.name, 'New');
    assert.deepEqual(body.data.previous_attributes, { name: null });
  });
});
