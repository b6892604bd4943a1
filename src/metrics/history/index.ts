/**
 * Revenue history (spec rules 10–12): pure functions, no I/O. One model, MRR intervals, feeds every
 * series and summary, so history, movements and today's headline cannot disagree.
 *
 *   countedLines(invoice) → CountedLine[]
 *     A paid or open invoice's subscription lines, cut down to what history reads (stored once).
 *   customerHistory({ lines, subscriptions, lineContext, rates, now }) → { intervals, changes, trials, paying, nextChange }
 *     One customer at a time: counted lines give each subscription its monthly amount per billing
 *     period (discounts by policy, normalised by the price interval, summed per invoice, rounded once).
 *     From the invoiced period covering `now` (else the end of the last one) the current MRR holds,
 *     open-ended, so today's point equals the headline; an ended subscription is 0 from `ended_at`.
 *     The intervals become the customer's classified changes (rule 11). `nextChange` is when time
 *     alone would change the result.
 *   RevenueLedger: the customers' changes summed per day, kept up to date change by change.
 *   mrrSeries(ledger, rates, { from, to, interval }) → { date, mrr, customers }[]
 *   movementsSeries(ledger, rates, { from, to, interval }) → { period, new, expansion, contraction, churn, reactivation, net }[]
 *     from/to are 'YYYY-MM-DD' (inclusive); interval is 'day' | 'week' (from Monday) | 'month'. Periods
 *     are calendar-aligned; the last is cut at `to`. A point is measured at 23:59:59 UTC on its date.
 *   monthSummary(ledger, rates, trials, 'YYYY-MM', now) → MonthSummary
 *   parseDate, parseMonth, formatDate, formatMonth, periodStart, nextPeriodStart, periodsBetween: UTC calendar.
 *
 * Currencies: every amount out is in reporting minor units, converted per currency with the rates
 * config and rounded once per currency, as in the headline; a currency without a rate is left out of
 * amounts but its customers still count as paying (rule 8). A customer's movement is classified on
 * their exact converted total across currencies; rates are constant, so FX never makes a movement.
 */
export { countedLines, type CountedLine, type LineDiscount } from './counted-lines.ts';
export { customerHistory, type CustomerHistory, type CustomerHistoryInput } from './customer-history.ts';
export type { CustomerChange, CurrencyAmount } from './customer-changes.ts';
export { lineCouponDuration, rememberCoupons, type CouponsByDiscount } from './line-coupons.ts';
export type { LineContext } from './line-monthly-amount.ts';
export { subscriptionState, type SubscriptionState } from './subscription-state.ts';
export { RevenueLedger, type DailySum, type DayTotals } from './revenue-ledger.ts';
export type { MrrInterval } from './mrr-interval.ts';
export { mrrSeries, type MrrPoint } from './mrr-series.ts';
export { convertedSum, LedgerCursor } from './ledger-cursor.ts';
export { customerMovementAmounts, type CustomerMovement, type MovementRow } from './customer-movement-amounts.ts';
export { mrrAtInstants, type IntervalSpan } from './customer-mrr-history.ts';
export { reportingFactor } from './reporting-factors.ts';
export { movementsSeries, type MovementsPoint } from './movements-series.ts';
export type { MovementKind } from './classify-movement.ts';
export type { MovementTotals } from './period-movements.ts';
export { monthBounds, monthSummary, type MonthSummary } from './month-summary.ts';
export type { Amount, Ratio } from './summary-values.ts';
export type { TrialConversion, TrialOutcome } from './trial-conversion.ts';
export { DAY_SECONDS, formatDate, formatMonth, nextPeriodStart, parseDate, parseMonth, periodStart, type Granularity } from './calendar.ts';
export { MAX_PERIODS, periodsBetween, type Period, type SeriesRange } from './periods.ts';
