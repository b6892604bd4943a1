// Rule 10 history points, and rule 7 conversion of them; today's point is the snapshot's MRR.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildSnapshot, type Contribution } from '../index.ts';
import type { MrrInterval } from './mrr-interval.ts';
import { mrrSeries } from './mrr-series.ts';
import { NOW, USD, at, contribution, intervalsOf, ledgerOf, monthly, ratesOf, unitPrice } from './test-fixtures.ts';
import { formatDate } from './calendar.ts';

const iv = (customerId: string, currency: string, start: string, end: string | null, mrr: number): MrrInterval =>
  ({ subscriptionId: `s_${customerId}_${currency}_${start}`, customerId, currency, start: at(start), end: end === null ? null : at(end), mrr });

describe('mrrSeries', () => {
  it('measures each point at 23:59:59 UTC on its last day: a change at midnight shows the next day', () => {
    const intervals = [iv('c1', 'usd', '2025-01-02', '2025-01-04', 1000)];
    const points = mrrSeries(ledgerOf(intervals, USD), USD, { from: '2025-01-01', to: '2025-01-04', interval: 'day' });
    assert.deepEqual(points, [
      { date: '2025-01-01', mrr: 0, customers: 0 },
      { date: '2025-01-02', mrr: 1000, customers: 1 },
      { date: '2025-01-03', mrr: 1000, customers: 1 },
      { date: '2025-01-04', mrr: 0, customers: 0 },
    ]);
  });

  it('an interval ending at 23:59:59 is still counted at that second, and gone one second later', () => {
    const intervals: MrrInterval[] = [{ ...iv('c1', 'usd', '2025-01-01', null, 500), end: at('2025-01-02') }];
    assert.equal(mrrSeries(ledgerOf(intervals, USD), USD, { from: '2025-01-01', to: '2025-01-01', interval: 'day' })[0]!.mrr, 500);
  });

  const currencyRows: Array<{ name: string; intervals: MrrInterval[]; rates: Record<string, string>; mrr: number; customers: number }> = [
    { name: 'EUR 10000 at 1.085 → 10850', intervals: [iv('c1', 'eur', '2025-01-01', null, 10000)], rates: { eur: '1.085' }, mrr: 10850, customers: 1 },
    {
      name: 'two currencies with rates add after converting each total once',
      intervals: [iv('c1', 'eur', '2025-01-01', null, 1), iv('c2', 'eur', '2025-01-01', null, 1), iv('c3', 'jpy', '2025-01-01', null, 1000)],
      rates: { eur: '1.25', jpy: '0.0067' },
      mrr: 3 + 670, // 2 × 1.25 = 2.5 → 3 (not 1 + 1)
      customers: 3,
    },
    {
      name: 'a currency without a rate is left out of MRR, but its customer still pays (rule 8)',
      intervals: [iv('c1', 'usd', '2025-01-01', null, 700), iv('c2', 'gbp', '2025-01-01', null, 900)],
      rates: {},
      mrr: 700,
      customers: 2,
    },
    {
      name: 'a customer paying in two currencies counts once',
      intervals: [iv('c1', 'usd', '2025-01-01', null, 700), iv('c1', 'eur', '2025-01-01', null, 100)],
      rates: { eur: '2' },
      mrr: 900,
      customers: 1,
    },
  ];
  for (const row of currencyRows) {
    it(row.name, () => {
      const [point] = mrrSeries(ledgerOf(row.intervals, ratesOf(row.rates)), ratesOf(row.rates), { from: '2025-02-01', to: '2025-02-01', interval: 'day' });
      assert.deepEqual(point, { date: '2025-02-01', mrr: row.mrr, customers: row.customers });
    });
  }

  it("today's point equals the snapshot of the current contributions", () => {
    const price = unitPrice(5000);
    const eur = unitPrice(3000, { currency: 'eur' });
    const current: Contribution[] = [
      contribution('s1', 'c1', 5500),
      contribution('s2', 'c2', 3333, 'eur'),
      contribution('s3', 'c3', 0), // trialing
      contribution('s4', 'c4', 1234, 'gbp'), // no rate
      contribution('s5', 'c1', 1), // no invoice yet
    ];
    const intervals = intervalsOf({
      invoices: [
        ...monthly({ sub: 's1', customer: 'c1', price, first: '2025-01', amounts: [5000, 5000, 5000, 5000, 5000, 5000, 5000] }),
        ...monthly({ sub: 's2', customer: 'c2', price: eur, first: '2025-03', amounts: [3000, 3000, 3000, 3000] }),
        ...monthly({ sub: 's3', customer: 'c3', price, first: '2025-07', amounts: [0] }),
      ],
      prices: [price, eur],
      currentContributions: new Map(current.map((c) => [c.subscriptionId, c])),
    });
    const rates = ratesOf({ eur: '1.085' });
    const snapshot = buildSnapshot({ contributions: current, customersTotal: 0, revenueByCurrency: new Map(), rates });
    const today = formatDate(NOW);
    const points = mrrSeries(ledgerOf(intervals, rates), rates, { from: '2025-01-01', to: today, interval: 'week' });
    assert.deepEqual(points.at(-1), { date: today, mrr: snapshot.mrr, customers: snapshot.payingCustomers });
  });
});
