// Rule 10: invoices → MRR intervals, and where the current state takes over.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { coupon, discount, item } from '../test-fixtures.ts';
import type { StripeInvoice, StripePrice, StripeSubscription } from '../stripe-shapes.ts';
import type { Contribution } from '../index.ts';
import { at, contribution, every, intervalsOf, invoice, line, monthly, NOW, sub, unitPrice } from './test-fixtures.ts';
import type { MrrInterval } from './mrr-interval.ts';

const month = unitPrice(5000);
const year = unitPrice(120000, { recurring: every('year') });
const week2 = unitPrice(1000, { recurring: every('week', 2) });
const oneTime = unitPrice(700, { type: 'one_time', recurring: null });
const metered = unitPrice(10, { recurring: { interval: 'month', interval_count: 1, usage_type: 'metered' } });
const repeating = coupon({ id: 'co_rep', percent_off: 50, duration: 'repeating', duration_in_months: 3 });
const forever = coupon({ id: 'co_fev', percent_off: 10, duration: 'forever' });
const JAN = at('2025-01-01');
const FEB = at('2025-02-01');

const span = (start: number, end: number | null, mrr: number, o: Partial<MrrInterval> = {}): MrrInterval =>
  ({ subscriptionId: 'sub_a', customerId: 'cus_a', currency: 'usd', start, end, mrr, ...o });
const januaryLines = (...lines: Parameters<typeof line>[0][]): StripeInvoice[] => [invoice('cus_a', lines.map(line))];

interface Row {
  name: string;
  invoices: StripeInvoice[];
  prices?: StripePrice[];
  subscriptions?: StripeSubscription[];
  current?: Contribution[];
  policy?: 'forever' | 'all_active';
  expected: MrrInterval[];
}

const rows: Row[] = [
  {
    name: 'a monthly line holds from period.start (inclusive) to period.end (exclusive)',
    invoices: januaryLines({ sub: 'sub_a', amount: 5000, start: JAN, end: FEB, price: month }),
    expected: [span(JAN, FEB, 5000)],
  },
  {
    name: 'consecutive equal periods merge into one interval',
    invoices: monthly({ sub: 'sub_a', customer: 'cus_a', price: month, first: '2025-01', amounts: [5000, 5000, 5000] }),
    expected: [span(JAN, at('2025-04-01'), 5000)],
  },
  {
    name: 'a yearly plan is normalised ÷ 12 and holds the whole year',
    invoices: januaryLines({ sub: 'sub_a', amount: 120000, start: JAN, end: at('2026-01-01'), price: year }),
    prices: [year],
    expected: [span(JAN, at('2026-01-01'), 10000)],
  },
  {
    name: 'a two-weekly 1000 is 1000 × 52 ÷ 24 = 2166.67 → 2167',
    invoices: januaryLines({ sub: 'sub_a', amount: 1000, start: JAN, end: JAN + 14 * 86400, price: week2 }),
    prices: [week2],
    expected: [span(JAN, JAN + 14 * 86400, 2167)],
  },
  {
    name: 'lines are summed per subscription per invoice, then rounded once (2 × 0.5 → 1, not 2)',
    invoices: januaryLines(
      { sub: 'sub_a', amount: 1, start: JAN, end: at('2026-01-01'), price: year }, // 1/12
      { sub: 'sub_a', amount: 5, start: JAN, end: at('2026-01-01'), price: year }, // 5/12: together 0.5 → 1
    ),
    prices: [year],
    expected: [span(JAN, at('2026-01-01'), 1)],
  },
  {
    name: 'prorations, one-time and metered prices, lines without a subscription and unknown prices count 0',
    invoices: januaryLines(
      { sub: 'sub_a', amount: 5000, start: JAN, end: FEB, price: month },
      { sub: 'sub_a', amount: 2500, start: JAN, end: FEB, price: month, proration: true },
      { sub: 'sub_a', amount: 700, start: JAN, end: FEB, price: oneTime },
      { sub: 'sub_a', amount: 900, start: JAN, end: FEB, price: metered },
      { sub: null, amount: 300, start: JAN, end: FEB, price: month },
      { sub: 'sub_a', amount: 100, start: JAN, end: FEB, price: unitPrice(100) }, // not in the prices map
    ),
    prices: [month, oneTime, metered],
    expected: [span(JAN, FEB, 5000)],
  },
  ...(['void', 'uncollectible', 'draft'] as const).map((status) => ({
    name: `a ${status} invoice never counts`,
    invoices: [invoice('cus_a', [line({ sub: 'sub_a', amount: 5000, start: JAN, end: FEB, price: month })], { status })],
    expected: [],
  })),
  {
    name: 'an open invoice counts',
    invoices: [invoice('cus_a', [line({ sub: 'sub_a', amount: 5000, start: JAN, end: FEB, price: month })], { status: 'open' })],
    expected: [span(JAN, FEB, 5000)],
  },
  {
    name: 'policy forever: only the forever coupon reduces MRR (id and expanded discounts)',
    invoices: januaryLines({
      sub: 'sub_a', amount: 10000, start: JAN, end: FEB, price: month,
      discounts: [{ amount: 5000, discount: 'di_rep' }, { amount: 500, discount: discount(forever) }],
    }),
    expected: [span(JAN, FEB, 9500)],
  },
  {
    name: 'policy all_active: every discount on the invoice reduces MRR',
    policy: 'all_active',
    invoices: januaryLines({
      sub: 'sub_a', amount: 10000, start: JAN, end: FEB, price: month,
      discounts: [{ amount: 5000, discount: 'di_rep' }, { amount: 500, discount: discount(forever) }],
    }),
    expected: [span(JAN, FEB, 4500)],
  },
  {
    name: 'a trial invoice of 0 is no MRR; paying starts at the trial end',
    invoices: [
      invoice('cus_a', [line({ sub: 'sub_a', amount: 0, start: JAN, end: at('2025-01-15'), price: month })]),
      invoice('cus_a', [line({ sub: 'sub_a', amount: 5000, start: at('2025-01-15'), end: at('2025-02-15'), price: month })]),
    ],
    expected: [span(at('2025-01-15'), at('2025-02-15'), 5000)],
  },
  {
    name: 'a newer invoice overrides the older period from its start (billing anchor reset)',
    invoices: [
      invoice('cus_a', [line({ sub: 'sub_a', amount: 5000, start: JAN, end: FEB, price: month })]),
      invoice('cus_a', [line({ sub: 'sub_a', amount: 8000, start: at('2025-01-10'), end: at('2025-02-10'), price: month })]),
    ],
    expected: [span(JAN, at('2025-01-10'), 5000), span(at('2025-01-10'), at('2025-02-10'), 8000)],
  },
  {
    name: 'a canceled subscription is 0 from ended_at, even inside a paid period',
    invoices: monthly({ sub: 'sub_a', customer: 'cus_a', price: month, first: '2025-01', amounts: [5000, 5000] }),
    subscriptions: [sub('sub_a', 'cus_a', { status: 'canceled', ended_at: at('2025-02-10') })],
    current: [contribution('sub_a', 'cus_a', 0)],
    expected: [span(JAN, at('2025-02-10'), 5000)],
  },
  {
    name: 'the current contribution replaces the invoiced period covering now, and stays open',
    invoices: monthly({ sub: 'sub_a', customer: 'cus_a', price: month, first: '2025-06', amounts: [5000, 5000] }),
    current: [contribution('sub_a', 'cus_a', 6000)],
    expected: [span(at('2025-06-01'), at('2025-07-01'), 5000), span(at('2025-07-01'), null, 6000)],
  },
  {
    name: 'a current period not invoiced yet is no churn: the contribution holds from the last period end',
    invoices: monthly({ sub: 'sub_a', customer: 'cus_a', price: month, first: '2025-06', amounts: [5000] }),
    current: [contribution('sub_a', 'cus_a', 5000)],
    expected: [span(at('2025-06-01'), null, 5000)],
  },
  {
    name: 'without invoices, an active subscription counts from its current period start',
    invoices: [],
    subscriptions: [sub('sub_a', 'cus_a', {}, [item(month, { current_period_start: at('2025-07-03') })])],
    current: [contribution('sub_a', 'cus_a', 5000)],
    expected: [span(at('2025-07-03'), null, 5000)],
  },
  {
    name: 'a subscription that counts 0 now (trialing, unpaid, paused) is 0 from the period covering now',
    invoices: monthly({ sub: 'sub_a', customer: 'cus_a', price: month, first: '2025-06', amounts: [5000, 5000] }),
    current: [contribution('sub_a', 'cus_a', 0)],
    expected: [span(at('2025-06-01'), at('2025-07-01'), 5000)],
  },
];

describe('buildIntervals (rule 10)', () => {
  for (const row of rows) {
    it(row.name, () => {
      const intervals = intervalsOf({
        invoices: row.invoices,
        prices: row.prices ?? [month],
        subscriptions: row.subscriptions ?? [],
        currentContributions: new Map((row.current ?? []).map((c) => [c.subscriptionId, c])),
        coupons: new Map([['di_rep', repeating]]),
        policy: row.policy ?? 'forever',
      });
      assert.deepEqual(intervals, row.expected);
    });
  }

  it('today the open intervals sum to the current contributions', () => {
    const intervals = intervalsOf({
      invoices: [
        ...monthly({ sub: 'sub_a', customer: 'cus_a', price: month, first: '2025-01', amounts: [5000, 5000, 5000, 5000, 5000, 5000, 5000] }),
        ...monthly({ sub: 'sub_b', customer: 'cus_b', price: month, first: '2025-01', amounts: [3000, 3000, 3000] }),
      ],
      prices: [month],
      currentContributions: new Map([['sub_a', contribution('sub_a', 'cus_a', 4321)], ['sub_c', contribution('sub_c', 'cus_c', 99)]]),
    });
    const open = intervals.filter((i) => i.start <= NOW && (i.end === null || i.end > NOW));
    assert.deepEqual(open.map((i) => [i.subscriptionId, i.mrr]).sort(), [['sub_a', 4321], ['sub_c', 99]]);
  });
});
