// Rule 9 for one charge, and summed per currency into the headline.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chargeNetRevenue } from './charge-net-revenue.ts';
import { buildSnapshot } from './build-snapshot.ts';
import type { StripeCharge } from './stripe-shapes.ts';

const charge = (overrides: Partial<StripeCharge>): StripeCharge => ({
  id: 'ch_1',
  object: 'charge',
  amount: 5000,
  amount_captured: 5000,
  amount_refunded: 0,
  currency: 'usd',
  customer: 'cus_1',
  created: 1_750_000_000,
  status: 'succeeded',
  paid: true,
  refunded: false,
  ...overrides,
});

describe('chargeNetRevenue (rule 9)', () => {
  const rows: Array<{ name: string; charge: StripeCharge; expected: { currency: string; amount: number } }> = [
    { name: 'succeeded counts what was captured', charge: charge({}), expected: { currency: 'usd', amount: 5000 } },
    { name: 'refunds are subtracted', charge: charge({ amount_refunded: 1500 }), expected: { currency: 'usd', amount: 3500 } },
    { name: 'a full refund nets to 0', charge: charge({ amount_refunded: 5000, refunded: true }), expected: { currency: 'usd', amount: 0 } },
    { name: 'an uncaptured authorisation counts 0', charge: charge({ amount_captured: 0 }), expected: { currency: 'usd', amount: 0 } },
    { name: 'a partial capture counts what was captured', charge: charge({ amount_captured: 3000 }), expected: { currency: 'usd', amount: 3000 } },
    { name: 'pending counts 0', charge: charge({ status: 'pending', paid: false }), expected: { currency: 'usd', amount: 0 } },
    { name: 'failed counts 0', charge: charge({ status: 'failed', paid: false, amount_captured: 0 }), expected: { currency: 'usd', amount: 0 } },
    { name: 'the currency is lower-cased', charge: charge({ currency: 'JPY', amount_captured: 3000 }), expected: { currency: 'jpy', amount: 3000 } },
  ];
  for (const row of rows) {
    it(row.name, () => assert.deepEqual(chargeNetRevenue(row.charge), row.expected));
  }

  it('sums per currency into total revenue', () => {
    const charges = [
      charge({ amount_captured: 5000, amount_refunded: 1000 }),
      charge({ status: 'failed', amount_captured: 0 }),
      charge({ currency: 'eur', amount_captured: 10000 }),
      charge({ currency: 'eur', status: 'pending', amount_captured: 700 }),
    ];
    const revenue = new Map<string, number>();
    for (const { currency, amount } of charges.map(chargeNetRevenue)) revenue.set(currency, (revenue.get(currency) ?? 0) + amount);
    const s = buildSnapshot({ contributions: [], customersTotal: 0, revenueByCurrency: revenue, rates: { reportingCurrency: 'usd', rates: new Map([['eur', '1.085']]) } });
    assert.equal(s.totalRevenue, 4000 + 10850);
  });
});
