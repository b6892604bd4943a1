import { z } from 'zod';
import type { StripeSubscription } from '../stripe-shapes.ts';
import { idOf, unixSeconds } from './common.ts';
import { discountRef, discountSchema } from './coupon-schema.ts';
import { planAsPriceSchema } from './price-schema.ts';

export const taxRateSchema = z.looseObject({ id: z.string(), percentage: z.number(), inclusive: z.boolean() });

/**
 * An item's price: `price` since API 2020-08-27, `plan` before. Only its id is required here: pricing
 * reads it again (`readablePrice`), so an item whose price can't be read leaves its subscription
 * counted as unpriced instead of dropped.
 */
const itemSchema = z
  .looseObject({
    id: z.string(),
    price: z.looseObject({ id: z.string() }).optional(),
    plan: z.looseObject({ id: z.string() }).nullable().optional(),
    quantity: z.number().int().nonnegative().nullable().default(null),
    discounts: z.array(discountRef).default([]),
    tax_rates: z.array(taxRateSchema).default([]),
    current_period_start: unixSeconds.optional(),
    current_period_end: unixSeconds.optional(),
  })
  .transform((item, ctx) => {
    const { plan } = item;
    if (item.price !== undefined) return item;
    if (plan === undefined || plan === null) {
      ctx.addIssue({ code: 'custom', message: 'an item needs a price or a plan', path: ['price'] });
      return z.NEVER;
    }
    const asPrice = planAsPriceSchema.safeParse(plan);
    return { ...item, price: asPrice.success ? asPrice.data : plan };
  });

const status = z.enum(['incomplete', 'incomplete_expired', 'trialing', 'active', 'past_due', 'canceled', 'unpaid', 'paused']);
const nullableTime = unixSeconds.nullable().default(null);

/**
 * A subscription in any shape Stripe has sent: the billing period on each item (API 2025-03-31 and
 * later) or on the subscription (before); `discounts` or the single `discount` of older versions.
 */
export const subscriptionSchema = z
  .looseObject({
    id: z.string(),
    customer: idOf,
    currency: z.string().min(1).optional(),
    status,
    created: unixSeconds,
    start_date: unixSeconds.optional(),
    cancel_at_period_end: z.boolean().default(false),
    cancel_at: nullableTime,
    canceled_at: nullableTime,
    ended_at: nullableTime,
    trial_start: nullableTime,
    trial_end: nullableTime,
    pause_collection: z.looseObject({ behavior: z.string(), resumes_at: nullableTime }).nullable().default(null),
    discounts: z.array(discountRef).optional(),
    discount: discountSchema.nullable().optional(),
    default_tax_rates: z.array(taxRateSchema).nullable().default(null),
    current_period_start: unixSeconds.optional(),
    current_period_end: unixSeconds.optional(),
    items: z.looseObject({ data: z.array(itemSchema), has_more: z.boolean().default(false) }),
  })
  .transform(({ discount, discounts, ...sub }, ctx) => {
    const items = sub.items.data.map((item) => ({
      ...item,
      current_period_start: item.current_period_start ?? sub.current_period_start,
      current_period_end: item.current_period_end ?? sub.current_period_end,
    }));
    const missingPeriod = items.findIndex((item) => item.current_period_start === undefined || item.current_period_end === undefined);
    if (missingPeriod >= 0) {
      ctx.addIssue({ code: 'custom', message: 'no billing period on the item nor on the subscription', path: ['items', 'data', missingPeriod] });
      return z.NEVER;
    }
    const currency = sub.currency ?? (items[0]?.price as { currency?: unknown } | undefined)?.currency;
    if (typeof currency !== 'string') {
      ctx.addIssue({ code: 'custom', message: 'no currency on the subscription nor on its first price', path: ['currency'] });
      return z.NEVER;
    }
    return {
      ...sub,
      currency,
      start_date: sub.start_date ?? sub.created,
      discounts: discounts ?? (discount ? [discount] : []),
      items: { ...sub.items, data: items },
    } as unknown as StripeSubscription;
  });
