import type { z } from 'zod';
import type { ObjectType } from '../stripe-shapes.ts';
import { describeIssue } from './common.ts';
import { couponSchema } from './coupon-schema.ts';
import { invoiceSchema } from './invoice-schema.ts';
import { chargeSchema, creditNoteSchema, customerSchema } from './other-schemas.ts';
import { priceSchema } from './price-schema.ts';
import { subscriptionSchema } from './subscription-schema.ts';
import { withoutNul } from './without-nul.ts';

const SCHEMAS: Readonly<Record<ObjectType, z.ZodType>> = {
  customer: customerSchema,
  subscription: subscriptionSchema,
  price: priceSchema,
  coupon: couponSchema,
  charge: chargeSchema,
  invoice: invoiceSchema,
  credit_note: creditNoteSchema,
};

export interface ObjectWithId {
  id: string;
  deleted?: boolean;
}

export type ReadObject = { ok: true; object: ObjectWithId } | { ok: false; id: string; reason: string };

/**
 * An object as Stripe sent it, in whichever API version, read into the one shape the engine reads
 * (the SDK's pinned version), with NUL characters replaced. A deleted object needs only its id. The
 * reason for a refusal names the field, never a value it held.
 */
export function readObject(type: ObjectType, raw: unknown): ReadObject {
  const id = typeof (raw as { id?: unknown } | null)?.id === 'string' ? (raw as { id: string }).id : '(no id)';
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, id, reason: 'not an object' };
  const clean = withoutNul(raw) as ObjectWithId;
  if (clean.deleted === true) return typeof clean.id === 'string' ? { ok: true, object: clean } : { ok: false, id, reason: 'id: missing' };
  const parsed = SCHEMAS[type].safeParse(clean);
  return parsed.success ? { ok: true, object: parsed.data as ObjectWithId } : { ok: false, id, reason: describeIssue(parsed.error) };
}
