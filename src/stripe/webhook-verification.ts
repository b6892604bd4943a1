import Stripe from 'stripe';
import type { StripeEvent } from '../metrics/stripe-shapes.ts';

/** Stripe's own tolerance: a signature older than this is a replay. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export class WebhookRejection extends Error {
  constructor(
    readonly code: 'invalid_signature' | 'invalid_json',
    message: string,
  ) {
    super(message);
    this.name = 'WebhookRejection';
  }
}

/**
 * Verifies `Stripe-Signature` over the raw body the way Stripe defines it (t=…, v1=…, HMAC-SHA256 of
 * "t.body", timing-safe, 300 s tolerance) with the SDK. During a rotation any configured secret may
 * have signed it. Only a verified body is parsed.
 */
export function verifyWebhook(rawBody: Buffer, signatureHeader: string | undefined, secrets: readonly string[]): StripeEvent {
  if (!signatureHeader) throw new WebhookRejection('invalid_signature', 'missing Stripe-Signature header');
  for (const secret of secrets) {
    let event: unknown;
    try {
      event = Stripe.webhooks.constructEvent(rawBody, signatureHeader, secret, SIGNATURE_TOLERANCE_SECONDS);
    } catch (error) {
      if (error instanceof Stripe.errors.StripeSignatureVerificationError) continue;
      // The signature held (it is checked first), so what failed is parsing the body.
      throw new WebhookRejection('invalid_json', 'body is not valid JSON');
    }
    if (!isEvent(event)) throw new WebhookRejection('invalid_json', 'body is not a Stripe event (needs id, type, created and data.object)');
    return event;
  }
  throw new WebhookRejection('invalid_signature', 'signature verification failed: wrong secret, tampered body or expired timestamp');
}

function isEvent(value: unknown): value is StripeEvent {
  const e = value as Partial<StripeEvent> | null;
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof e.id === 'string' &&
    typeof e.type === 'string' &&
    typeof e.created === 'number' &&
    typeof e.data === 'object' &&
    e.data !== null &&
    typeof e.data.object === 'object' &&
    e.data.object !== null
  );
}
