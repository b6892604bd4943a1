import type Stripe from 'stripe';
import { withoutNul } from '../metrics/shapes/without-nul.ts';
import type { StripeEvent } from '../metrics/stripe-shapes.ts';
import type { StripeReader } from './stripe-reader.ts';

/**
 * The events Stripe still holds (30 days) from `since` on, oldest first, so they enter the inbox in the
 * order they happened. Ones already stored are recognised there by id.
 */
export async function eventsSince(stripe: Stripe, reader: StripeReader, since: number): Promise<StripeEvent[]> {
  const events: StripeEvent[] = [];
  for await (const page of reader.pages((p) => stripe.events.list({ ...p, created: { gte: since } }))) {
    // The store can't hold a NUL character, which a customer's name may carry.
    events.push(...(page.objects as unknown as StripeEvent[]).map(withoutNul));
  }
  return events.reverse();
}
