import { z } from 'zod';
import { idOf, unixSeconds } from './common.ts';
import { discountSchema } from './coupon-schema.ts';

/** What is read of a customer: its discount (in either shape) and, for the counts, only its id. */
export const customerSchema = z.looseObject({
  id: z.string(),
  created: unixSeconds.optional(),
  currency: z.string().nullable().default(null),
  discount: discountSchema.nullable().default(null),
});

/**
 * What revenue reads of a charge. `amount_captured` came later than the charge: without it, a captured
 * charge took its whole amount.
 */
export const chargeSchema = z
  .looseObject({
    id: z.string(),
    amount: z.number().int(),
    amount_captured: z.number().int().optional(),
    amount_refunded: z.number().int().default(0),
    captured: z.boolean().optional(),
    currency: z.string().min(1),
    customer: idOf.nullable().default(null),
    created: unixSeconds,
    status: z.enum(['succeeded', 'pending', 'failed']),
    invoice: idOf.nullable().optional(),
    disputed: z.boolean().optional(),
  })
  .transform((charge) => ({ ...charge, amount_captured: charge.amount_captured ?? (charge.captured === false ? 0 : charge.amount) }));

/** Kept as the record of credits; nothing of it is computed on. */
export const creditNoteSchema = z.looseObject({ id: z.string(), customer: idOf.optional(), created: unixSeconds.optional() });
