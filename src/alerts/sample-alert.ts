import { randomUUID } from 'node:crypto';
import type { AlertBody } from './alert-body.ts';

/** What POST /api/alerts/test sends: a made-up movement of 10.00 USD, under an id of its own. */
export function sampleAlert(): { id: string; body: AlertBody } {
  const id = `test:${randomUUID()}`;
  const usd = { by_currency: [{ currency: 'usd', amount: 1000 }], reporting: { currency: 'usd', amount: 1000 } };
  return {
    id,
    body: {
      id,
      type: 'test',
      occurred_at: new Date().toISOString(),
      livemode: null,
      customer: { id: 'cus_test', name: 'Test customer', email: 'test@example.com' },
      subscription_id: null,
      mrr_change: usd,
      mrr: usd,
    },
  };
}
