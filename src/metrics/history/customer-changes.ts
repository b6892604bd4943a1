import type { RatesConfig } from '../currency-conversion.ts';
import { periodStart } from './calendar.ts';
import { classifyMovement, type MovementKind } from './classify-movement.ts';
import { Exact } from './exact-decimal.ts';
import type { MrrInterval } from './mrr-interval.ts';
import { reportingFactor } from './reporting-factors.ts';

/** A net change in one currency, in its minor units (never 0). */
export interface CurrencyAmount {
  currency: string;
  amount: number;
}

/** One customer's net change at one instant, classified once (rule 11). */
export interface CustomerChange {
  at: number;
  kind: MovementKind;
  payingBefore: boolean;
  payingAfter: boolean;
  /** Sorted by currency. */
  amounts: CurrencyAmount[];
  /**
   * The customer's first churn in its calendar month, when they were paying as the month began: what
   * the month's customer churn rate counts (rule 12), once per customer however often they churned.
   */
  churnCounted: boolean;
}

const isPaying = (totals: ReadonlyMap<string, number>): boolean => {
  for (const amount of totals.values()) if (amount > 0) return true;
  return false;
};

/**
 * The sign of the change in the customer's converted total. With one currency (the usual case) a
 * positive rate keeps the native sign; a currency without a rate moves nothing.
 */
function direction(amounts: readonly CurrencyAmount[], rates: RatesConfig): number {
  if (amounts.length === 1) return reportingFactor(amounts[0]!.currency, rates) === undefined ? 0 : Math.sign(amounts[0]!.amount);
  let sum = new Exact(0);
  for (const { currency, amount } of amounts) {
    const factor = reportingFactor(currency, rates);
    if (factor !== undefined) sum = sum.plus(factor.times(amount));
  }
  return sum.comparedTo(0);
}

/** Marks, in each calendar month, the first churn of a customer who was paying as the month began. */
function markCountedChurn(changes: CustomerChange[]): void {
  let month = -Infinity;
  let payingAtMonthStart = false;
  let counted = false;
  for (const change of changes) {
    const m = periodStart(change.at, 'month');
    if (m !== month) {
      month = m;
      payingAtMonthStart = change.payingBefore;
      counted = false;
    }
    if (change.kind === 'churn' && !counted) {
      change.churnCounted = payingAtMonthStart;
      counted = true;
    }
  }
}

/**
 * One customer's MRR intervals (all their subscriptions) turned into the time-ordered list of their
 * changes: the net change per instant, classified on the customer's total (rule 11).
 */
export function customerChanges(intervals: readonly MrrInterval[], rates: RatesConfig): CustomerChange[] {
  const byInstant = new Map<number, Map<string, number>>();
  const add = (at: number, currency: string, amount: number) => {
    let net = byInstant.get(at);
    if (net === undefined) byInstant.set(at, (net = new Map()));
    net.set(currency, (net.get(currency) ?? 0) + amount);
  };
  for (const interval of intervals) {
    if (!Number.isSafeInteger(interval.mrr) || interval.mrr < 0) throw new RangeError(`interval of ${interval.subscriptionId} has mrr ${interval.mrr}`);
    if (interval.mrr === 0) continue;
    add(interval.start, interval.currency, interval.mrr);
    if (interval.end !== null) add(interval.end, interval.currency, -interval.mrr);
  }
  const totals = new Map<string, number>();
  let everPaid = false;
  const changes: CustomerChange[] = [];
  for (const at of [...byInstant.keys()].sort((a, b) => a - b)) {
    const amounts = [...byInstant.get(at)!]
      .filter(([, amount]) => amount !== 0)
      .map(([currency, amount]) => ({ currency, amount }))
      .sort((a, b) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0));
    if (amounts.length === 0) continue; // e.g. one subscription ends as another starts with the same amount
    const payingBefore = isPaying(totals);
    for (const { currency, amount } of amounts) totals.set(currency, (totals.get(currency) ?? 0) + amount);
    const payingAfter = isPaying(totals);
    const kind = classifyMovement(payingBefore, payingAfter, everPaid, direction(amounts, rates));
    everPaid ||= payingAfter;
    changes.push({ at, kind, payingBefore, payingAfter, amounts, churnCounted: false });
  }
  markCountedChurn(changes);
  return changes;
}
