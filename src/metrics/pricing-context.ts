import type { StripeCoupon, StripeCustomer, StripePrice } from './stripe-shapes.ts';

/** `forever`: Stripe's dashboard view (the default). `all_active`: ChartMogul's, where once/repeating coupons count while active. */
export type DiscountPolicy = 'forever' | 'all_active';

/** What pricing a subscription needs beyond the subscription itself. */
export interface PricingContext {
  /** Stored prices, fetched with their tiers; the price embedded in an item never carries tiers. */
  prices: ReadonlyMap<string, StripePrice>;
  coupons: ReadonlyMap<string, StripeCoupon>;
  /** The subscription's customer, whose discount applies when the subscription has none of its own. */
  customer: StripeCustomer | undefined;
  policy: DiscountPolicy;
  /** Unix seconds. */
  asOf: number;
}
