// Rule 11: movements per customer per month, from invoices through intervals.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Contribution, RatesConfig } from '../index.ts';
import type { StripeInvoice, StripePrice, StripeSubscription } from '../stripe-shapes.ts';
import { discount, coupon } from '../test-fixtures.ts';
import { movementsSeries } from './movements-series.ts';
import { mrrSeries } from './mrr-series.ts';
import { USD, at, contribution, every, intervalsOf, invoice, ledgerOf, line, monthly, ratesOf, sub, unitPrice } from './test-fixtures.ts';

const basic = unitPrice(5000);
const pro = unitPrice(8000);
const seat = unitPrice(1000);
const yearly = unitPrice(120000, { recurring: every('year') });
const euro = unitPrice(1000, { currency: 'eur' });
const pound = unitPrice(1000, { currency: 'gbp' });
const forever = coupon({ percent_off: 20, duration: 'forever' });
const plan = (customer: string, subId: string, amounts: Array<number | null>, price: StripePrice = basic): StripeInvoice[] =>
  monthly({ sub: subId, customer, price, first: '2025-01', amounts });

type Kind = 'new' | 'expansion' | 'contraction' | 'churn' | 'reactivation';
interface Row {
  name: string;
  invoices: StripeInvoice[];
  subscriptions?: StripeSubscription[];
  current?: Contribution[];
  rates?: RatesConfig;
  /** Non-zero movements by month; every other month and kind is 0. */
  expected: Record<string, Partial<Record<Kind, number>>>;
}

const rows: Row[] = [
  { name: 'new: first MRR ever', invoices: plan('c1', 's1', [null, 5000, 5000, 5000, 5000, 5000]), expected: { '2025-02': { new: 5000 } } },
  {
    name: 'expansion: quantity up (2 → 3 seats)',
    invoices: plan('c1', 's1', [2000, 2000, 3000, 3000, 3000, 3000], seat),
    expected: { '2025-01': { new: 2000 }, '2025-03': { expansion: 1000 } },
  },
  {
    name: 'expansion: plan up (basic → pro)',
    invoices: [...plan('c1', 's1', [5000, 5000]), ...monthly({ sub: 's1', customer: 'c1', price: pro, first: '2025-03', amounts: [8000, 8000, 8000, 8000] })],
    expected: { '2025-01': { new: 5000 }, '2025-03': { expansion: 3000 } },
  },
  {
    name: 'expansion: a forever discount removed',
    invoices: [
      ...['2025-01', '2025-02'].map((m) => invoice('c1', [line({ sub: 's1', amount: 5000, start: at(`${m}-01`), end: at(m === '2025-01' ? '2025-02-01' : '2025-03-01'), price: basic, discounts: [{ amount: 1000, discount: discount(forever) }] })])),
      ...monthly({ sub: 's1', customer: 'c1', price: basic, first: '2025-03', amounts: [5000, 5000, 5000, 5000] }),
    ],
    expected: { '2025-01': { new: 4000 }, '2025-03': { expansion: 1000 } },
  },
  {
    name: 'contraction: downgrade',
    invoices: plan('c1', 's1', [5000, 5000, 5000, 3000, 3000, 3000]),
    expected: { '2025-01': { new: 5000 }, '2025-04': { contraction: -2000 } },
  },
  {
    name: 'churn: canceled mid-period churns at ended_at, not at the period end',
    invoices: plan('c1', 's1', [5000, 5000, 5000, 5000]),
    subscriptions: [sub('s1', 'c1', { status: 'canceled', canceled_at: at('2025-03-20'), ended_at: at('2025-04-10') })],
    current: [contribution('s1', 'c1', 0)],
    expected: { '2025-01': { new: 5000 }, '2025-04': { churn: -5000 } },
  },
  {
    name: 'churn: after non-payment, at the end of the last paid period (the uncollectible one never counts)',
    invoices: [...plan('c1', 's1', [5000, 5000, 5000]), ...monthly({ sub: 's1', customer: 'c1', price: basic, first: '2025-04', amounts: [5000], status: 'uncollectible' })],
    subscriptions: [sub('s1', 'c1', { status: 'canceled', ended_at: at('2025-05-20') })],
    current: [contribution('s1', 'c1', 0)],
    expected: { '2025-01': { new: 5000 }, '2025-04': { churn: -5000 } },
  },
  {
    name: 'reactivation: a customer returning after churn',
    invoices: [...plan('c1', 's1', [5000, 5000]), ...monthly({ sub: 's2', customer: 'c1', price: pro, first: '2025-05', amounts: [8000, 8000] })],
    expected: { '2025-01': { new: 5000 }, '2025-03': { churn: -5000 }, '2025-05': { reactivation: 8000 } },
  },
  {
    name: 'a plan change and back within one month nets to zero',
    invoices: [
      ...plan('c1', 's1', [5000, 5000, 5000]),
      invoice('c1', [line({ sub: 's1', amount: 8000, start: at('2025-03-10'), end: at('2025-04-10'), price: pro })], { created: at('2025-03-10') }),
      invoice('c1', [line({ sub: 's1', amount: 5000, start: at('2025-03-20'), end: at('2025-04-20'), price: basic })], { created: at('2025-03-20') }),
      ...[4, 5, 6].map((m) => invoice('c1', [line({ sub: 's1', amount: 5000, start: at(`2025-0${m}-20`), end: at(`2025-0${m + 1}-20`), price: basic })])),
    ],
    expected: { '2025-01': { new: 5000 }, '2025-03': { expansion: 3000, contraction: -3000 } },
  },
  {
    name: "a customer's second subscription is expansion, not new",
    invoices: [...plan('c1', 's1', [5000, 5000, 5000, 5000, 5000, 5000]), ...monthly({ sub: 's2', customer: 'c1', price: seat, first: '2025-03', amounts: [2000, 2000, 2000, 2000] })],
    expected: { '2025-01': { new: 5000 }, '2025-03': { expansion: 2000 } },
  },
  {
    name: 'a yearly plan is one new movement of a twelfth, then nothing while the year runs',
    invoices: [invoice('c1', [line({ sub: 's1', amount: 120000, start: at('2025-02-15'), end: at('2026-02-15'), price: yearly })])],
    expected: { '2025-02': { new: 10000 } },
  },
  {
    name: 'void invoices are ignored',
    invoices: [...plan('c1', 's1', [5000, 5000, 5000, 5000, 5000, 5000]), invoice('c1', [line({ sub: 's1', amount: 90000, start: at('2025-03-05'), end: at('2025-04-05'), price: pro })], { status: 'void' })],
    expected: { '2025-01': { new: 5000 } },
  },
  {
    name: 'a second currency is converted before comparing: USD 5000 + EUR 1000 at 2 → expansion 2000',
    invoices: [...plan('c1', 's1', [5000, 5000, 5000, 5000, 5000, 5000]), ...monthly({ sub: 's2', customer: 'c1', price: euro, first: '2025-03', amounts: [1000, 1000, 1000, 1000] })],
    rates: ratesOf({ eur: '2' }),
    expected: { '2025-01': { new: 5000 }, '2025-03': { expansion: 2000 } },
  },
  {
    name: 'switching currency at the same value is no movement: USD 2000 → EUR 1000 at 2',
    invoices: [...plan('c1', 's1', [2000, 2000, null, null, null, null], seat), ...monthly({ sub: 's2', customer: 'c1', price: euro, first: '2025-03', amounts: [1000, 1000, 1000, 1000] })],
    rates: ratesOf({ eur: '2' }),
    expected: { '2025-01': { new: 2000 } },
  },
  {
    name: 'a currency without a rate is left out of the amounts',
    invoices: [...plan('c1', 's1', [5000, 5000, 5000, 5000, 5000, 5000]), ...monthly({ sub: 's2', customer: 'c2', price: pound, first: '2025-03', amounts: [1000, 1000, 1000, 1000] })],
    expected: { '2025-01': { new: 5000 } },
  },
];

const MONTHS = ['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06'];

describe('movements (rule 11)', () => {
  for (const row of rows) {
    it(row.name, () => {
      const intervals = intervalsOf({
        invoices: row.invoices,
        prices: [basic, pro, seat, yearly, euro, pound],
        subscriptions: row.subscriptions ?? [],
        currentContributions: new Map((row.current ?? []).map((c) => [c.subscriptionId, c])),
      });
      const rates = row.rates ?? USD;
      const series = movementsSeries(ledgerOf(intervals, rates), rates, { from: '2025-01-01', to: '2025-06-30', interval: 'month' });
      const zero = { new: 0, expansion: 0, contraction: 0, churn: 0, reactivation: 0 };
      const actual = Object.fromEntries(series.map(({ period, net: _net, ...kinds }) => [period, kinds]));
      const expected = Object.fromEntries(MONTHS.map((m) => [m, { ...zero, ...row.expected[m] }]));
      assert.deepEqual(actual, expected);
      // The net is always the change between month-end points.
      const points = mrrSeries(ledgerOf(intervals, rates), rates, { from: '2024-12-01', to: '2025-06-30', interval: 'month' });
      series.forEach((m, i) => assert.equal(m.net, points[i + 1]!.mrr - points[i]!.mrr, m.period));
    });
  }
});
