import type { RatesConfig } from '../index.ts';
import { buildLedger } from './ledger.ts';
import type { MrrInterval } from './mrr-interval.ts';
import { periodMovements, type MovementTotals } from './period-movements.ts';
import { periodsBetween, type SeriesRange } from './periods.ts';

export interface MovementsPoint extends MovementTotals {
  /** 'YYYY-MM' for months; the first calendar day 'YYYY-MM-DD' for days and weeks. */
  period: string;
}

export function movementsSeries(intervals: readonly MrrInterval[], rates: RatesConfig, range: SeriesRange): MovementsPoint[] {
  const periods = periodsBetween(range);
  return periodMovements(buildLedger(intervals, rates), rates, periods).map(({ period, movements }) => ({ period: period.label, ...movements }));
}
