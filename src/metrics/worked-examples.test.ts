// Every row of the spec's "Worked examples" table (minor units, default policy unless stated).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildSnapshot } from './build-snapshot.ts';
import { subscriptionContribution } from './subscription-contribution.ts';
import type { PricingContext } from './pricing-context.ts';
import type { StripeSubscription } from './stripe-shapes.ts';
import {
  AS_OF, DAY, amountOff, context, customer, discount, every, item, percentOff, price, subscription, unitPrice,
} from './test-fixtures.ts';

const tiers = [
  { up_to: 10, unit_amount: 1000, unit_amount_decimal: '1000', flat_amount: null, flat_amount_decimal: null },
  { up_to: null, unit_amount: 800, unit_amount_decimal: '800', flat_amount: null, flat_amount_decimal: null },
];
const graduated = price({ billing_scheme: 'tiered', tiers_mode: 'graduated', unit_amount: null, unit_amount_decimal: null, tiers });
const volume = price({ billing_scheme: 'tiered', tiers_mode: 'volume', unit_amount: null, unit_amount_decimal: null, tiers });
const metered = unitPrice(5, { recurring: { interval: 'month', interval_count: 1, usage_type: 'metered' } });
const fiftyRepeating = percentOff(50, { duration: 'repeating', duration_in_months: 3 });

const rows: Array<{ name: string; sub: StripeSubscription; ctx?: PricingContext; mrr: number; scheduledChurn?: boolean }> = [
  {
    name: 'yearly 120000, qty 3, 20% forever, active',
    sub: subscription([item(unitPrice(120000, { recurring: every('year') }), { quantity: 3 })], { discounts: [discount(percentOff(20))] }),
    mrr: 24000,
  },
  { name: 'monthly 5000, trialing', sub: subscription([item(unitPrice(5000))], { status: 'trialing' }), mrr: 0 },
  { name: 'monthly 9900, past_due', sub: subscription([item(unitPrice(9900))], { status: 'past_due' }), mrr: 9900 },
  {
    name: 'monthly 9900, active, cancel_at_period_end',
    sub: subscription([item(unitPrice(9900))], { cancel_at_period_end: true }),
    mrr: 9900,
    scheduledChurn: true,
  },
  { name: 'weekly 1000, interval_count 2', sub: subscription([item(unitPrice(1000, { recurring: every('week', 2) }))]), mrr: 2167 },
  { name: 'daily 100', sub: subscription([item(unitPrice(100, { recurring: every('day') }))]), mrr: 3042 },
  { name: 'monthly, interval_count 3, 30000', sub: subscription([item(unitPrice(30000, { recurring: every('month', 3) }))]), mrr: 10000 },
  {
    name: '5 seats × 2000 monthly, plus a metered item',
    sub: subscription([item(unitPrice(2000), { quantity: 5 }), item(metered, { quantity: null })]),
    mrr: 10000,
  },
  {
    name: 'yearly 60000, amount_off 10000 forever',
    sub: subscription([item(unitPrice(60000, { recurring: every('year') }))], { discounts: [discount(amountOff(10000))] }),
    mrr: 4167,
  },
  {
    name: 'monthly 10000, 50% repeating for 3 months',
    sub: subscription([item(unitPrice(10000))], { discounts: [discount(fiftyRepeating, { end: AS_OF + 60 * DAY })] }),
    mrr: 10000,
  },
  {
    name: 'monthly 10000, 50% repeating for 3 months, under all_active',
    sub: subscription([item(unitPrice(10000))], { discounts: [discount(fiftyRepeating, { end: AS_OF + 60 * DAY })] }),
    ctx: context({ policy: 'all_active' }),
    mrr: 5000,
  },
  {
    name: 'item 20000 with an item discount of 10% forever, plus a subscription amount_off 500 forever',
    sub: subscription([item(unitPrice(20000), { discounts: [discount(percentOff(10))] })], { discounts: [discount(amountOff(500))] }),
    mrr: 17500,
  },
  {
    name: 'monthly 4000, no subscription discount, customer discount 25% forever',
    sub: subscription([item(unitPrice(4000))]),
    ctx: context({ customer: customer({ discount: discount(percentOff(25)) }) }),
    mrr: 3000,
  },
  { name: 'graduated [≤10 @1000, rest @800], qty 15', sub: subscription([item(graduated, { quantity: 15 })]), mrr: 14000 },
  { name: 'volume, same tiers, qty 15', sub: subscription([item(volume, { quantity: 15 })]), mrr: 12000 },
  { name: 'EUR 10000 monthly (before conversion)', sub: subscription([item(unitPrice(10000, { currency: 'eur' }))], { currency: 'eur' }), mrr: 10000 },
  {
    name: 'JPY 12000 yearly is ¥1000 a month',
    sub: subscription([item(unitPrice(12000, { currency: 'jpy', recurring: every('year') }))], { currency: 'jpy' }),
    mrr: 1000,
  },
  { name: '100% off forever', sub: subscription([item(unitPrice(5000))], { discounts: [discount(percentOff(100))] }), mrr: 0 },
  { name: 'unpaid', sub: subscription([item(unitPrice(5000))], { status: 'unpaid' }), mrr: 0 },
  { name: 'incomplete', sub: subscription([item(unitPrice(5000))], { status: 'incomplete' }), mrr: 0 },
  { name: 'paused', sub: subscription([item(unitPrice(5000))], { status: 'paused' }), mrr: 0 },
  { name: 'canceled', sub: subscription([item(unitPrice(5000))], { status: 'canceled' }), mrr: 0 },
];

describe('worked examples: subscription MRR', () => {
  for (const row of rows) {
    it(row.name, () => {
      const c = subscriptionContribution(row.sub, row.ctx ?? context());
      assert.equal(c.mrr, row.mrr);
      assert.equal(c.scheduledChurn, row.scheduledChurn ?? false);
    });
  }
});

describe('worked examples: headline', () => {
  const usd = (contributions: Parameters<typeof buildSnapshot>[0]['contributions'], rates: Array<[string, string]>) =>
    buildSnapshot({ contributions, customersTotal: 1, revenueByCurrency: new Map(), rates: { reportingCurrency: 'usd', rates: new Map(rates) } });
  const contribution = (currency: string, mrr: number, customerId = 'cus_1') =>
    ({ subscriptionId: 'sub_1', customerId, currency, mrr, scheduledChurn: false });

  it('EUR 10000 monthly at eur=1.085 is 10850 USD cents', () => {
    assert.equal(usd([contribution('eur', 10000)], [['eur', '1.085']]).mrr, 10850);
  });
  it('¥1000 a month at jpy=0.0067 is 670 USD cents', () => {
    assert.equal(usd([contribution('jpy', 1000)], [['jpy', '0.0067']]).mrr, 670);
  });
  it('a trial makes nobody a paying customer', () => {
    const trial = subscriptionContribution(subscription([item(unitPrice(5000))], { status: 'trialing' }), context());
    assert.equal(usd([trial], []).payingCustomers, 0);
  });
  it('the yearly case gives ARR = 12 × MRR', () => {
    const snapshot = usd([contribution('usd', 24000)], []);
    assert.deepEqual([snapshot.mrr, snapshot.arr], [24000, 288000]);
  });
});
