import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateAccount } from './generate-account.ts';
import type { ObjectType } from './state.ts';

const TYPES: ObjectType[] = ['customer', 'subscription', 'price', 'coupon', 'charge', 'invoice'];

function snapshot(seed: number, exactInvoices = false): string {
  const state = generateAccount({ seed, customers: 120, exactInvoices });
  return JSON.stringify(TYPES.map((type) => [...state.collection(type).values()]));
}

test('the same seed gives the same account, a different seed a different one', () => {
  assert.equal(snapshot(3), snapshot(3));
  assert.notEqual(snapshot(3), snapshot(4));
  assert.equal(snapshot(3, true), snapshot(3, true));
});

test('the default account has >250 of each synced type and the variety the metrics need', () => {
  const state = generateAccount({ seed: 1 });
  for (const type of ['customer', 'subscription', 'price', 'coupon', 'charge'] as const) {
    assert.ok(state.collection(type).size > 250, `${type}: ${state.collection(type).size}`);
  }
  const subs = [...state.collection('subscription').values()];
  const prices = [...state.collection('price').values()];
  const coupons = [...state.collection('coupon').values()];
  const charges = [...state.collection('charge').values()];
  const statuses = new Set(subs.map((s) => s.status));
  for (const status of ['active', 'trialing', 'past_due', 'canceled', 'paused']) assert.ok(statuses.has(status as never), status);
  assert.ok(subs.some((s) => s.items.data.length > 10));
  assert.ok(subs.filter((s) => s.status === 'canceled').every((s) => s.ended_at !== null));
  assert.ok(subs.some((s) => s.cancel_at_period_end));
  assert.ok(subs.some((s) => s.discounts.length > 0));
  assert.ok(subs.some((s) => s.items.data.some((i) => i.price.recurring?.usage_type === 'metered')));
  assert.ok([...state.collection('customer').values()].some((c) => c.deleted));
  assert.ok([...state.collection('customer').values()].some((c) => c.discount));
  for (const currency of ['usd', 'eur', 'jpy']) assert.ok(prices.some((p) => p.currency === currency), currency);
  for (const interval of ['week', 'month', 'year']) assert.ok(prices.some((p) => p.recurring?.interval === interval), interval);
  assert.ok(prices.some((p) => p.recurring?.interval_count === 3));
  assert.ok(prices.some((p) => p.billing_scheme === 'tiered' && p.tiers?.length));
  assert.ok(prices.some((p) => p.transform_quantity));
  assert.ok(prices.some((p) => p.type === 'one_time'));
  for (const duration of ['forever', 'once', 'repeating']) assert.ok(coupons.some((c) => c.duration === duration), duration);
  assert.ok(coupons.some((c) => c.amount_off !== null) && coupons.some((c) => c.percent_off !== null));
  assert.ok(charges.some((c) => c.status === 'failed'));
  assert.ok(charges.some((c) => c.refunded) && charges.some((c) => c.amount_refunded > 0 && !c.refunded));
});

// How fast large accounts generate is measured by `npm run bench`, not asserted here.
test("invoiceHistory 'latest' keeps large accounts lean: at most the current invoice per subscription", () => {
  const state = generateAccount({ seed: 9, customers: 2_000, invoiceHistory: 'latest' });
  assert.ok(state.collection('subscription').size > 1_900);
  assert.ok(state.collection('invoice').size < state.collection('subscription').size);
});
