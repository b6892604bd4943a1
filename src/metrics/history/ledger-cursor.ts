import type { RatesConfig } from '../index.ts';
import { convertTotal } from '../currency-conversion.ts';
import type { CustomerChange, Ledger } from './ledger.ts';

/**
 * Walks a ledger forward in time, keeping per-currency totals and the paying-customer count, so a
 * whole series costs one pass over the changes, not one pass per point.
 */
export class LedgerCursor {
  readonly totals: number[];
  payingCustomers = 0;
  private next = 0;

  constructor(
    private readonly ledger: Ledger,
    private readonly rates: RatesConfig,
  ) {
    this.totals = ledger.currencies.map(() => 0);
  }

  /** Applies every change at or before `t`; `visit` sees each one. Times must not go backwards. */
  advanceTo(t: number, visit?: (change: CustomerChange) => void): void {
    const changes = this.ledger.changes;
    for (; this.next < changes.length && changes[this.next]!.at <= t; this.next++) {
      const change = changes[this.next]!;
      for (let k = 0; k < change.currencies.length; k++) this.totals[change.currencies[k]!]! += change.amounts[k]!;
      this.payingCustomers += Number(change.payingAfter) - Number(change.payingBefore);
      visit?.(change);
    }
  }

  /** MRR in reporting minor units, converted and rounded once per currency like the headline (rule 7). */
  mrr(): number {
    return convertedSum(this.totals, this.ledger, this.rates);
  }
}

export function convertedSum(totals: readonly number[], ledger: Ledger, rates: RatesConfig): number {
  let sum = 0;
  for (let c = 0; c < totals.length; c++) {
    if (totals[c] === 0) continue;
    sum += convertTotal(totals[c]!, ledger.currencies[c]!, rates) ?? 0;
  }
  return sum;
}
