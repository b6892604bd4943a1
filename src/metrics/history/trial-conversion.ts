import type { MrrInterval } from './mrr-interval.ts';
import type { SubscriptionState } from './subscription-state.ts';

export interface TrialConversion {
  /** Subscriptions whose trial ended in the period, at or before `now`. */
  trialsEnded: number;
  /** Of those, the ones with MRR above 0 at some instant from the trial's end up to `now`. */
  converted: number;
}

/** How one subscription's trial ended, as known at `now`. */
export interface TrialOutcome {
  /** When the trial ended: at `trial_end`, or at `ended_at` when canceled sooner; null without a trial. */
  endedAt: number | null;
  /** It had MRR above 0 at some instant after that, up to `now`. */
  converted: boolean;
}

/**
 * A cohort measure: a month's conversion can still rise while late payers come in. `intervals` are the
 * subscription's own.
 */
export function trialOutcome(state: SubscriptionState, intervals: readonly MrrInterval[], now: number): TrialOutcome {
  if (state.trialStart === null || state.trialEnd === null) return { endedAt: null, converted: false };
  const endedAt = Math.min(state.trialEnd, state.endedAt ?? Infinity);
  const converted = intervals.some((interval) => interval.mrr > 0 && interval.start <= now && (interval.end === null || interval.end > endedAt));
  return { endedAt, converted };
}
