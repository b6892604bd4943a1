import type { StripeCoupon, StripeDiscount } from '../stripe-shapes.ts';

/** Finds the coupon behind an invoice line's `discount_amounts[].discount` (an id or an expanded discount). */
export type CouponResolver = (discount: string | StripeDiscount) => StripeCoupon | undefined;

/**
 * A resolver from stored data: `byDiscount` maps discount ids to their coupon; `coupons` holds synced
 * coupons by id. As in the current engine, a stored coupon wins over the copy embedded in a discount.
 */
export function couponResolver(
  byDiscount: ReadonlyMap<string, StripeCoupon>,
  coupons: ReadonlyMap<string, StripeCoupon> = new Map(),
): CouponResolver {
  return (discount) => {
    if (typeof discount === 'string') return byDiscount.get(discount);
    const source = discount.source.coupon;
    if (source === null) return byDiscount.get(discount.id);
    if (typeof source === 'string') return coupons.get(source) ?? byDiscount.get(discount.id);
    return coupons.get(source.id) ?? source;
  };
}
