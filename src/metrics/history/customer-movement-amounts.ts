import { convertTotal, type RatesConfig } from '../currency-conversion.ts';
import { allocateRounded } from './allocate-rounded.ts';
import type { MovementKind } from './classify-movement.ts';
import { reportingFactor } from './reporting-factors.ts';

/** One stored movement row: one currency of one customer's change, in that currency's minor units. */
export interface MovementRow {
  customerId: string;
  at: number;
  kind: MovementKind;
  currency: string;
  amount: number;
}

/** One customer's change in reporting minor units: its share of the period's bar. */
export interface CustomerMovement {
  customerId: string;
  at: number;
  kind: MovementKind;
  amount: number;
}

const KINDS: readonly MovementKind[] = ['new', 'expansion', 'contraction', 'churn', 'reactivation'];

/**
 * Converts one period's movement rows per customer so that they sum exactly to the period's bars, as
 * movementsSeries rounds them: per currency, the kinds share the rounded change of that currency's MRR
 * (from `before`, its MRR as the period starts), and within a kind the customers share the kind's
 * amount, the largest remainders rounding up. A currency without a rate is left out, as in the bars;
 * a change with no convertible currency is not listed.
 */
export function customerMovementAmounts(rows: readonly MovementRow[], before: ReadonlyMap<string, number>, rates: RatesConfig): CustomerMovement[] {
  const byChange = new Map<string, CustomerMovement>();
  const byCurrency = new Map<string, MovementRow[]>();
  for (const row of rows) {
    const list = byCurrency.get(row.currency);
    if (list === undefined) byCurrency.set(row.currency, [row]);
    else list.push(row);
  }
  for (const [currency, currencyRows] of byCurrency) {
    const factor = reportingFactor(currency, rates);
    if (factor === undefined) continue;
    const byKind = KINDS.map((kind) => currencyRows.filter((row) => row.kind === kind));
    const nativeSums = byKind.map((kindRows) => kindRows.reduce((sum, row) => sum + row.amount, 0));
    const start = before.get(currency) ?? 0;
    const end = start + nativeSums.reduce((a, b) => a + b, 0);
    // The same rounding as the bars (period-movements.ts): the kinds share the change of the rounded MRR.
    const kindTotals = factor.eq(1)
      ? nativeSums
      : allocateRounded(
          nativeSums.map((sum) => factor.times(sum)),
          convertTotal(end, currency, rates)! - convertTotal(start, currency, rates)!,
        );
    byKind.forEach((kindRows, k) => {
      const shares = factor.eq(1) ? kindRows.map((row) => row.amount) : allocateRounded(kindRows.map((row) => factor.times(row.amount)), kindTotals[k]!);
      kindRows.forEach((row, i) => {
        const key = `${row.customerId}\u0000${row.at}\u0000${row.kind}`;
        const change = byChange.get(key) ?? { customerId: row.customerId, at: row.at, kind: row.kind, amount: 0 };
        change.amount += shares[i]!;
        byChange.set(key, change);
      });
    });
  }
  return [...byChange.values()].sort(
    (a, b) => Math.abs(b.amount) - Math.abs(a.amount) || (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0) || a.at - b.at,
  );
}
