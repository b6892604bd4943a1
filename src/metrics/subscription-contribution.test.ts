// Rules 2, 4, 6 and 7 at the level of one subscription: items, normalisation, rounding, currencies.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PricingContext } from './pricing-context.ts';
import type { StripePriceTier, StripeSubscription } from './stripe-shapes.ts';
import { subscriptionContribution } from './subscription-contribution.ts';
import { context, every, item, price, subscription, unitPrice } from './test-fixtures.ts';

const tier = (upTo: number | null, unit: number, flat: number | null = null): StripePriceTier => ({
  up_to: upTo,
  unit_amount: unit,
  unit_amount_decimal: String(unit),
  flat_amount: flat,
  flat_amount_decimal: flat === null ? null : String(flat),
});
const tiered = (mode: 'graduated' | 'volume', tiers: StripePriceTier[]) =>
  price({ billing_scheme: 'tiered', tiers_mode: mode, unit_amount: null, unit_amount_decimal: null, tiers });
const withFlat = [tier(10, 1000, 500), tier(null, 800, 2000)];
const decimalPrice = (decimal: string) => price({ unit_amount: null, unit_amount_decimal: decimal });

// The same price as stored (with tiers) and as embedded in the subscription (never with tiers).
const storedTiered = tiered('volume', withFlat);
const embeddedTiered = { ...storedTiered, tiers: undefined };
const storedRenamed = unitPrice(3000);
const embeddedStale = { ...storedRenamed, unit_amount: 2500, unit_amount_decimal: '2500' };

const rows: Array<{ name: string; sub: StripeSubscription; ctx?: PricingContext; mrr: number }> = [
  // Items (rule 2)
  {
    name: 'metered items count 0',
    sub: subscription([item(unitPrice(700, { recurring: { interval: 'month', interval_count: 1, usage_type: 'metered' } }), { quantity: null })]),
    mrr: 0,
  },
  { name: 'one_time prices count 0', sub: subscription([item(unitPrice(700, { type: 'one_time', recurring: null }))]), mrr: 0 },
  { name: 'items are summed', sub: subscription([item(unitPrice(1000), { quantity: 2 }), item(unitPrice(250))]), mrr: 2250 },
  { name: 'a null quantity on a licensed item means 1', sub: subscription([item(unitPrice(1000), { quantity: null })]), mrr: 1000 },
  { name: 'quantity 0 counts 0', sub: subscription([item(unitPrice(1000), { quantity: 0 })]), mrr: 0 },
  {
    name: 'more than 10 items, all passed in items.data',
    sub: subscription(Array.from({ length: 12 }, () => item(unitPrice(100)))),
    mrr: 1200,
  },
  {
    name: 'transform_quantity rounds up: 11 seats in packs of 5 → 3 packs',
    sub: subscription([item(unitPrice(1000, { transform_quantity: { divide_by: 5, round: 'up' } }), { quantity: 11 })]),
    mrr: 3000,
  },
  {
    name: 'transform_quantity rounds down: 11 seats in packs of 5 → 2 packs',
    sub: subscription([item(unitPrice(1000, { transform_quantity: { divide_by: 5, round: 'down' } }), { quantity: 11 })]),
    mrr: 2000,
  },
  { name: 'volume with flat_amount: 15 × 800 + 2000', sub: subscription([item(tiered('volume', withFlat), { quantity: 15 })]), mrr: 14000 },
  { name: 'volume at a tier boundary uses the lower tier', sub: subscription([item(tiered('volume', withFlat), { quantity: 10 })]), mrr: 10500 },
  {
    name: 'graduated with flat_amount: 10 × 1000 + 500 + 5 × 800 + 2000',
    sub: subscription([item(tiered('graduated', withFlat), { quantity: 15 })]),
    mrr: 16500,
  },
  {
    name: 'graduated within the first tier touches only its flat fee',
    sub: subscription([item(tiered('graduated', withFlat), { quantity: 4 })]),
    mrr: 4500,
  },
  {
    name: 'graduated tiers with fractional unit and flat decimals',
    sub: subscription([item(tiered('graduated', [
      { up_to: 2, unit_amount: null, unit_amount_decimal: '0.25', flat_amount: null, flat_amount_decimal: '0.5' },
      { up_to: null, unit_amount: null, unit_amount_decimal: '0.125', flat_amount: null, flat_amount_decimal: null },
    ]), { quantity: 6 })]),
    mrr: 2, // 2 × 0.25 + 0.5 + 4 × 0.125 = 1.5 → 2
  },
  {
    name: 'stored prices are preferred: their tiers are used when the embedded copy has none',
    sub: subscription([item(embeddedTiered, { quantity: 15 })]),
    ctx: context({ prices: new Map([[storedTiered.id, storedTiered]]) }),
    mrr: 14000,
  },
  {
    name: 'stored prices are preferred over a stale embedded amount',
    sub: subscription([item(embeddedStale)]),
    ctx: context({ prices: new Map([[storedRenamed.id, storedRenamed]]) }),
    mrr: 3000,
  },
  // unit_amount_decimal and rounding (rules 2 and 6)
  { name: 'unit_amount_decimal keeps fractions of a cent: 0.5 × 3 = 1.5 → 2', sub: subscription([item(decimalPrice('0.5'), { quantity: 3 })]), mrr: 2 },
  { name: 'a fraction just below half rounds down: 33.3333 × 3', sub: subscription([item(decimalPrice('33.3333'), { quantity: 3 })]), mrr: 100 },
  {
    name: 'rounding happens once per subscription, not per item: 0.25 + 0.25 → 1',
    sub: subscription([item(decimalPrice('0.25')), item(decimalPrice('0.25'))]),
    mrr: 1,
  },
  { name: 'just under half rounds down: 2.4999999999 → 2', sub: subscription([item(decimalPrice('2.4999999999'))]), mrr: 2 },
  { name: 'exactly half rounds away from zero: 2.5 → 3', sub: subscription([item(decimalPrice('2.5'))]), mrr: 3 },
  { name: 'an exact half after normalisation: 6 a year → 0.5 → 1', sub: subscription([item(unitPrice(6, { recurring: every('year') }))]), mrr: 1 },
  { name: 'weekly 449 × 52 ÷ 12 = 1945.67 → 1946', sub: subscription([item(unitPrice(449, { recurring: every('week') }))]), mrr: 1946 },
  // Normalisation (rule 4)
  { name: 'yearly ÷ 12', sub: subscription([item(unitPrice(12000, { recurring: every('year') }))]), mrr: 1000 },
  { name: 'every 2 years', sub: subscription([item(unitPrice(24000, { recurring: every('year', 2) }))]), mrr: 1000 },
  { name: 'every 6 months', sub: subscription([item(unitPrice(6000, { recurring: every('month', 6) }))]), mrr: 1000 },
  { name: 'every 10 days', sub: subscription([item(unitPrice(1000, { recurring: every('day', 10) }))]), mrr: 3042 }, // 1000 × 365 ÷ 120
  {
    name: 'items with different intervals are normalised one by one',
    sub: subscription([item(unitPrice(1000)), item(unitPrice(12000, { recurring: every('year') }))]),
    mrr: 2000,
  },
  // Currencies (rule 7)
  {
    name: 'zero-decimal: ¥1000 weekly is ¥4333 a month',
    sub: subscription([item(unitPrice(1000, { currency: 'jpy', recurring: every('week') }))], { currency: 'jpy' }),
    mrr: 4333,
  },
  {
    name: 'three-decimal: 12.345 KWD a year is 1.029 KWD a month',
    sub: subscription([item(unitPrice(12345, { currency: 'kwd', recurring: every('year') }))], { currency: 'kwd' }),
    mrr: 1029,
  },
];

describe('subscription MRR: items, normalisation, rounding, currencies', () => {
  for (const row of rows) {
    it(row.name, () => {
      assert.equal(subscriptionContribution(row.sub, row.ctx ?? context()).mrr, row.mrr);
    });
  }

  it('a tiered price with no tiers anywhere is an error, not a silent 0', () => {
    assert.throws(() => subscriptionContribution(subscription([item(embeddedTiered)]), context()), /has no tiers/);
  });
});
