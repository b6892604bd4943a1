import { convertTotal, type RatesConfig } from '../currency-conversion.ts';
import { DAY_SECONDS } from './calendar.ts';
import type { DayTotals, RevenueLedger } from './revenue-ledger.ts';

/**
 * Walks a ledger forward in time, keeping per-currency totals and the paying-customer count, so a
 * whole series costs one pass over the days, not one pass per point.
 */
export class LedgerCursor {
  readonly totals = new Map<string, number>();
  payingCustomers = 0;
  private next = 0;
  private readonly days: readonly DayTotals[];

  constructor(
    ledger: RevenueLedger,
    private readonly rates: RatesConfig,
  ) {
    this.days = ledger.orderedDays();
  }

  /** Applies every day that starts at or before `t`; `visit` sees each one. Times must not go backwards. */
  advanceTo(t: number, visit?: (day: DayTotals) => void): void {
    for (; this.next < this.days.length && this.days[this.next]!.day * DAY_SECONDS <= t; this.next++) {
      const day = this.days[this.next]!;
      for (const [currency, amount] of day.net) this.totals.set(currency, (this.totals.get(currency) ?? 0) + amount);
      this.payingCustomers += day.payingDelta;
      visit?.(day);
    }
  }

  /** MRR in reporting minor units, converted and rounded once per currency like the headline (rule 7). */
  mrr(): number {
    return convertedSum(this.totals, this.rates);
  }
}

export function convertedSum(totals: ReadonlyMap<string, number>, rates: RatesConfig): number {
  let sum = 0;
  for (const [currency, amount] of totals) {
    if (amount === 0) continue;
    sum += convertTotal(amount, currency, rates) ?? 0;
  }
  return sum;
}
