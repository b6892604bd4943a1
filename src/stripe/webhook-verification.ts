import Stripe from 'stripe';
import type { StripeEvent } from '../metrics/stripe-shapes.ts';
import { readEventEnvelope } from './event-envelope.ts';

/** Stripe's own tolerance: a signature older than this is a replay. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export class WebhookRejection extends Error {
  constructor(
    readonly code: 'invalid_signature' | 'invalid_json' | 'invalid_event',
    message: string,
  ) {
    super(message);
    this.name = 'WebhookRejection';
  }
}

/** When the header says the body was signed; undefined when it names no time. */
function signedAt(header: string): number | undefined {
  const t = header.split(',').find((part) => part.trim().startsWith('t='));
  const seconds = t === undefined ? NaN : Number(t.trim().slice(2));
  return Number.isInteger(seconds) ? seconds : undefined;
}

/**
 * Verifies `Stripe-Signature` over the raw body the way Stripe defines it (t=…, v1=…, HMAC-SHA256 of
 * "t.body", timing-safe, 300 s tolerance) with the SDK, which only refuses old timestamps: one as far
 * in the future is refused here. During a rotation any configured secret may have signed it. Only a
 * verified body is parsed, and it must be a Stripe event the store can hold.
 */
export function verifyWebhook(rawBody: Buffer, signatureHeader: string | undefined, secrets: readonly string[], nowSeconds = Math.floor(Date.now() / 1000)): StripeEvent {
  if (!signatureHeader) throw new WebhookRejection('invalid_signature', 'missing Stripe-Signature header');
  for (const secret of secrets) {
    let parsed: unknown;
    try {
      parsed = Stripe.webhooks.constructEvent(rawBody, signatureHeader, secret, SIGNATURE_TOLERANCE_SECONDS);
    } catch (error) {
      if (error instanceof Stripe.errors.StripeSignatureVerificationError) continue;
      // The signature held (it is checked first), so what failed is parsing the body.
      throw new WebhookRejection('invalid_json', 'body is not valid JSON');
    }
    if ((signedAt(signatureHeader) ?? Infinity) > nowSeconds + SIGNATURE_TOLERANCE_SECONDS) {
      throw new WebhookRejection('invalid_signature', `signature timestamp is more than ${SIGNATURE_TOLERANCE_SECONDS} s in the future`);
    }
    const envelope = readEventEnvelope(parsed);
    if (!envelope.ok) throw new WebhookRejection('invalid_event', `body is not a Stripe event the service can store: ${envelope.reason}`);
    return envelope.event;
  }
  throw new WebhookRejection('invalid_signature', 'signature verification failed: wrong secret, tampered body or expired timestamp');
}
