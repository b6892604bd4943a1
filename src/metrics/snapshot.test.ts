// Rules 7–9 for the headline: per-currency totals, conversion, paying customers, revenue, scheduled churn.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildSnapshot } from './build-snapshot.ts';
import type { Contribution } from './subscription-contribution.ts';

let n = 0;
const c = (currency: string, mrr: number, customerId = `cus_${++n}`, scheduledChurn = false): Contribution =>
  ({ subscriptionId: `sub_${++n}`, customerId, currency, mrr, scheduledChurn });

const snapshot = (
  contributions: Contribution[],
  options: { reporting?: string; rates?: Array<[string, string]>; revenue?: Array<[string, number]>; customersTotal?: number } = {},
) =>
  buildSnapshot({
    contributions,
    customersTotal: options.customersTotal ?? 0,
    revenueByCurrency: new Map(options.revenue ?? []),
    rates: { reportingCurrency: options.reporting ?? 'usd', rates: new Map(options.rates ?? []) },
  });

describe('snapshot: conversion (rule 7)', () => {
  const rows: Array<{ name: string; contributions: Contribution[]; reporting?: string; rates?: Array<[string, string]>; mrr: number }> = [
    { name: 'the reporting currency needs no rate', contributions: [c('usd', 1000), c('usd', 234)], mrr: 1234 },
    { name: 'EUR 10000 at 1.085 → 10850', contributions: [c('eur', 10000)], rates: [['eur', '1.085']], mrr: 10850 },
    { name: '¥1000 at 0.0067 → 670 cents', contributions: [c('jpy', 1000)], rates: [['jpy', '0.0067']], mrr: 670 },
    {
      name: 'rounding happens once per currency, not per subscription: 3 × 1 cent at 1.5 → 5 (not 6)',
      contributions: [c('eur', 1), c('eur', 1), c('eur', 1)],
      rates: [['eur', '1.5']],
      mrr: 5, // 4.5 → 5; per subscription it would be 2 + 2 + 2
    },
    { name: 'conversion rounds half away from zero: 1 cent at 0.5', contributions: [c('eur', 1)], rates: [['eur', '0.5']], mrr: 1 },
    {
      name: 'several currencies are summed after each is rounded',
      contributions: [c('usd', 100), c('eur', 1), c('gbp', 1)],
      rates: [['eur', '1.4'], ['gbp', '1.4']],
      mrr: 102, // 100 + round(1.4) + round(1.4)
    },
    { name: 'into a zero-decimal reporting currency: $12.34 at 150 → ¥1851', contributions: [c('usd', 1234)], reporting: 'jpy', rates: [['usd', '150']], mrr: 1851 },
    { name: 'into a three-decimal reporting currency: $100 at 0.307 → 30.700 KWD', contributions: [c('usd', 10000)], reporting: 'kwd', rates: [['usd', '0.307']], mrr: 30700 },
    { name: 'from a three-decimal currency: 1.234 KWD at 3.25 → $4.01', contributions: [c('kwd', 1234)], rates: [['kwd', '3.25']], mrr: 401 },
    { name: 'the reporting currency is case-insensitive', contributions: [c('usd', 500)], reporting: 'USD', mrr: 500 },
    { name: 'a currency with no rate is left out of the headline', contributions: [c('usd', 500), c('gbp', 700)], mrr: 500 },
  ];
  for (const row of rows) {
    it(row.name, () => {
      const s = snapshot(row.contributions, { reporting: row.reporting, rates: row.rates });
      assert.equal(s.mrr, row.mrr);
      assert.equal(s.arr, 12 * row.mrr);
    });
  }

  it('keeps MRR per currency before conversion, leaving out currencies with nothing', () => {
    const s = snapshot([c('usd', 500), c('eur', 300), c('eur', 200), c('gbp', 0)], { rates: [['eur', '2']] });
    assert.deepEqual(s.mrrByCurrency, { eur: 500, usd: 500 });
    assert.equal(s.mrr, 1500);
    assert.equal(s.currency, 'usd');
  });

  it('lists unconverted currencies once, sorted, from MRR and revenue alike', () => {
    const s = snapshot([c('sek', 100), c('gbp', 100), c('gbp', 5), c('eur', 100), c('chf', 0)], {
      rates: [['eur', '1.1']],
      revenue: [['nok', 900], ['usd', 50], ['sek', 10]],
    });
    assert.deepEqual(s.unconvertedCurrencies, ['gbp', 'nok', 'sek']);
  });

  it('names the rates it converted with: only those of currencies it met, never the reporting one', () => {
    const s = snapshot([c('usd', 100), c('jpy', 900), c('eur', 100)], {
      rates: [['jpy', '0.0067'], ['eur', '1.1'], ['chf', '1.2'], ['usd', '1']],
      revenue: [['gbp', 50]],
    });
    assert.deepEqual(s.ratesUsed, { eur: '1.1', jpy: '0.0067' });
    assert.deepEqual(s.unconvertedCurrencies, ['gbp']);
  });
});

describe('snapshot: customers (rule 8)', () => {
  it('counts distinct customers with MRR above 0 in any currency, including unconverted ones', () => {
    const s = snapshot([
      c('usd', 1000, 'cus_a'),
      c('usd', 2000, 'cus_a'),
      c('eur', 1000, 'cus_a'),
      c('gbp', 100, 'cus_b'),
      c('usd', 0, 'cus_c'), // free plan, 100% off or trial
      c('usd', 0, 'cus_b'),
    ]);
    assert.equal(s.payingCustomers, 2);
  });

  it('passes customers_total through', () => {
    assert.equal(snapshot([], { customersTotal: 42 }).customersTotal, 42);
  });
});

describe('snapshot: total revenue (rule 9)', () => {
  it('converts each currency\'s revenue once, like MRR', () => {
    const s = snapshot([], { rates: [['eur', '1.085'], ['jpy', '0.0067']], revenue: [['usd', 1000], ['eur', 10000], ['jpy', 1000], ['gbp', 5]] });
    assert.equal(s.totalRevenue, 1000 + 10850 + 670);
    assert.deepEqual(s.totalRevenueByCurrency, { eur: 10000, gbp: 5, jpy: 1000, usd: 1000 });
    assert.deepEqual(s.unconvertedCurrencies, ['gbp']);
  });

  it('merges revenue keys that differ only in case', () => {
    const s = snapshot([], { revenue: [['USD', 100], ['usd', 50]] });
    assert.deepEqual(s.totalRevenueByCurrency, { usd: 150 });
    assert.equal(s.totalRevenue, 150);
  });

  it('refunds never change MRR', () => {
    const s = snapshot([c('usd', 1000)], { revenue: [['usd', 0]] });
    assert.equal(s.mrr, 1000);
    assert.equal(s.totalRevenue, 0);
  });
});

describe('snapshot: scheduled churn (rule 1)', () => {
  it('sums scheduled churn per currency and converts it like MRR', () => {
    const s = snapshot(
      [c('usd', 9900, 'cus_a', true), c('usd', 100, 'cus_b'), c('eur', 1, 'cus_c', true), c('eur', 1, 'cus_d', true), c('gbp', 50, 'cus_e', true)],
      { rates: [['eur', '1.5']] },
    );
    assert.equal(s.scheduledChurnMrr, 9900 + 3);
    assert.equal(s.mrr, 9900 + 100 + 3);
  });
});

describe('snapshot: scale', () => {
  it('handles 200,000 contributions in one pass', () => {
    function* many(): Generator<Contribution> {
      for (let i = 0; i < 200_000; i++) yield { subscriptionId: `s${i}`, customerId: `c${i % 50_000}`, currency: i % 2 ? 'usd' : 'eur', mrr: 1000, scheduledChurn: false };
    }
    const s = snapshot([...many()], { rates: [['eur', '1.1']] });
    assert.equal(s.mrr, 100_000 * 1000 + 110_000_000);
    assert.equal(s.payingCustomers, 50_000);
  });
});
