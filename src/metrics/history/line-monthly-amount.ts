import type { DiscountPolicy } from '../index.ts';
import type { StripeInvoiceLineItem, StripePrice } from '../stripe-shapes.ts';
import type { CouponResolver } from './coupon-resolver.ts';
import type { Rational } from './rational.ts';

export interface LineContext {
  prices: ReadonlyMap<string, StripePrice>;
  resolveCoupon: CouponResolver;
  policy: DiscountPolicy;
}

const PERIODS_PER_YEAR = { day: 365n, week: 52n, month: 12n, year: 1n } as const;

// A paid invoice lists only discounts that were active when it was issued, so under all_active every
// entry counts; under forever only provably-forever coupons do (an unknown coupon cannot be proven so).
function countedDiscounts(line: StripeInvoiceLineItem, ctx: LineContext): number {
  let total = 0;
  for (const entry of line.discount_amounts) {
    if (ctx.policy === 'all_active' || ctx.resolveCoupon(entry.discount)?.duration === 'forever') total += entry.amount;
  }
  return total;
}

/**
 * A subscription line's exact monthly amount (rule 10), or undefined when the line carries no MRR:
 * no subscription, a proration, a one-time or metered price, or a price we do not have (its interval
 * is unknown, so it cannot be normalised).
 */
export function lineMonthlyAmount(line: StripeInvoiceLineItem, ctx: LineContext): { subscriptionId: string; monthly: Rational } | undefined {
  const details = line.parent?.subscription_item_details;
  if (details === null || details === undefined || details.subscription === null || details.proration) return undefined;
  const priceId = line.pricing?.price_details?.price;
  const recurring = priceId === undefined ? undefined : ctx.prices.get(priceId)?.recurring;
  if (recurring === undefined || recurring === null || recurring.usage_type !== 'licensed') return undefined;
  const net = BigInt(line.amount - countedDiscounts(line, ctx));
  return {
    subscriptionId: details.subscription,
    monthly: { numerator: net * PERIODS_PER_YEAR[recurring.interval], denominator: 12n * BigInt(recurring.interval_count) },
  };
}
