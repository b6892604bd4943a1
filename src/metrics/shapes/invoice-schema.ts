import { z } from 'zod';
import type { StripeInvoice } from '../stripe-shapes.ts';
import { idOf, unixSeconds } from './common.ts';
import { discountRef, discountSchema } from './coupon-schema.ts';

const subscriptionItemDetails = z.looseObject({
  subscription: idOf.nullable().default(null),
  subscription_item: z.string().nullable().default(null),
  proration: z.boolean().default(false),
});
const invoiceItemDetails = z.looseObject({ invoice_item: z.string(), subscription: idOf.nullable().default(null) });
const lineParent = z.looseObject({
  type: z.string(),
  subscription_item_details: subscriptionItemDetails.nullable().default(null),
  invoice_item_details: invoiceItemDetails.nullable().default(null),
});
const lineItemPrice = z.looseObject({ id: z.string(), product: idOf.nullable().optional(), unit_amount_decimal: z.string().nullable().optional() });

/**
 * A line in any shape Stripe has sent: `parent` and `pricing` (API 2025-03-31 and later), or the line's
 * own `type`, `subscription`, `subscription_item`, `proration` and `price` (or `plan`) before.
 */
const lineSchema = z
  .looseObject({
    id: z.string(),
    amount: z.number().int(),
    currency: z.string().min(1),
    quantity: z.number().int().nullable().default(null),
    period: z.looseObject({ start: unixSeconds, end: unixSeconds }),
    discount_amounts: z.array(z.looseObject({ amount: z.number().int(), discount: discountRef })).default([]),
    discounts: z.array(discountRef).optional(),
    parent: lineParent.nullable().optional(),
    pricing: z
      .looseObject({
        type: z.string(),
        price_details: z.looseObject({ price: idOf, product: idOf.nullable().optional() }).nullable().default(null),
        unit_amount_decimal: z.string().nullable().default(null),
      })
      .nullable()
      .optional(),
    type: z.enum(['subscription', 'invoiceitem']).optional(),
    subscription: idOf.nullable().optional(),
    subscription_item: idOf.nullable().optional(),
    proration: z.boolean().optional(),
    invoice_item: idOf.nullable().optional(),
    price: lineItemPrice.nullable().optional(),
    plan: lineItemPrice.nullable().optional(),
  })
  .transform((line) => {
    const { type, subscription, subscription_item, proration, invoice_item, price, plan, ...current } = line;
    const priced = price ?? plan;
    const parent =
      line.parent !== undefined
        ? line.parent
        : type === 'subscription' || (type === undefined && subscription_item)
          ? {
              type: 'subscription_item_details',
              subscription_item_details: { subscription: subscription ?? null, subscription_item: subscription_item ?? null, proration: proration ?? false },
              invoice_item_details: null,
            }
          : {
              type: 'invoice_item_details',
              subscription_item_details: null,
              invoice_item_details: { invoice_item: invoice_item ?? line.id, subscription: subscription ?? null },
            };
    const pricing =
      line.pricing !== undefined
        ? line.pricing
        : priced
          ? { type: 'price_details', price_details: { price: priced.id, product: priced.product ?? null }, unit_amount_decimal: priced.unit_amount_decimal ?? null }
          : null;
    return { ...current, parent, pricing };
  });

const invoiceParent = z.looseObject({
  type: z.string(),
  subscription_details: z.looseObject({ subscription: idOf }).nullable().default(null),
});

/**
 * An invoice in any shape Stripe has sent: its subscription under `parent.subscription_details` (API
 * 2025-03-31 and later) or as `subscription` (before); `discounts` or the single `discount` before.
 */
export const invoiceSchema = z
  .looseObject({
    id: z.string(),
    customer: idOf,
    currency: z.string().min(1),
    status: z.enum(['draft', 'open', 'paid', 'uncollectible', 'void']).nullable(),
    created: unixSeconds,
    period_start: unixSeconds,
    period_end: unixSeconds,
    total: z.number().int(),
    amount_paid: z.number().int(),
    attempt_count: z.number().int().nonnegative().optional(),
    next_payment_attempt: unixSeconds.nullable().optional(),
    status_transitions: z.looseObject({ paid_at: unixSeconds.nullable().optional() }).nullable().optional(),
    discounts: z.array(discountRef).optional(),
    discount: discountSchema.nullable().optional(),
    parent: invoiceParent.nullable().optional(),
    subscription: idOf.nullable().optional(),
    lines: z.looseObject({ data: z.array(lineSchema), has_more: z.boolean().default(false) }),
  })
  .transform(({ discount, discounts, subscription, ...invoice }) => ({
    ...invoice,
    discounts: discounts ?? (discount ? [discount] : []),
    parent:
      invoice.parent !== undefined
        ? invoice.parent
        : subscription
          ? { type: 'subscription_details', subscription_details: { subscription } }
          : null,
  })) as unknown as z.ZodType<StripeInvoice>;
