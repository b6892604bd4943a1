import type { CouponDuration, StripeCoupon, StripeDiscount } from '../stripe-shapes.ts';
import type { LineDiscount } from './counted-lines.ts';

/** A discount's coupon as the customer's subscriptions and customer record name it: an id or the coupon itself. */
export type CouponsByDiscount = ReadonlyMap<string, string | StripeCoupon>;

/** Remembers each expanded discount's coupon, for invoice lines that name the discount by id only. */
export function rememberCoupons(discounts: Iterable<string | StripeDiscount | null | undefined>, into: Map<string, string | StripeCoupon>): void {
  for (const discount of discounts) {
    if (typeof discount !== 'object' || discount === null) continue;
    const coupon = discount.source?.coupon;
    if (coupon !== null && coupon !== undefined) into.set(discount.id, coupon);
  }
}

/**
 * The duration of the coupon behind a line's discount (rule 10): a stored coupon wins over one the
 * invoice embeds; a discount the invoice does not expand is found among the customer's other discounts.
 * Undefined when nothing names it: such a discount can't be proven to be forever.
 */
export function lineCouponDuration(coupons: ReadonlyMap<string, StripeCoupon>, byDiscount: CouponsByDiscount = new Map()) {
  return (discount: LineDiscount): CouponDuration | undefined => {
    let couponId = discount.couponId;
    let embedded = discount.embeddedDuration;
    if (couponId === null) {
      const named = byDiscount.get(discount.discountId);
      couponId = typeof named === 'string' ? named : (named?.id ?? null);
      embedded = typeof named === 'object' ? named.duration : null;
    }
    return (couponId === null ? undefined : coupons.get(couponId)?.duration) ?? embedded ?? undefined;
  };
}
