// Rule 5: tax is not revenue; inclusive prices lose their inclusive tax, exclusive ones are used as they are.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StripeSubscription } from './stripe-shapes.ts';
import { subscriptionContribution } from './subscription-contribution.ts';
import { amountOff, context, discount, item, percentOff, subscription, taxRate, unitPrice } from './test-fixtures.ts';

const inclusive = (amount: number) => unitPrice(amount, { tax_behavior: 'inclusive' });
const vat20 = () => taxRate(20, true);

const rows: Array<{ name: string; sub: StripeSubscription; mrr: number }> = [
  { name: 'inclusive price, inclusive rate on the item: 12000 ÷ 1.2', sub: subscription([item(inclusive(12000), { tax_rates: [vat20()] })]), mrr: 10000 },
  {
    name: 'inclusive price, inclusive rate in default_tax_rates',
    sub: subscription([item(inclusive(12000))], { default_tax_rates: [vat20()] }),
    mrr: 10000,
  },
  {
    name: 'an item\'s own rates replace the subscription defaults',
    sub: subscription([item(inclusive(12000), { tax_rates: [taxRate(10, false)] })], { default_tax_rates: [vat20()] }),
    mrr: 12000,
  },
  { name: 'several inclusive rates add up: 11500 ÷ 1.15', sub: subscription([item(inclusive(11500), { tax_rates: [taxRate(10, true), taxRate(5, true)] })]), mrr: 10000 },
  { name: 'a fractional rate: 10887.5 ÷ 1.08875 → 10000', sub: subscription([item(unitPrice(0, { unit_amount_decimal: '10887.5', tax_behavior: 'inclusive' }), { tax_rates: [taxRate(8.875, true)] })]), mrr: 10000 },
  { name: 'inclusive price with no known rate is used as it is', sub: subscription([item(inclusive(12000))]), mrr: 12000 },
  { name: 'inclusive price with only an exclusive rate is used as it is', sub: subscription([item(inclusive(12000), { tax_rates: [taxRate(20, false)] })]), mrr: 12000 },
  { name: 'exclusive price is used as it is', sub: subscription([item(unitPrice(12000, { tax_behavior: 'exclusive' }), { tax_rates: [taxRate(20, false)] })]), mrr: 12000 },
  { name: 'unspecified tax behaviour is used as it is', sub: subscription([item(unitPrice(12000, { tax_behavior: 'unspecified' }), { tax_rates: [vat20()] })]), mrr: 12000 },
  { name: 'null tax behaviour is used as it is', sub: subscription([item(unitPrice(12000, { tax_behavior: null }), { tax_rates: [vat20()] })]), mrr: 12000 },
  {
    name: 'an amount_off comes off the charged (tax-inclusive) amount: (12000 − 1200) ÷ 1.2',
    sub: subscription([item(inclusive(12000), { tax_rates: [vat20()] })], { discounts: [discount(amountOff(1200))] }),
    mrr: 9000,
  },
  {
    name: 'a subscription amount_off spreads over mixed items by charged amount',
    sub: subscription(
      [item(inclusive(12000), { tax_rates: [vat20()] }), item(unitPrice(10000))],
      { discounts: [discount(amountOff(2200))] },
    ),
    mrr: 18000, // 22000 charged → 19800 (× 0.9); net (10000 + 10000) × 0.9
  },
  {
    name: 'percent and item discounts on an inclusive price',
    sub: subscription([item(inclusive(12000), { tax_rates: [vat20()], discounts: [discount(percentOff(50))] })]),
    mrr: 5000,
  },
  { name: 'rounding after removing tax: 1000 ÷ 1.2 = 833.33', sub: subscription([item(inclusive(1000), { tax_rates: [vat20()] })]), mrr: 833 },
];

describe('tax (rule 5)', () => {
  for (const row of rows) {
    it(row.name, () => {
      assert.equal(subscriptionContribution(row.sub, context()).mrr, row.mrr);
    });
  }
});
