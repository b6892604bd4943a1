import { Webhook } from 'standardwebhooks';

export type SignedHeaders = {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
};

/**
 * The Standard Webhooks headers for one attempt. The id is the alert's own, the same on every retry so a
 * receiver can drop a repeat; the timestamp is the attempt's, so a retry is not refused as stale.
 */
export function signedHeaders(secret: string, alertId: string, body: string, at: Date = new Date()): SignedHeaders {
  return {
    'webhook-id': alertId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(alertId, at, body),
  };
}
