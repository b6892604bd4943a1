import { z } from 'zod';
import type { StripeCoupon, StripeDiscount } from '../stripe-shapes.ts';
import { idOf, unixSeconds } from './common.ts';

/** What pricing reads of a coupon; the rest is kept as Stripe sent it. */
export const couponSchema = z.looseObject({
  id: z.string(),
  amount_off: z.number().int().nullable().default(null),
  currency: z.string().nullable().default(null),
  percent_off: z.number().min(0).max(100).nullable().default(null),
  duration: z.enum(['forever', 'once', 'repeating']),
  duration_in_months: z.number().int().nullable().default(null),
}) as unknown as z.ZodType<StripeCoupon>;

const couponRef = z.union([z.string(), couponSchema]).nullable();

/**
 * A discount in either shape Stripe has sent it: `source.coupon` (API 2025-09-30 and later), or the
 * coupon directly on the discount (before), normalised to the first.
 */
export const discountSchema = z
  .looseObject({
    id: z.string(),
    customer: idOf.nullable().default(null),
    subscription: z.string().nullable().default(null),
    subscription_item: z.string().nullable().default(null),
    start: unixSeconds.optional(),
    end: unixSeconds.nullable().default(null),
    source: z.looseObject({ coupon: couponRef }).optional(),
    coupon: couponRef.optional(),
  })
  .transform((discount, ctx) => {
    const { coupon, source, ...rest } = discount;
    if (source !== undefined) return { ...rest, source: { ...source, type: 'coupon' } } as unknown as StripeDiscount;
    if (coupon === undefined) {
      ctx.addIssue({ code: 'custom', message: 'a discount needs source.coupon or coupon' });
      return z.NEVER;
    }
    return { ...rest, source: { type: 'coupon', coupon } } as unknown as StripeDiscount;
  });

/** Discounts are ids unless expanded. */
export const discountRef = z.union([z.string(), discountSchema]);
