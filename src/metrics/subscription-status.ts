import type { StripeSubscription } from './stripe-shapes.ts';

// Trials, unpaid, incomplete, paused and canceled subscriptions bring in no recurring revenue (rule 1).
const COUNTING_STATUSES: ReadonlySet<string> = new Set(['active', 'past_due']);

export function countsTowardMrr(sub: StripeSubscription): boolean {
  return COUNTING_STATUSES.has(sub.status) && !sub.pause_collection;
}

/** Still paying until Stripe ends it; churn is booked at `ended_at`, so until then this is only a forecast. */
export function isScheduledToCancel(sub: StripeSubscription, asOf: number): boolean {
  return sub.cancel_at_period_end || (sub.cancel_at !== null && sub.cancel_at > asOf);
}
