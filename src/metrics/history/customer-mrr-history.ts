import type { RatesConfig } from '../currency-conversion.ts';
import { convertedSum } from './ledger-cursor.ts';
import type { MrrInterval } from './mrr-interval.ts';

export type IntervalSpan = Pick<MrrInterval, 'currency' | 'start' | 'end' | 'mrr'>;

/**
 * One customer's MRR at each instant, in reporting minor units: the intervals covering it (start
 * inclusive, end exclusive), summed per currency and converted once per currency as the headline does.
 */
export function mrrAtInstants(intervals: readonly IntervalSpan[], instants: readonly number[], rates: RatesConfig): number[] {
  return instants.map((t) => {
    const totals = new Map<string, number>();
    for (const i of intervals) {
      if (i.start <= t && (i.end === null || t < i.end)) totals.set(i.currency, (totals.get(i.currency) ?? 0) + i.mrr);
    }
    return convertedSum(totals, rates);
  });
}
