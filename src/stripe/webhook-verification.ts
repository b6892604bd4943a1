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

/** When the header says the body was signed, the latest if it says so twice; undefined when it names no time. */
function signedAt(header: string): number | undefined {
  const times = header
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.startsWith('t='))
    .map((part) => Number(part.slice(2)));
  return times.length > 0 && times.every(Number.isInteger) ? Math.max(...times) : undefined;
}

/**
 * Verifies `Stripe-Signature` over the raw body the way Stripe defines it (t=…, v1=…, HMAC-SHA256 of
 * "t.body", timing-safe, 300 s tolerance) with the SDK, which only refuses old timestamps: one as far
 * in the future is refused here. During a rotation any configured secret may have signed it. Only a
 * verified body is parsed, and it must be a Stripe event the store can hold.
 */
export function verifyWebhook(rawBody: Buffer, signatureHeader: string | undefined, secrets: readonly string[], nowSeconds = Math.floor(Date.now() / 1000)): StripeEvent {
  if (!signatureHeader) throw new WebhookRejection('invalid_signature', 'missing Stripe-Signature header');
  if (!secrets.some((secret) => signedWith(rawBody, signatureHeader, secret, nowSeconds))) {
    throw new WebhookRejection('invalid_signature', 'signature verification failed: wrong secret, tampered body or expired timestamp');
  }
  if ((signedAt(signatureHeader) ?? Infinity) > nowSeconds + SIGNATURE_TOLERANCE_SECONDS) {
    throw new WebhookRejection('invalid_signature', `signature timestamp is more than ${SIGNATURE_TOLERANCE_SECONDS} s in the future`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw new WebhookRejection('invalid_json', 'body is not valid JSON');
  }
  const envelope = readEventEnvelope(parsed);
  if (!envelope.ok) throw new WebhookRejection('invalid_event', `body is not a Stripe event the service can store: ${envelope.reason}`);
  return envelope.event;
}

/**
 * Whether this secret signed the body. Any failure of the SDK's check is a refusal: it throws a plain
 * Error, not a signature error, for a header such as `t=0,v1=`.
 */
function signedWith(rawBody: Buffer, header: string, secret: string, nowSeconds: number): boolean {
  try {
    return Stripe.webhooks.signature?.verifyHeader(rawBody, header, secret, SIGNATURE_TOLERANCE_SECONDS, undefined, nowSeconds * 1000) === true;
  } catch {
    return false;
  }
}
