import type { StripeSubscription } from '../stripe-shapes.ts';

/** What history needs of a stored subscription: where it sits in time, and what it pays now. */
export interface SubscriptionState {
  subscriptionId: string;
  customerId: string;
  /** Lower-case ISO code. */
  currency: string;
  startDate: number;
  /** The earliest `current_period_start` of its items; null when it has none. */
  currentPeriodStart: number | null;
  endedAt: number | null;
  trialStart: number | null;
  trialEnd: number | null;
  /** Current MRR by rules 1–9, in minor units; null when it could not be priced and is left out. */
  mrr: number | null;
}

export function subscriptionState(sub: StripeSubscription, mrr: number | null): SubscriptionState {
  let currentPeriodStart: number | null = null;
  for (const item of sub.items.data) {
    if (currentPeriodStart === null || item.current_period_start < currentPeriodStart) currentPeriodStart = item.current_period_start;
  }
  return {
    subscriptionId: sub.id,
    customerId: sub.customer,
    currency: sub.currency.toLowerCase(),
    startDate: sub.start_date,
    currentPeriodStart,
    endedAt: sub.ended_at,
    trialStart: sub.trial_start,
    trialEnd: sub.trial_end,
    mrr,
  };
}
