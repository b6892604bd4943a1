/**
 * Revenue history (spec rules 10–12): pure functions, no I/O. One model, MRR intervals, feeds every
 * series and summary, so history, movements and today's headline cannot disagree.
 *
 *   buildIntervals({ invoices, subscriptions, currentContributions, prices, coupons, policy, now }) → MrrInterval[]
 *     Paid and open invoices' subscription lines give each subscription its monthly amount per billing
 *     period (discounts by policy, normalised by the price interval, summed per invoice, rounded once).
 *     From the invoiced period covering `now` (else the end of the last one) the current contribution
 *     holds, open-ended, so today's point equals the snapshot's MRR; an ended subscription is 0 from
 *     `ended_at`. `coupons` is a CouponResolver or a map from discount id to coupon.
 *   mrrSeries(intervals, rates, { from, to, interval }) → { date, mrr, customers }[]
 *   movementsSeries(intervals, rates, { from, to, interval }) → { period, new, expansion, contraction, churn, reactivation, net }[]
 *     from/to are 'YYYY-MM-DD' (inclusive); interval is 'day' | 'week' (from Monday) | 'month'. Periods
 *     are calendar-aligned; the last is cut at `to`. A point is measured at 23:59:59 UTC on its date.
 *   monthSummary(intervals, rates, subscriptions, 'YYYY-MM', now) → MonthSummary
 *   parseDate, parseMonth, formatDate, formatMonth, periodStart, nextPeriodStart, periodsBetween: UTC calendar.
 *
 * Currencies: every amount out is in reporting minor units, converted per currency with the rates
 * config and rounded once per currency, as in the headline; a currency without a rate is left out of
 * amounts but its customers still count as paying (rule 8). A customer's movement is classified on
 * their exact converted total across currencies; rates are constant, so FX never makes a movement.
 */
export { buildIntervals, type IntervalInput } from './build-intervals.ts';
export { couponResolver, type CouponResolver } from './coupon-resolver.ts';
export type { MrrInterval } from './mrr-interval.ts';
export { mrrSeries, type MrrPoint } from './mrr-series.ts';
export { movementsSeries, type MovementsPoint } from './movements-series.ts';
export type { MovementKind } from './classify-movement.ts';
export type { MovementTotals } from './period-movements.ts';
export { monthSummary, type MonthSummary } from './month-summary.ts';
export type { Amount, Ratio } from './summary-values.ts';
export type { TrialConversion } from './trial-conversion.ts';
export { formatDate, formatMonth, nextPeriodStart, parseDate, parseMonth, periodStart, type Granularity } from './calendar.ts';
export { periodsBetween, type Period, type SeriesRange } from './periods.ts';
