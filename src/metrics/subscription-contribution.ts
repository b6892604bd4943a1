import type { PricingContext } from './pricing-context.ts';
import type { StripeSubscription } from './stripe-shapes.ts';
import { exactMonthlyMrr } from './subscription-mrr.ts';
import { countsTowardMrr, isScheduledToCancel } from './subscription-status.ts';

/** One subscription's share of current MRR. */
export interface Contribution {
  subscriptionId: string;
  customerId: string;
  /** Lower-case ISO code. */
  currency: string;
  /** Integer minor units, rounded once (rule 6); 0 when the subscription does not count. */
  mrr: number;
  /** Counting MRR now, but set to end: cancel_at_period_end, or a cancel_at still ahead. */
  scheduledChurn: boolean;
}

/** Expects every item of the subscription in `sub.items.data`, including those past Stripe's first 10. */
export function subscriptionContribution(sub: StripeSubscription, ctx: PricingContext): Contribution {
  const mrr = countsTowardMrr(sub) ? exactMonthlyMrr(sub, ctx).roundHalfAwayFromZero() : 0;
  return {
    subscriptionId: sub.id,
    customerId: sub.customer,
    currency: sub.currency.toLowerCase(),
    mrr,
    scheduledChurn: mrr > 0 && isScheduledToCancel(sub, ctx.asOf),
  };
}
