import type { StripeSubscription } from '../stripe-shapes.ts';
import type { MrrInterval } from './mrr-interval.ts';

export interface TrialConversion {
  /** Subscriptions whose trial ended in the period, at or before `now`. */
  trialsEnded: number;
  /** Of those, the ones with MRR above 0 at some instant from the trial's end up to `now`. */
  converted: number;
}

/**
 * A trial ends at `trial_end`, or at `ended_at` when canceled sooner. It converted when the
 * subscription had MRR at any time after that, as known at `now`: a cohort measure, so a month's
 * rate can still rise while late payers come in.
 */
export function trialConversion(
  subscriptions: Iterable<StripeSubscription>,
  intervals: readonly MrrInterval[],
  period: { start: number; end: number },
  now: number,
): TrialConversion {
  const ended = new Map<string, number>();
  for (const sub of subscriptions) {
    if (sub.trial_start === null || sub.trial_end === null) continue;
    const end = Math.min(sub.trial_end, sub.ended_at ?? Infinity);
    if (end >= period.start && end < period.end && end <= now) ended.set(sub.id, end);
  }
  const converted = new Set<string>();
  for (const interval of intervals) {
    const trialEnd = ended.get(interval.subscriptionId);
    if (trialEnd === undefined || interval.mrr <= 0 || interval.start > now) continue;
    if (interval.end === null || interval.end > trialEnd) converted.add(interval.subscriptionId);
  }
  return { trialsEnded: ended.size, converted: converted.size };
}
