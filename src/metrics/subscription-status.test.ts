// Rule 1: which statuses count, pause_collection, and scheduled churn.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { subscriptionContribution } from './subscription-contribution.ts';
import type { StripeSubscription } from './stripe-shapes.ts';
import { AS_OF, DAY, context, discount, item, percentOff, subscription, unitPrice } from './test-fixtures.ts';

const plan = () => [item(unitPrice(5000))];

const rows: Array<{ name: string; overrides: Partial<StripeSubscription>; mrr: number; scheduledChurn: boolean }> = [
  { name: 'active counts', overrides: {}, mrr: 5000, scheduledChurn: false },
  { name: 'past_due counts', overrides: { status: 'past_due' }, mrr: 5000, scheduledChurn: false },
  { name: 'trialing counts 0', overrides: { status: 'trialing' }, mrr: 0, scheduledChurn: false },
  { name: 'incomplete counts 0', overrides: { status: 'incomplete' }, mrr: 0, scheduledChurn: false },
  { name: 'incomplete_expired counts 0', overrides: { status: 'incomplete_expired' }, mrr: 0, scheduledChurn: false },
  { name: 'unpaid counts 0', overrides: { status: 'unpaid' }, mrr: 0, scheduledChurn: false },
  { name: 'paused counts 0', overrides: { status: 'paused' }, mrr: 0, scheduledChurn: false },
  { name: 'canceled counts 0', overrides: { status: 'canceled', ended_at: AS_OF - DAY }, mrr: 0, scheduledChurn: false },
  {
    name: 'active with pause_collection counts 0',
    overrides: { pause_collection: { behavior: 'void', resumes_at: null } },
    mrr: 0,
    scheduledChurn: false,
  },
  { name: 'cancel_at_period_end keeps full MRR, as scheduled churn', overrides: { cancel_at_period_end: true }, mrr: 5000, scheduledChurn: true },
  { name: 'past_due with cancel_at_period_end', overrides: { status: 'past_due', cancel_at_period_end: true }, mrr: 5000, scheduledChurn: true },
  { name: 'a cancel_at in the future is scheduled churn', overrides: { cancel_at: AS_OF + 5 * DAY }, mrr: 5000, scheduledChurn: true },
  { name: 'a cancel_at already past (stale state) is not', overrides: { cancel_at: AS_OF - DAY }, mrr: 5000, scheduledChurn: false },
  { name: 'a trial set to cancel is not churn of MRR', overrides: { status: 'trialing', cancel_at_period_end: true }, mrr: 0, scheduledChurn: false },
  {
    name: 'a 100%-off subscription set to cancel is not churn of MRR',
    overrides: { cancel_at_period_end: true, discounts: [discount(percentOff(100))] },
    mrr: 0,
    scheduledChurn: false,
  },
];

describe('status (rule 1)', () => {
  for (const row of rows) {
    it(row.name, () => {
      const c = subscriptionContribution(subscription(plan(), row.overrides), context());
      assert.deepEqual({ mrr: c.mrr, scheduledChurn: c.scheduledChurn }, { mrr: row.mrr, scheduledChurn: row.scheduledChurn });
    });
  }

  it('identifies the subscription, customer and lower-case currency', () => {
    const sub = subscription([item(unitPrice(100, { currency: 'eur' }))], { id: 'sub_42', customer: 'cus_9', currency: 'EUR' });
    const c = subscriptionContribution(sub, context());
    assert.deepEqual(c, { subscriptionId: 'sub_42', customerId: 'cus_9', currency: 'eur', mrr: 100, scheduledChurn: false });
  });
});
