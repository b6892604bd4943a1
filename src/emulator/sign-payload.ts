/** Stripe's webhook signature: `Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<payload>">`. */
import { createHmac } from 'node:crypto';

/**
 * The `Stripe-Signature` header value for `payload` (the exact bytes sent). The timestamp defaults to
 * the wall clock, not the emulator's: receivers reject signatures older than their tolerance (300 s).
 */
export function signPayload(payload: string, secret: string, timestamp: number = Math.floor(Date.now() / 1000)): string {
  const signature = createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${signature}`;
}
