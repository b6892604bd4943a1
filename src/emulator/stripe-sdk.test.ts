import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import Stripe from 'stripe';
import { generateAccount } from './generate-account.ts';
import { createEmulator, type Emulator } from './index.ts';
import { TEST_KEY } from './test-support.ts';

let emulator: Emulator;
let stripe: Stripe;
let port: number;

before(async () => {
  emulator = createEmulator({ secretKey: TEST_KEY, state: generateAccount({ seed: 5 }) });
  port = Number(new URL(await emulator.listen()).port);
  stripe = new Stripe(TEST_KEY, { host: '127.0.0.1', port, protocol: 'http', maxNetworkRetries: 2 });
});

after(() => emulator.close());

test('the real SDK auto-paginates customers in the expected number of requests', async () => {
  const live = [...emulator.state.collection('customer').values()].filter((c) => !c.deleted);
  emulator.requestLog.reset();
  const seen: string[] = [];
  for await (const customer of stripe.customers.list({ limit: 100 })) seen.push(customer.id);
  assert.equal(seen.length, live.length);
  assert.equal(new Set(seen).size, seen.length);
  assert.equal(emulator.requestLog.count({ path: '/v1/customers' }), Math.ceil(live.length / 100));
});

test('the SDK lists subscriptions with expanded discounts and reads items beyond the first 10', async () => {
  const subs = await stripe.subscriptions
    .list({ status: 'all', limit: 100, expand: ['data.discounts', 'data.items.data.discounts'] })
    .autoPagingToArray({ limit: 10_000 });
  assert.equal(subs.length, emulator.state.collection('subscription').size);
  const big = subs.find((s) => s.items.has_more);
  assert.ok(big);
  const items = await stripe.subscriptionItems.list({ subscription: big.id, limit: 100 });
  assert.equal(items.data.length, emulator.state.get('subscription', big.id)?.items.data.length);
  const discounted = subs.find((s) => s.discounts.length > 0);
  assert.equal(typeof discounted?.discounts[0], 'object');
});

test('the SDK sees deleted customers, errors, and retries injected faults', async () => {
  const gone = [...emulator.state.collection('customer').values()].find((c) => c.deleted);
  assert.ok(gone);
  const retrieved = await stripe.customers.retrieve(gone.id);
  assert.equal(retrieved.deleted, true);

  await assert.rejects(stripe.customers.retrieve('cus_missing'), (error: unknown) => {
    assert.ok(error instanceof Stripe.errors.StripeInvalidRequestError);
    assert.equal(error.code, 'resource_missing');
    return true;
  });

  emulator.requestLog.reset();
  emulator.faults.failNext(2, 429, { shouldRetry: true });
  const page = await stripe.prices.list({ limit: 3, expand: ['data.tiers'] });
  assert.equal(page.data.length, 3);
  assert.deepEqual(emulator.requestLog.entries.map((e) => e.status), [429, 429, 200]);

  const wrong = new Stripe('sk_test_not_the_key_at_all', { host: '127.0.0.1', port, protocol: 'http' });
  await assert.rejects(wrong.customers.list(), Stripe.errors.StripeAuthenticationError);
});
