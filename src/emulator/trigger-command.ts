import Stripe from 'stripe';
import { loadConfigOrExit } from '../config/load-config-or-exit.ts';
import { sampleEvent } from './sample-event.ts';

/**
 * Sends a correctly signed sample event to a running service, like `stripe trigger`: the seed's unsigned
 * curl example, made real. Signed with the first secret of STRIPE_WEBHOOK_SECRET.
 */
export async function trigger(type: string, options: { url?: string }): Promise<number> {
  const config = loadConfigOrExit();
  const secret = config.stripe.webhookSecrets[0];
  if (secret === undefined) {
    process.stderr.write('revenue-agent: set STRIPE_WEBHOOK_SECRET to the secret the service verifies with\n');
    return 2;
  }
  let event;
  try {
    event = sampleEvent(type);
  } catch (error) {
    process.stderr.write(`revenue-agent: ${(error as Error).message}\n`);
    return 2;
  }
  const url = options.url ?? `http://${config.http.host}:${config.http.port}/webhooks/stripe`;
  const payload = JSON.stringify(event);
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload, secret }),
    },
    body: payload,
  });
  const answer = await response.text();
  process.stdout.write(`${type} ${event.id} → ${response.status} ${answer}\n`);
  return response.ok ? 0 : 1;
}
