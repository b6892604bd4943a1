import type { CountedLine } from './counted-lines.ts';
import { invoiceSpans } from './invoice-spans.ts';
import type { LineContext } from './line-monthly-amount.ts';
import type { MrrInterval } from './mrr-interval.ts';
import type { SubscriptionState } from './subscription-state.ts';
import { subscriptionIntervals } from './subscription-timeline.ts';

export interface IntervalInput {
  /** Counted lines (paid and open invoices' subscription lines). */
  lines: Iterable<CountedLine>;
  /** Stored subscriptions with their current MRR: the authority for today's value. */
  subscriptions: Iterable<SubscriptionState>;
  lineContext: LineContext;
  /** Unix seconds. */
  now: number;
}

/**
 * MRR intervals, grouped by subscription, each group sorted by start; and the first instant after
 * `now` at which time alone would change them (null: never).
 */
export function buildIntervals(input: IntervalInput): { intervals: MrrInterval[]; nextChange: number | null } {
  const spans = invoiceSpans(input.lines, input.lineContext);
  const states = new Map<string, SubscriptionState>();
  for (const state of input.subscriptions) states.set(state.subscriptionId, state);
  const intervals: MrrInterval[] = [];
  let next = Infinity;
  for (const id of new Set([...spans.keys(), ...states.keys()])) {
    const own = subscriptionIntervals(id, spans.get(id) ?? [], states.get(id), input.now);
    for (const interval of own.intervals) intervals.push(interval);
    if (own.nextChange !== null) next = Math.min(next, own.nextChange);
  }
  return { intervals, nextChange: next === Infinity ? null : next };
}
