import type { RatesConfig } from '../currency-conversion.ts';
import { periodMovements, type MovementTotals } from './period-movements.ts';
import { periodsBetween, type SeriesRange } from './periods.ts';
import type { RevenueLedger } from './revenue-ledger.ts';

export interface MovementsPoint extends MovementTotals {
  /** 'YYYY-MM' for months; the first calendar day 'YYYY-MM-DD' for days and weeks. */
  period: string;
}

export function movementsSeries(ledger: RevenueLedger, rates: RatesConfig, range: SeriesRange): MovementsPoint[] {
  return periodMovements(ledger, rates, periodsBetween(range)).map(({ period, movements }) => ({ period: period.label, ...movements }));
}
