import { Dec, Fraction } from './exact.ts';
import type { PricingContext } from './pricing-context.ts';
import type { StripeCoupon, StripeDiscount } from './stripe-shapes.ts';

/** The stored coupon wins over the copy embedded in the discount, which may be stale. */
export function resolveCoupon(discount: StripeDiscount, coupons: PricingContext['coupons']): StripeCoupon | undefined {
  const source = discount.source.coupon;
  if (source === null) return undefined;
  if (typeof source === 'string') return coupons.get(source);
  return coupons.get(source.id) ?? source;
}

/** Whether a discount has not ended yet; Stripe removes discounts once they end, but stored copies may lag. */
export function isRunning(discount: StripeDiscount, asOf: number): boolean {
  return discount.end === null || discount.end > asOf;
}

// A coupon's `valid` and `deleted` only stop new redemptions; discounts already granted keep applying.
function reducesMrr(discount: StripeDiscount, coupon: StripeCoupon, ctx: PricingContext): boolean {
  if (!isRunning(discount, ctx.asOf)) return false;
  return ctx.policy === 'all_active' || coupon.duration === 'forever';
}

export interface DiscountTarget {
  currency: string;
  /** Converts an `amount_off`, which Stripe takes once per billing period, into the amount's own terms. */
  amountOffScale: Fraction;
}

/**
 * Applies discounts in order, each to what the previous ones left (rule 3). Ids that were not expanded
 * cannot be resolved and are skipped; the sync always expands them.
 */
export function applyDiscounts(
  amount: Fraction,
  discounts: ReadonlyArray<string | StripeDiscount>,
  target: DiscountTarget,
  ctx: PricingContext,
): Fraction {
  let remaining = amount;
  for (const discount of discounts) {
    if (typeof discount === 'string') continue;
    const coupon = resolveCoupon(discount, ctx.coupons);
    if (coupon === undefined || !reducesMrr(discount, coupon, ctx)) continue;
    if (coupon.percent_off !== null) {
      remaining = remaining.times(Fraction.of(new Dec(100).minus(coupon.percent_off), 100));
    } else if (coupon.amount_off !== null && coupon.currency?.toLowerCase() === target.currency) {
      remaining = remaining.minus(target.amountOffScale.times(coupon.amount_off)).atLeastZero();
    }
  }
  return remaining;
}
