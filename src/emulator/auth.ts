/**
 * Stripe's API-key check. The 401 body shows only the key's prefix and last four characters, as
 * Stripe does, so a key never lands whole in a test log.
 */
import { timingSafeEqual } from 'node:crypto';
import { StripeApiError } from './errors.ts';

const KEY_PREFIX = /^(sk|rk|pk)_(test|live)_/;
const VISIBLE_TAIL = 4;
const MIN_HIDDEN = 8;

export function maskKey(key: string): string {
  const prefix = KEY_PREFIX.exec(key)?.[0] ?? '';
  const rest = key.slice(prefix.length);
  const tail = rest.length >= MIN_HIDDEN + VISIBLE_TAIL ? rest.slice(-VISIBLE_TAIL) : '';
  return `${prefix}****${tail}`;
}

/** Bearer is what the SDK sends; Basic (`curl -u sk_test_…:`) is what Stripe's docs show. */
function presentedKey(authorization: string | undefined): string | null {
  if (!authorization) return null;
  const [scheme, value = ''] = authorization.split(/\s+/, 2);
  if (scheme?.toLowerCase() === 'bearer') return value;
  if (scheme?.toLowerCase() === 'basic') return Buffer.from(value, 'base64').toString('utf8').split(':')[0] ?? '';
  return null;
}

function sameKey(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export function checkApiKey(authorization: string | undefined, secretKey: string): StripeApiError | null {
  const key = presentedKey(authorization);
  if (key === null || key === '') {
    return new StripeApiError(401, {
      error: {
        type: 'invalid_request_error',
        message:
          "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
      },
    });
  }
  if (sameKey(key, secretKey)) return null;
  return new StripeApiError(401, {
    error: { type: 'invalid_request_error', message: `Invalid API Key provided: ${maskKey(key)}` },
  });
}
