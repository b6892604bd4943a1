import type { Contribution, DiscountPolicy } from '../index.ts';
import type { StripeCoupon, StripeInvoice, StripePrice, StripeSubscription } from '../stripe-shapes.ts';
import { couponResolver, type CouponResolver } from './coupon-resolver.ts';
import { invoiceSpans } from './invoice-spans.ts';
import type { MrrInterval } from './mrr-interval.ts';
import { subscriptionIntervals } from './subscription-timeline.ts';

export interface IntervalInput {
  /** Every status may be passed; only paid and open invoices count. Lines must be complete. */
  invoices: Iterable<StripeInvoice>;
  subscriptions: Iterable<StripeSubscription>;
  /** From `subscriptionContribution` at `now`: the authority for today's value. */
  currentContributions: ReadonlyMap<string, Contribution>;
  /** By price id; gives each line's interval and type. */
  prices: ReadonlyMap<string, StripePrice>;
  /** A resolver, or a map from discount id to coupon. */
  coupons: CouponResolver | ReadonlyMap<string, StripeCoupon>;
  policy: DiscountPolicy;
  /** Unix seconds. */
  now: number;
}

/** All MRR intervals, grouped by subscription, each group sorted by start. */
export function buildIntervals(input: IntervalInput): MrrInterval[] {
  const resolveCoupon = typeof input.coupons === 'function' ? input.coupons : couponResolver(input.coupons);
  const spans = invoiceSpans(input.invoices, { prices: input.prices, resolveCoupon, policy: input.policy });
  const subscriptions = new Map<string, StripeSubscription>();
  for (const sub of input.subscriptions) subscriptions.set(sub.id, sub);
  const ids = new Set([...spans.keys(), ...subscriptions.keys(), ...input.currentContributions.keys()]);
  const intervals: MrrInterval[] = [];
  for (const id of ids) {
    const own = subscriptionIntervals(id, spans.get(id) ?? [], subscriptions.get(id), input.currentContributions.get(id), input.now);
    for (const interval of own) intervals.push(interval);
  }
  return intervals;
}
