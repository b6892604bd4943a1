import type { DiscountPolicy } from '../pricing-context.ts';
import type { CouponDuration, StripePrice } from '../stripe-shapes.ts';
import type { CountedLine, LineDiscount } from './counted-lines.ts';
import type { Rational } from './rational.ts';

export interface LineContext {
  prices: ReadonlyMap<string, StripePrice>;
  /** The duration of the coupon behind a line's discount, when it can be known. */
  couponDuration: (discount: LineDiscount) => CouponDuration | undefined;
  policy: DiscountPolicy;
}

const PERIODS_PER_YEAR = { day: 365n, week: 52n, month: 12n, year: 1n } as const;

// A paid invoice lists only discounts that were active when it was issued, so under all_active every
// entry counts; under forever only provably-forever coupons do (an unknown coupon cannot be proven so).
function countedDiscounts(line: CountedLine, ctx: LineContext): number {
  let total = 0;
  for (const entry of line.discounts) {
    if (ctx.policy === 'all_active' || ctx.couponDuration(entry) === 'forever') total += entry.amount;
  }
  return total;
}

/**
 * A counted line's exact monthly amount (rule 10), or undefined when its price is one-time, metered,
 * or one we do not have (its interval is unknown, so it cannot be normalised).
 */
export function lineMonthlyAmount(line: CountedLine, ctx: LineContext): Rational | undefined {
  const recurring = line.priceId === null ? undefined : ctx.prices.get(line.priceId)?.recurring;
  if (recurring === undefined || recurring === null || recurring.usage_type !== 'licensed') return undefined;
  const net = BigInt(line.amount - countedDiscounts(line, ctx));
  return { numerator: net * PERIODS_PER_YEAR[recurring.interval], denominator: 12n * BigInt(recurring.interval_count) };
}
