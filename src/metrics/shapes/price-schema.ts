import { z } from 'zod';
import type { StripePrice } from '../stripe-shapes.ts';
import { describeIssue, idOf } from './common.ts';

const tier = z.looseObject({
  up_to: z.number().int().nullable(),
  unit_amount: z.number().int().nullable().default(null),
  unit_amount_decimal: z.string().nullable().default(null),
  flat_amount: z.number().int().nullable().default(null),
  flat_amount_decimal: z.string().nullable().default(null),
});

const interval = z.enum(['day', 'week', 'month', 'year']);
const usageType = z.enum(['licensed', 'metered']);
const billingScheme = z.enum(['per_unit', 'tiered']);
const tiersMode = z.enum(['graduated', 'volume']).nullable().default(null);
const transformQuantity = z.looseObject({ divide_by: z.number().int().positive(), round: z.enum(['up', 'down']) }).nullable().default(null);

/** What pricing reads of a price; the rest is kept as Stripe sent it. */
export const priceSchema = z.looseObject({
  id: z.string(),
  currency: z.string().min(1),
  product: idOf.optional(),
  type: z.enum(['recurring', 'one_time']),
  billing_scheme: billingScheme.default('per_unit'),
  unit_amount: z.number().int().nullable().default(null),
  unit_amount_decimal: z.string().nullable().default(null),
  tiers_mode: tiersMode,
  tiers: z.array(tier).optional(),
  transform_quantity: transformQuantity,
  recurring: z
    .looseObject({ interval, interval_count: z.number().int().positive(), usage_type: usageType.default('licensed') })
    .nullable()
    .default(null),
  tax_behavior: z.enum(['exclusive', 'inclusive', 'unspecified']).nullable().default(null),
}) as unknown as z.ZodType<StripePrice>;

/**
 * A plan, what a subscription item carried before prices (API versions before 2020-08-27), read as
 * the price it stands for: a plan is always recurring, and its `amount` is the unit amount.
 */
export const planAsPriceSchema = z
  .looseObject({
    id: z.string(),
    currency: z.string().min(1),
    product: idOf.nullable().optional(),
    amount: z.number().int().nullable().default(null),
    amount_decimal: z.string().nullable().default(null),
    billing_scheme: billingScheme.default('per_unit'),
    tiers_mode: tiersMode,
    tiers: z.array(tier).optional(),
    transform_usage: transformQuantity,
    interval,
    interval_count: z.number().int().positive(),
    usage_type: usageType.default('licensed'),
  })
  .transform(({ amount, amount_decimal, transform_usage, interval, interval_count, usage_type, ...plan }) => ({
    ...plan,
    object: 'price',
    type: 'recurring',
    unit_amount: amount,
    unit_amount_decimal: amount_decimal,
    transform_quantity: transform_usage,
    recurring: { interval, interval_count, usage_type },
    tax_behavior: 'unspecified',
  })) as unknown as z.ZodType<StripePrice>;

/**
 * The price an item is priced with, checked again where it is used: an item's embedded price is kept
 * even when it can't be read, so that its subscription is counted as unpriced rather than dropped.
 */
export function readablePrice(price: unknown): StripePrice {
  const parsed = priceSchema.safeParse(price);
  if (parsed.success) return parsed.data;
  const id = typeof (price as { id?: unknown } | null)?.id === 'string' ? (price as { id: string }).id : 'without an id';
  throw new Error(`price ${id} can't be read (${describeIssue(parsed.error)})`);
}
