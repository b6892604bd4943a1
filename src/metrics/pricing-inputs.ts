import type { StripeCoupon, StripeCustomer, StripeDiscount, StripePrice, StripeSubscription } from './stripe-shapes.ts';

/**
 * The fields of each object that a subscription's MRR reads. A change elsewhere (a name, metadata,
 * `active`) changes no figure, so it need not re-price anything.
 */
export const PRICING_FIELDS = {
  price: ['type', 'currency', 'billing_scheme', 'unit_amount', 'unit_amount_decimal', 'tiers', 'tiers_mode', 'transform_quantity', 'recurring', 'tax_behavior'],
  coupon: ['amount_off', 'currency', 'percent_off', 'duration'],
  customer: ['discount'],
} as const satisfies Record<string, ReadonlyArray<keyof StripePrice | keyof StripeCoupon | keyof StripeCustomer>>;

function couponId(discount: string | StripeDiscount | null | undefined): string | undefined {
  if (typeof discount !== 'object' || discount === null) return undefined;
  const coupon = discount.source?.coupon;
  return typeof coupon === 'string' ? coupon : (coupon?.id ?? undefined);
}

/** The prices and coupons a subscription's contribution reads, its customer's discount included. */
export function pricingRefs(sub: StripeSubscription, customer: StripeCustomer | undefined): { prices: string[]; coupons: string[] } {
  const prices = new Set<string>();
  const coupons = new Set<string>();
  const remember = (discount: string | StripeDiscount | null | undefined) => {
    const id = couponId(discount);
    if (id !== undefined) coupons.add(id);
  };
  for (const item of sub.items.data) {
    prices.add(item.price.id);
    item.discounts.forEach(remember);
  }
  sub.discounts.forEach(remember);
  remember(customer?.discount);
  return { prices: [...prices], coupons: [...coupons] };
}

/**
 * The first instant after `asOf` at which time alone changes the contribution: a discount ends, or a
 * cancellation date passes (scheduled churn). Null: never, until the objects change.
 */
export function contributionNextChange(sub: StripeSubscription, customer: StripeCustomer | undefined, asOf: number): number | null {
  let next = Infinity;
  const consider = (t: number | null | undefined) => {
    if (t !== null && t !== undefined && t > asOf && t < next) next = t;
  };
  const discounts = [...sub.discounts, ...sub.items.data.flatMap((item) => item.discounts), customer?.discount];
  for (const discount of discounts) if (typeof discount === 'object' && discount !== null) consider(discount.end);
  consider(sub.cancel_at);
  return next === Infinity ? null : next;
}
