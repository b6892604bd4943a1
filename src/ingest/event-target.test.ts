import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { StripeEvent } from '../metrics/stripe-shapes.ts';
import { eventTarget } from './event-target.ts';

const event = (type: string, object: Record<string, unknown>): StripeEvent => ({
  id: 'evt_1',
  object: 'event',
  type,
  created: 1,
  api_version: null,
  livemode: false,
  pending_webhooks: 1,
  request: null,
  data: { object },
});

describe('eventTarget', () => {
  const cases: Array<[string, Record<string, unknown>, { type: string; deleted: boolean } | undefined]> = [
    ['customer.subscription.created', { id: 'sub_1', object: 'subscription' }, { type: 'subscription', deleted: false }],
    ['customer.subscription.updated', { id: 'sub_1', object: 'subscription' }, { type: 'subscription', deleted: false }],
    ['customer.subscription.deleted', { id: 'sub_1', object: 'subscription' }, { type: 'subscription', deleted: false }],
    ['customer.subscription.paused', { id: 'sub_1', object: 'subscription' }, { type: 'subscription', deleted: false }],
    ['customer.subscription.resumed', { id: 'sub_1', object: 'subscription' }, { type: 'subscription', deleted: false }],
    ['customer.subscription.trial_will_end', { id: 'sub_1', object: 'subscription' }, { type: 'subscription', deleted: false }],
    ['customer.created', { id: 'cus_1', object: 'customer' }, { type: 'customer', deleted: false }],
    ['customer.updated', { id: 'cus_1', object: 'customer' }, { type: 'customer', deleted: false }],
    ['customer.deleted', { id: 'cus_1', object: 'customer' }, { type: 'customer', deleted: true }],
    ['charge.succeeded', { id: 'ch_1', object: 'charge' }, { type: 'charge', deleted: false }],
    ['charge.refunded', { id: 'ch_1', object: 'charge' }, { type: 'charge', deleted: false }],
    ['charge.updated', { id: 'ch_1', object: 'charge' }, { type: 'charge', deleted: false }],
    ['invoice.paid', { id: 'in_1', object: 'invoice' }, { type: 'invoice', deleted: false }],
    ['invoice.payment_succeeded', { id: 'in_1', object: 'invoice' }, { type: 'invoice', deleted: false }],
    ['invoice.payment_failed', { id: 'in_1', object: 'invoice' }, { type: 'invoice', deleted: false }],
    ['credit_note.created', { id: 'cn_1', object: 'credit_note' }, { type: 'credit_note', deleted: false }],
    ['coupon.created', { id: 'co_1', object: 'coupon' }, { type: 'coupon', deleted: false }],
    ['coupon.deleted', { id: 'co_1', object: 'coupon' }, { type: 'coupon', deleted: true }],
    ['price.updated', { id: 'price_1', object: 'price' }, { type: 'price', deleted: false }],
    ['price.deleted', { id: 'price_1', object: 'price' }, { type: 'price', deleted: true }],
    ['payment_intent.succeeded', { id: 'pi_1', object: 'payment_intent' }, undefined],
    ['product.created', { id: 'prod_1', object: 'product' }, undefined],
    ['customer.created without an id', { object: 'customer' }, undefined],
    ['customer.updated naming the prototype', { id: 'cus_1', object: '__proto__' }, undefined],
    ['customer.updated naming an inherited key', { id: 'cus_1', object: 'toString' }, undefined],
  ];
  for (const [type, object, expected] of cases) {
    test(type, () => {
      const target = eventTarget(event(type.split(' ')[0]!, object));
      assert.deepEqual(target && { type: target.type, deleted: target.deleted }, expected);
    });
  }
});
