import { convertTotal } from '../currency-conversion.ts';
import type { RatesConfig } from '../index.ts';
import { allocateRounded } from './allocate-rounded.ts';
import type { MovementKind } from './classify-movement.ts';
import type { CustomerChange, Ledger } from './ledger.ts';
import { LedgerCursor } from './ledger-cursor.ts';
import type { Period } from './periods.ts';

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
  /** Every customer change inside the period, in time order. */
  changes: CustomerChange[];
}

const KINDS: readonly MovementKind[] = ['new', 'expansion', 'contraction', 'churn', 'reactivation'];

/**
 * Converts one period's native movement sums. Each currency is rounded on its own so that its
 * movements add up to its rounded change, then currencies are added: the net is exactly the change
 * in the headline-style MRR, and so movements sum to the MRR change over any run of periods.
 */
function convertMovements(
  native: number[][],
  before: readonly number[],
  after: readonly number[],
  ledger: Ledger,
  rates: RatesConfig,
): MovementTotals {
  const totals = [0, 0, 0, 0, 0];
  ledger.factors.forEach((factor, c) => {
    if (factor === undefined) return;
    const code = ledger.currencies[c]!;
    const target = convertTotal(after[c]!, code, rates)! - convertTotal(before[c]!, code, rates)!;
    const rounded = allocateRounded(native.map((byCurrency) => factor.times(byCurrency[c]!)), target);
    rounded.forEach((amount, k) => (totals[k]! += amount));
  });
  const [added, expansion, contraction, churn, reactivation] = totals.map((x) => (x === 0 ? 0 : x)) as [number, number, number, number, number];
  return { new: added, expansion, contraction, churn, reactivation, net: added + expansion + contraction + churn + reactivation };
}

/** One sweep over the ledger for a list of consecutive periods. */
export function periodMovements(ledger: Ledger, rates: RatesConfig, periods: readonly Period[]): PeriodMovements[] {
  const cursor = new LedgerCursor(ledger, rates);
  const result: PeriodMovements[] = [];
  for (const period of periods) {
    cursor.advanceTo(period.start - 1);
    const before = [...cursor.totals];
    const mrrBefore = cursor.mrr();
    const payingBefore = cursor.payingCustomers;
    const native = KINDS.map(() => ledger.currencies.map(() => 0));
    const changes: CustomerChange[] = [];
    cursor.advanceTo(period.end - 1, (change) => {
      changes.push(change);
      const byCurrency = native[KINDS.indexOf(change.kind)]!;
      for (let k = 0; k < change.currencies.length; k++) byCurrency[change.currencies[k]!]! += change.amounts[k]!;
    });
    result.push({
      period,
      movements: convertMovements(native, before, cursor.totals, ledger, rates),
      mrrBefore,
      mrrAfter: cursor.mrr(),
      payingBefore,
      payingAfter: cursor.payingCustomers,
      changes,
    });
  }
  return result;
}
