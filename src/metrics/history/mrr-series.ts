import type { RatesConfig } from '../currency-conversion.ts';
import { LedgerCursor } from './ledger-cursor.ts';
import { periodsBetween, type SeriesRange } from './periods.ts';
import type { RevenueLedger } from './revenue-ledger.ts';

export interface MrrPoint {
  /** The period's last day (or `to`), measured at 23:59:59 UTC. */
  date: string;
  /** Reporting minor units. */
  mrr: number;
  /** Paying customers at that instant (rule 8). */
  customers: number;
}

export function mrrSeries(ledger: RevenueLedger, rates: RatesConfig, range: SeriesRange): MrrPoint[] {
  const periods = periodsBetween(range);
  const cursor = new LedgerCursor(ledger, rates);
  return periods.map((period) => {
    cursor.advanceTo(period.end - 1);
    return { date: period.lastDay, mrr: cursor.mrr(), customers: cursor.payingCustomers };
  });
}
