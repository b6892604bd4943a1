// Rule 3: item then subscription discounts, the customer fallback, amount_off, policies, coupon lookup.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PricingContext } from './pricing-context.ts';
import type { StripeDiscount, StripeSubscription } from './stripe-shapes.ts';
import { subscriptionContribution } from './subscription-contribution.ts';
import {
  AS_OF, DAY, amountOff, context, customer, discount, every, item, percentOff, subscription, unitPrice,
} from './test-fixtures.ts';

const monthly = (amount: number, itemDiscounts: Array<string | StripeDiscount> = []) => [item(unitPrice(amount), { discounts: itemDiscounts })];
const allActive = context({ policy: 'all_active' });
const withCustomerDiscount = (d: StripeDiscount) => context({ customer: customer({ discount: d }) });

const once = percentOff(50, { duration: 'once' });
const repeating = percentOff(50, { duration: 'repeating', duration_in_months: 3 });
const storedCoupon = percentOff(50, { id: 'co_stored' });
const staleEmbedded = percentOff(10, { id: 'co_stored' });
const coupons = context({ coupons: new Map([[storedCoupon.id, storedCoupon]]) });

const rows: Array<{ name: string; sub: StripeSubscription; ctx?: PricingContext; mrr: number }> = [
  // Levels and order
  {
    name: 'item discounts apply before subscription discounts',
    sub: subscription(monthly(20000, [discount(amountOff(2000))]), { discounts: [discount(percentOff(50))] }),
    mrr: 9000, // (20000 − 2000) × 0.5; the other order would give 8000
  },
  {
    name: 'several subscription discounts apply in order: amount_off then percent',
    sub: subscription(monthly(10000), { discounts: [discount(amountOff(1000)), discount(percentOff(50))] }),
    mrr: 4500,
  },
  {
    name: 'several subscription discounts apply in order: percent then amount_off',
    sub: subscription(monthly(10000), { discounts: [discount(percentOff(50)), discount(amountOff(1000))] }),
    mrr: 4000,
  },
  {
    name: 'several item discounts each apply to what remains',
    sub: subscription(monthly(10000, [discount(percentOff(10)), discount(percentOff(10))])),
    mrr: 8100,
  },
  {
    name: 'an item discount touches only its own item',
    sub: subscription([...monthly(10000, [discount(percentOff(50))]), ...monthly(10000)]),
    mrr: 15000,
  },
  { name: 'a fractional percent_off', sub: subscription(monthly(10000), { discounts: [discount(percentOff(33.33))] }), mrr: 6667 },
  // Customer discount
  { name: 'the customer discount applies when the subscription has none', sub: subscription(monthly(10000)), ctx: withCustomerDiscount(discount(percentOff(25))), mrr: 7500 },
  {
    name: 'the customer discount is ignored when the subscription has its own',
    sub: subscription(monthly(10000), { discounts: [discount(percentOff(10))] }),
    ctx: withCustomerDiscount(discount(percentOff(25))),
    mrr: 9000,
  },
  {
    name: 'a running once/repeating subscription discount still shadows the customer discount under forever',
    sub: subscription(monthly(10000), { discounts: [discount(repeating, { end: AS_OF + 30 * DAY })] }),
    ctx: withCustomerDiscount(discount(percentOff(25))),
    mrr: 10000,
  },
  {
    name: 'an ended subscription discount no longer shadows the customer discount',
    sub: subscription(monthly(10000), { discounts: [discount(repeating, { end: AS_OF - DAY })] }),
    ctx: withCustomerDiscount(discount(percentOff(25))),
    mrr: 7500,
  },
  {
    name: 'item discounts do not stop the customer discount',
    sub: subscription(monthly(10000, [discount(percentOff(10))])),
    ctx: withCustomerDiscount(discount(amountOff(1000))),
    mrr: 8000,
  },
  // amount_off
  {
    name: 'amount_off is per billing period: quarterly 30000 − 3000 → 9000 a month',
    sub: subscription([item(unitPrice(30000, { recurring: every('month', 3) }))], { discounts: [discount(amountOff(3000))] }),
    mrr: 9000,
  },
  {
    name: 'an item amount_off is per that item\'s billing period',
    sub: subscription([item(unitPrice(12000, { recurring: every('year') }), { discounts: [discount(amountOff(1200))] })]),
    mrr: 900,
  },
  {
    name: 'with mixed intervals a subscription amount_off is per shortest period (one invoice each)',
    sub: subscription([item(unitPrice(1000)), item(unitPrice(12000, { recurring: every('year') }))], { discounts: [discount(amountOff(500))] }),
    mrr: 1500,
  },
  {
    name: 'amount_off in another currency does not apply',
    sub: subscription(monthly(10000), { discounts: [discount(amountOff(500, 'eur'))] }),
    mrr: 10000,
  },
  {
    name: 'amount_off currency matches case-insensitively',
    sub: subscription(monthly(10000), { discounts: [discount(amountOff(500, 'USD'))] }),
    mrr: 9500,
  },
  { name: 'amount_off never takes MRR below 0', sub: subscription(monthly(10000), { discounts: [discount(amountOff(25000))] }), mrr: 0 },
  {
    name: 'an item amount_off stops at 0 and does not eat into other items',
    sub: subscription([...monthly(1000, [discount(amountOff(5000))]), ...monthly(2000)]),
    mrr: 2000,
  },
  // Policy
  { name: 'forever: once coupons do not reduce MRR', sub: subscription(monthly(10000), { discounts: [discount(once)] }), mrr: 10000 },
  { name: 'all_active: a once coupon with no end applies', sub: subscription(monthly(10000), { discounts: [discount(once)] }), ctx: allActive, mrr: 5000 },
  {
    name: 'all_active: a once coupon that has ended does not',
    sub: subscription(monthly(10000), { discounts: [discount(once, { end: AS_OF - 1 })] }),
    ctx: allActive,
    mrr: 10000,
  },
  {
    name: 'all_active: a repeating coupon ending in the future applies',
    sub: subscription(monthly(10000), { discounts: [discount(repeating, { end: AS_OF + DAY })] }),
    ctx: allActive,
    mrr: 5000,
  },
  {
    name: 'all_active: a repeating coupon ending exactly now does not',
    sub: subscription(monthly(10000), { discounts: [discount(repeating, { end: AS_OF })] }),
    ctx: allActive,
    mrr: 10000,
  },
  {
    name: 'all_active: forever coupons still apply',
    sub: subscription(monthly(10000), { discounts: [discount(percentOff(20))] }),
    ctx: allActive,
    mrr: 8000,
  },
  {
    name: 'all_active applies to item and customer discounts too',
    sub: subscription(monthly(10000, [discount(once)])),
    ctx: context({ policy: 'all_active', customer: customer({ discount: discount(repeating, { end: AS_OF + DAY }) }) }),
    mrr: 2500,
  },
  // Coupon lookup
  { name: 'a coupon id is resolved through the stored coupons', sub: subscription(monthly(10000), { discounts: [discount('co_stored')] }), ctx: coupons, mrr: 5000 },
  { name: 'the stored coupon wins over the embedded copy', sub: subscription(monthly(10000), { discounts: [discount(staleEmbedded)] }), ctx: coupons, mrr: 5000 },
  { name: 'the embedded coupon is used when none is stored', sub: subscription(monthly(10000), { discounts: [discount(staleEmbedded)] }), mrr: 9000 },
  { name: 'an unknown coupon id is ignored', sub: subscription(monthly(10000), { discounts: [discount('co_missing')] }), mrr: 10000 },
  {
    name: 'a discount without a coupon is ignored',
    sub: subscription(monthly(10000), { discounts: [{ ...discount(percentOff(50)), source: { type: 'coupon', coupon: null } }] }),
    mrr: 10000,
  },
  {
    name: 'unexpanded discount ids are ignored (and still count as the subscription\'s own)',
    sub: subscription(monthly(10000, ['di_item']), { discounts: ['di_sub'] }),
    ctx: withCustomerDiscount(discount(percentOff(25))),
    mrr: 10000,
  },
];

describe('discounts (rule 3)', () => {
  for (const row of rows) {
    it(row.name, () => {
      assert.equal(subscriptionContribution(row.sub, row.ctx ?? context()).mrr, row.mrr);
    });
  }
});
