import { convertTotal, type RatesConfig } from '../currency-conversion.ts';
import { allocateRounded } from './allocate-rounded.ts';
import type { MovementKind } from './classify-movement.ts';
import { LedgerCursor } from './ledger-cursor.ts';
import type { Period } from './periods.ts';
import { reportingFactor } from './reporting-factors.ts';
import type { RevenueLedger } from './revenue-ledger.ts';

/** Reporting minor units; contraction and churn are ≤ 0. */
export interface MovementTotals {
  new: number;
  expansion: number;
  contraction: number;
  churn: number;
  reactivation: number;
  /** Always the MRR at the period's last instant minus the MRR just before it starts. */
  net: number;
}

export interface PeriodMovements {
  period: Period;
  movements: MovementTotals;
  mrrBefore: number;
  mrrAfter: number;
  payingBefore: number;
  payingAfter: number;
  /** Customers who churned in the period and were paying at its start (months only, rule 12). */
  churnedCustomers: number;
}

const KINDS: readonly MovementKind[] = ['new', 'expansion', 'contraction', 'churn', 'reactivation'];

/**
 * Converts one period's native movement sums. Each currency is rounded on its own so that its
 * movements add up to its rounded change, then currencies are added: the net is exactly the change
 * in the headline-style MRR, and so movements sum to the MRR change over any run of periods.
 */
function convertMovements(
  native: ReadonlyMap<MovementKind, ReadonlyMap<string, number>>,
  before: ReadonlyMap<string, number>,
  after: ReadonlyMap<string, number>,
  rates: RatesConfig,
): MovementTotals {
  const totals = [0, 0, 0, 0, 0];
  const currencies = new Set<string>();
  for (const byCurrency of native.values()) for (const currency of byCurrency.keys()) currencies.add(currency);
  for (const currency of currencies) {
    const amounts = KINDS.map((kind) => native.get(kind)?.get(currency) ?? 0);
    // A currency that did not move adds nothing (its MRR before and after are the same).
    if (amounts.every((amount) => amount === 0)) continue;
    const factor = reportingFactor(currency, rates);
    if (factor === undefined) continue;
    // The reporting currency needs no rounding: its movements are already whole minor units.
    const rounded = factor.eq(1)
      ? amounts
      : allocateRounded(
          amounts.map((amount) => factor.times(amount)),
          convertTotal(after.get(currency) ?? 0, currency, rates)! - convertTotal(before.get(currency) ?? 0, currency, rates)!,
        );
    rounded.forEach((amount, k) => (totals[k]! += amount));
  }
  const [added, expansion, contraction, churn, reactivation] = totals.map((x) => (x === 0 ? 0 : x)) as [number, number, number, number, number];
  return { new: added, expansion, contraction, churn, reactivation, net: added + expansion + contraction + churn + reactivation };
}

/** One sweep over the ledger for a list of consecutive periods. */
export function periodMovements(ledger: RevenueLedger, rates: RatesConfig, periods: readonly Period[]): PeriodMovements[] {
  const cursor = new LedgerCursor(ledger, rates);
  const result: PeriodMovements[] = [];
  for (const period of periods) {
    cursor.advanceTo(period.start - 1);
    const before = new Map(cursor.totals);
    const mrrBefore = cursor.mrr();
    const payingBefore = cursor.payingCustomers;
    const native = new Map<MovementKind, Map<string, number>>();
    let churnedCustomers = 0;
    cursor.advanceTo(period.end - 1, (day) => {
      churnedCustomers += day.churned;
      for (const [kind, byCurrency] of day.moved) {
        let sums = native.get(kind);
        if (sums === undefined) native.set(kind, (sums = new Map()));
        for (const [currency, amount] of byCurrency) sums.set(currency, (sums.get(currency) ?? 0) + amount);
      }
    });
    result.push({
      period,
      movements: convertMovements(native, before, cursor.totals, rates),
      mrrBefore,
      mrrAfter: cursor.mrr(),
      payingBefore,
      payingAfter: cursor.payingCustomers,
      churnedCustomers,
    });
  }
  return result;
}
