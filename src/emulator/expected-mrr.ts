/**
 * The account's expected MRR at any instant, from the generator's plan (`mrr-plan.ts`) rather than from
 * the invoices or subscriptions it produced — an oracle for the service's current and historical MRR.
 *
 * At instant t a subscription contributes only while one of its spans covers t (`from ≤ t < to`): spans
 * exist only while it is active or past_due and not collection-paused, so trials, unpaid, paused,
 * incomplete and ended subscriptions contribute 0. Its contribution follows the metric rules 2–6:
 * licensed recurring items only (metered ones 0), each item's own discounts first, then the
 * subscription's own discounts or, when none of those is running at t, the customer's; percent_off
 * multiplies, amount_off (matching currency only) comes off once per billing period, never below 0;
 * normalised to a month as perYear / (12 × interval_count); computed exactly and rounded once per
 * subscription, half away from zero. Under the default `forever` policy only `forever` coupons reduce
 * MRR; `all_active` counts every discount still running at t. Results are per currency, in minor units.
 *
 * Paying customers (rule 8) are those with a subscription contributing above 0 in any currency.
 *
 * Invoices round each line and each discount amount to the minor unit, as Stripe does, so MRR read back
 * from invoices (rule 10) can differ from this by such rounding, a few minor units per subscription —
 * unless the account was generated with `exactInvoices`, whose invoices round nothing.
 */
import { Decimal } from 'decimal.js';
import type { MrrPlan, MrrSpan, PlannedDiscount } from './mrr-plan.ts';
import { exactPeriodAmount } from './pricing.ts';
import type { EmulatorState } from './state.ts';

export type ExpectedMrrPolicy = 'forever' | 'all_active';

/** Minor units per lower-case currency code; currencies with no MRR at that instant are absent. */
export type MrrByCurrency = Record<string, number>;

export interface ExpectedMrrPoint {
  at: number;
  mrr: MrrByCurrency;
  payingCustomers: number;
}

const PERIODS_PER_YEAR = { day: 365, week: 52, month: 12, year: 1 } as const;

const running = (discount: PlannedDiscount, at: number) => discount.end === null || discount.end > at;

function applyDiscounts(amount: Decimal, discounts: readonly PlannedDiscount[], currency: string, at: number, policy: ExpectedMrrPolicy): Decimal {
  let remaining = amount;
  for (const discount of discounts) {
    const coupon = discount.coupon;
    if (!running(discount, at) || (policy === 'forever' && coupon.duration !== 'forever')) continue;
    if (coupon.percent_off !== null) remaining = remaining.times(new Decimal(100).minus(coupon.percent_off)).dividedBy(100);
    else if (coupon.amount_off !== null && coupon.currency === currency) remaining = Decimal.max(0, remaining.minus(coupon.amount_off));
  }
  return remaining;
}

/** One subscription's monthly minor units while `span` covers `at`. */
export function spanMrr(span: MrrSpan, at: number, policy: ExpectedMrrPolicy = 'forever'): number {
  let perPeriod = new Decimal(0);
  let recurring: { interval: keyof typeof PERIODS_PER_YEAR; interval_count: number } | null = null;
  for (const item of span.items) {
    const r = item.price.recurring;
    if (item.price.type !== 'recurring' || r === null || r.usage_type !== 'licensed') continue;
    // Generated subscriptions bill all items on one cadence, so one factor normalises the sum.
    recurring = r;
    const amount = exactPeriodAmount(item.price, item.quantity ?? 1);
    perPeriod = perPeriod.plus(applyDiscounts(amount, item.discounts, span.currency, at, policy));
  }
  if (recurring === null) return 0;
  const own = span.discounts.some((d) => running(d, at));
  const subscriptionLevel = own ? span.discounts : span.customerDiscount ? [span.customerDiscount] : [];
  const discounted = applyDiscounts(perPeriod, subscriptionLevel, span.currency, at, policy);
  return discounted
    .times(PERIODS_PER_YEAR[recurring.interval])
    .dividedBy(12 * recurring.interval_count)
    .toDecimalPlaces(0, Decimal.ROUND_HALF_UP)
    .toNumber();
}

/** Expected MRR at each instant (unix seconds), in the order given. */
export function expectedMrrSeries(
  source: EmulatorState | MrrPlan,
  instants: readonly number[],
  options: { policy?: ExpectedMrrPolicy } = {},
): ExpectedMrrPoint[] {
  const plan = 'plan' in source ? source.plan : source;
  const order = instants.map((at, index) => ({ at, index })).sort((a, b) => a.at - b.at);
  const points: ExpectedMrrPoint[] = instants.map((at) => ({ at, mrr: {}, payingCustomers: 0 }));
  const paying = instants.map(() => new Set<string>());
  for (const span of plan.spans) {
    for (let i = firstAtOrAfter(order, span.from); i < order.length; i++) {
      const { at, index } = order[i] as { at: number; index: number };
      if (span.to !== null && at >= span.to) break;
      const mrr = spanMrr(span, at, options.policy);
      if (mrr === 0) continue;
      const totals = (points[index] as ExpectedMrrPoint).mrr;
      totals[span.currency] = (totals[span.currency] ?? 0) + mrr;
      (paying[index] as Set<string>).add(span.customer);
    }
  }
  points.forEach((point, i) => (point.payingCustomers = (paying[i] as Set<string>).size));
  return points;
}

export function expectedMrrAt(source: EmulatorState | MrrPlan, at: number, options: { policy?: ExpectedMrrPolicy } = {}): MrrByCurrency {
  return (expectedMrrSeries(source, [at], options)[0] as ExpectedMrrPoint).mrr;
}

function firstAtOrAfter(sorted: ReadonlyArray<{ at: number }>, from: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as { at: number }).at < from) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
