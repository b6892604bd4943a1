/**
 * The one model behind history: a subscription's monthly amount over a span of time. Current MRR is the
 * sum over open intervals; a history point is the sum over the intervals covering it.
 */
export interface MrrInterval {
  subscriptionId: string;
  customerId: string;
  /** Lower-case ISO code. */
  currency: string;
  /** Unix seconds, inclusive. */
  start: number;
  /** Unix seconds, exclusive; null while the amount still holds. */
  end: number | null;
  /** Integer minor units of `currency`, > 0 (a span without MRR is simply absent). */
  mrr: number;
}

/** Drops empty spans and joins a span to the previous one when it continues it with the same amount. */
export function mergeAdjacent(sorted: readonly MrrInterval[]): MrrInterval[] {
  const merged: MrrInterval[] = [];
  for (const interval of sorted) {
    if (interval.mrr <= 0 || (interval.end !== null && interval.end <= interval.start)) continue;
    const last = merged[merged.length - 1];
    if (last !== undefined && last.end === interval.start && last.mrr === interval.mrr && last.currency === interval.currency) {
      last.end = interval.end;
    } else {
      merged.push({ ...interval });
    }
  }
  return merged;
}
