import type { RatesConfig } from '../currency-conversion.ts';
import { buildIntervals } from './build-intervals.ts';
import type { CountedLine } from './counted-lines.ts';
import { customerChanges, type CustomerChange } from './customer-changes.ts';
import type { LineContext } from './line-monthly-amount.ts';
import type { MrrInterval } from './mrr-interval.ts';
import type { SubscriptionState } from './subscription-state.ts';
import { trialOutcome, type TrialOutcome } from './trial-conversion.ts';

export interface CustomerHistoryInput {
  /** The customer's counted invoice lines. */
  lines: readonly CountedLine[];
  /** The customer's stored subscriptions, each with its current MRR. */
  subscriptions: readonly SubscriptionState[];
  lineContext: LineContext;
  rates: RatesConfig;
  /** Unix seconds. */
  now: number;
}

export interface CustomerHistory {
  intervals: MrrInterval[];
  changes: CustomerChange[];
  /** By subscription id, for the subscriptions in the input. */
  trials: Map<string, TrialOutcome>;
  /** Rule 8: at least one subscription with MRR above 0 now. */
  paying: boolean;
  /** The first instant after `now` at which time alone changes this history; null: never. */
  nextChange: number | null;
}

/**
 * Everything history knows of one customer (rules 10–12), from their own invoices and subscriptions
 * alone: a change to one customer never needs another's data.
 */
export function customerHistory(input: CustomerHistoryInput): CustomerHistory {
  const { intervals, nextChange } = buildIntervals(input);
  const trials = new Map<string, TrialOutcome>();
  for (const state of input.subscriptions) {
    const own = intervals.filter((interval) => interval.subscriptionId === state.subscriptionId);
    trials.set(state.subscriptionId, trialOutcome(state, own, input.now));
  }
  return {
    intervals,
    changes: customerChanges(intervals, input.rates),
    trials,
    paying: input.subscriptions.some((state) => state.mrr !== null && state.mrr > 0),
    nextChange,
  };
}
