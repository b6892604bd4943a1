import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AccountBuilder } from '../../emulator/account-builder.ts';
import { countedLines } from '../history/index.ts';
import type { StripeDiscount, StripeInvoice, StripeSubscription } from '../stripe-shapes.ts';
import { subscriptionContribution } from '../subscription-contribution.ts';
import { AS_OF, customer, discount, item, percentOff, subscription, unitPrice } from '../test-fixtures.ts';
import { olderDiscount, olderInvoice, olderSubscription } from './older-api-fixtures.ts';
import { readObject } from './read-object.ts';

function read<T>(type: Parameters<typeof readObject>[0], raw: unknown): T {
  const result = readObject(type, raw);
  assert.ok(result.ok, result.ok ? '' : result.reason);
  return result.object as T;
}

describe('readObject: every API version Stripe may send reads into the one shape the engine reads', () => {
  it('a subscription with a plan, its period on itself and a coupon on its discount prices like the current shape', () => {
    const coupon = percentOff(20);
    const current = subscription([item(unitPrice(5000), { quantity: 2 })], { discounts: [discount(coupon)] });
    const ctx = { prices: new Map(), coupons: new Map(), customer: customer(), policy: 'forever' as const, asOf: AS_OF };
    const older = read<StripeSubscription>('subscription', olderSubscription(current));
    assert.deepEqual(subscriptionContribution(older, ctx), subscriptionContribution(current, ctx));
    assert.equal(subscriptionContribution(older, ctx).mrr, 8000);
    assert.equal(older.items.data[0]!.current_period_start, current.items.data[0]!.current_period_start);
  });

  it('a customer discount without `source` is read as one with it', () => {
    const coupon = percentOff(50);
    const older = read<{ discount: StripeDiscount }>('customer', { ...customer(), discount: olderDiscount(discount(coupon)) });
    assert.deepEqual(older.discount.source, { type: 'coupon', coupon });
  });

  it('an invoice with `subscription` and lines with their own subscription and price counts the same lines', () => {
    const b = new AccountBuilder();
    const price = b.price({ currency: 'usd', unitAmount: 1000, interval: 'month' });
    const sub = b.subscription({ customer: b.customer({}), items: [{ price, quantity: 3 }] });
    const current = b.invoice({ subscription: sub, status: 'paid' });
    const older = read<StripeInvoice>('invoice', olderInvoice(current));
    assert.deepEqual(countedLines(older), countedLines(current));
    assert.equal(countedLines(older).length, 1);
    assert.equal(older.parent?.subscription_details?.subscription, sub.id);
  });

  it('the current shapes are read as they are', () => {
    const current = subscription([item(unitPrice(1000))], { discounts: [discount(percentOff(10))] });
    assert.deepEqual(read('subscription', current), current);
  });

  it('refuses what it cannot read, naming the field and never a value', () => {
    const sub = subscription([item(unitPrice(1000))]);
    const noPrice = { ...sub, items: { ...sub.items, data: [{ ...sub.items.data[0], price: undefined }] } };
    const result = readObject('subscription', noPrice);
    assert.equal(result.ok, false);
    assert.match(!result.ok ? result.reason : '', /^items\.data\.0\.price: an item needs a price or a plan$/);
    const secret = readObject('customer', { id: 'cus_9', email: 'someone@example.com', discount: { id: 'di_1', end: 'someone@example.com' } });
    assert.ok(!secret.ok && !secret.reason.includes('example.com'), !secret.ok ? secret.reason : '');
    assert.equal(readObject('charge', { id: 'ch_1', amount: 1.5 }).ok, false);
  });

  it('replaces NUL characters, which the store cannot hold', () => {
    const named = read<{ name: string }>('customer', { ...customer(), name: 'A\u0000B' });
    assert.equal(named.name, 'A\uFFFDB');
  });

  it('a deleted object needs only its id', () => {
    assert.deepEqual(read('customer', { id: 'cus_gone', deleted: true }), { id: 'cus_gone', deleted: true });
  });
});
