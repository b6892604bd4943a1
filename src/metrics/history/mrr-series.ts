import type { RatesConfig } from '../index.ts';
import { buildLedger } from './ledger.ts';
import { LedgerCursor } from './ledger-cursor.ts';
import type { MrrInterval } from './mrr-interval.ts';
import { periodsBetween, type SeriesRange } from './periods.ts';

export interface MrrPoint {
  /** The period's last day (or `to`), measured at 23:59:59 UTC. */
  date: string;
  /** Reporting minor units. */
  mrr: number;
  /** Paying customers at that instant (rule 8). */
  customers: number;
}

export function mrrSeries(intervals: readonly MrrInterval[], rates: RatesConfig, range: SeriesRange): MrrPoint[] {
  const periods = periodsBetween(range);
  const cursor = new LedgerCursor(buildLedger(intervals, rates), rates);
  return periods.map((period) => {
    cursor.advanceTo(period.end - 1);
    return { date: period.lastDay, mrr: cursor.mrr(), customers: cursor.payingCustomers };
  });
}
