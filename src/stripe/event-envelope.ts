import { z } from 'zod';
import type { StripeEvent } from '../metrics/stripe-shapes.ts';
import { describeIssue } from '../metrics/shapes/common.ts';
import { withoutNul } from '../metrics/shapes/without-nul.ts';

/** Far deeper than any Stripe object, expanded ones included; deep enough input would overflow the stack. */
export const MAX_NESTING_DEPTH = 64;
const MAX_ID_LENGTH = 255;

/** What the service reads of an event before it is stored; the object itself is read when it is applied. */
const envelopeSchema = z.looseObject({
  id: z.string().min(1).max(MAX_ID_LENGTH),
  object: z.literal('event').optional(),
  type: z.string().min(1).max(MAX_ID_LENGTH),
  created: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  api_version: z.string().max(64).nullable().optional(),
  data: z.looseObject({
    object: z.looseObject({ id: z.string().max(MAX_ID_LENGTH).optional() }),
    previous_attributes: z.record(z.string(), z.unknown()).optional(),
  }),
});

/** Whether a parsed JSON value nests deeper than `limit`; never descends further than that itself. */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (limit === 0) return true;
  for (const child of Object.values(value)) if (nestsDeeperThan(child, limit - 1)) return true;
  return false;
}

/**
 * The event, with NUL characters replaced (the store can't hold them, yet Stripe may send one in a
 * customer's name), or why it can't be one; the reason names a field, never a value the event held.
 */
export function readEventEnvelope(value: unknown): { ok: true; event: StripeEvent } | { ok: false; reason: string } {
  if (nestsDeeperThan(value, MAX_NESTING_DEPTH)) return { ok: false, reason: `nested deeper than ${MAX_NESTING_DEPTH} levels` };
  const parsed = envelopeSchema.safeParse(value);
  return parsed.success ? { ok: true, event: withoutNul(parsed.data) as unknown as StripeEvent } : { ok: false, reason: describeIssue(parsed.error) };
}
