import type { RatesConfig } from '../currency-conversion.ts';
import { formatDate, nextPeriodStart, parseMonth, periodStart } from './calendar.ts';
import { Exact } from './exact-decimal.ts';
import { periodMovements, type MovementTotals } from './period-movements.ts';
import { periodsBetween } from './periods.ts';
import type { RevenueLedger } from './revenue-ledger.ts';
import { amount, ratio, unavailable, type Amount, type Ratio } from './summary-values.ts';
import type { TrialConversion } from './trial-conversion.ts';

export interface MonthSummary {
  month: string;
  /** The reporting currency; every amount is in its minor units. */
  currency: string;
  /** Just before the month's first instant, and at its last (23:59:59 UTC on the last day). */
  mrrAtStart: number;
  mrrAtEnd: number;
  payingCustomersAtStart: number;
  payingCustomersAtEnd: number;
  movements: MovementTotals;
  churnedCustomers: number;
  customerChurnRate: Ratio;
  grossMrrChurn: Ratio;
  netMrrChurn: Ratio;
  /** At the end of the month. */
  arpa: Amount;
  ltv: Amount;
  quickRatio: Ratio;
  trialConversion: TrialConversion & { rate: Ratio };
}

const LTV_MONTHS = 6;

const previousMonth = (monthStart: number): number => periodStart(monthStart - 1, 'month');

/** The six complete months that end with `month`, or with the one before while `month` is still running. */
function ltvWindow(monthStart: number, now: number): { start: number; end: number } {
  const monthEnd = nextPeriodStart(monthStart, 'month');
  const end = monthEnd <= now ? monthEnd : monthStart;
  let start = end;
  for (let i = 0; i < LTV_MONTHS; i++) start = previousMonth(start);
  return { start, end };
}

/** The month's [start, end) in unix seconds, for the trials that ended in it. */
export function monthBounds(month: string): { start: number; end: number } {
  const start = parseMonth(month);
  return { start, end: nextPeriodStart(start, 'month') };
}

/**
 * Rule 12 for one calendar month, from the same ledger as the series. `trials` are the month's trial
 * outcomes, counted where the subscriptions are.
 */
export function monthSummary(ledger: RevenueLedger, rates: RatesConfig, trials: TrialConversion, month: string, now: number): MonthSummary {
  const { start: monthStart, end: monthEnd } = monthBounds(month);
  const window = ltvWindow(monthStart, now);
  const first = Math.min(window.start, monthStart);
  const months = periodMovements(ledger, rates, periodsBetween({ from: formatDate(first), to: formatDate(monthEnd - 1), interval: 'month' }));
  const target = months.find((m) => m.period.start === monthStart)!;
  const { movements, mrrBefore, mrrAfter, payingBefore, payingAfter, churnedCustomers: churned } = target;
  const lost = -(movements.churn + movements.contraction);
  const gained = movements.new + movements.expansion + movements.reactivation;
  const noMrr = 'no MRR at the start of the month';

  // Months with nobody paying at their start have no churn rate and are left out of the average.
  const churnRates = months
    .filter((m) => m.period.start >= window.start && m.period.start < window.end && m.payingBefore > 0)
    .map((m) => new Exact(m.churnedCustomers).dividedBy(m.payingBefore));
  const arpa = payingAfter === 0 ? undefined : new Exact(mrrAfter).dividedBy(payingAfter);
  const averageChurn = churnRates.length === 0 ? undefined : Exact.sum(...churnRates).dividedBy(churnRates.length);
  const ltv: Amount =
    arpa === undefined ? unavailable('no paying customers at the end of the month')
    : averageChurn === undefined ? unavailable('no paying customers at the start of any of the last 6 complete months')
    : averageChurn.isZero() ? unavailable('no customer churn in the last 6 complete months')
    : amount(arpa.dividedBy(averageChurn));

  return {
    month,
    currency: rates.reportingCurrency.toLowerCase(),
    mrrAtStart: mrrBefore,
    mrrAtEnd: mrrAfter,
    payingCustomersAtStart: payingBefore,
    payingCustomersAtEnd: payingAfter,
    movements,
    churnedCustomers: churned,
    customerChurnRate: ratio(churned, payingBefore, 'no paying customers at the start of the month'),
    grossMrrChurn: ratio(lost, mrrBefore, noMrr),
    netMrrChurn: ratio(lost - movements.expansion - movements.reactivation, mrrBefore, noMrr),
    arpa: arpa === undefined ? unavailable('no paying customers at the end of the month') : amount(arpa),
    ltv,
    quickRatio: ratio(gained, lost, 'no churn or contraction in the month'),
    trialConversion: { ...trials, rate: ratio(trials.converted, trials.trialsEnded, 'no trial ended in the month') },
  };
}
