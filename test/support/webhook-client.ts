import type { FastifyInstance } from 'fastify';
import Stripe from 'stripe';

/** Posts a body to the webhook route signed exactly as Stripe signs it (the SDK's own test header). */
export async function postSigned(
  app: FastifyInstance,
  payload: string | object,
  secret: string,
  options: { timestamp?: number; header?: string } = {},
): Promise<{ status: number; body: any }> {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const header =
    options.header ??
    Stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp: options.timestamp ?? Math.floor(Date.now() / 1000) });
  const response = await app.inject({
    method: 'POST',
    url: '/webhooks/stripe',
    headers: { 'content-type': 'application/json', 'stripe-signature': header },
    body,
  });
  return { status: response.statusCode, body: response.json() };
}

/** Posts an event to a running service's webhook route, signed as Stripe signs it; resolves to the status. */
export async function postSignedTo(serviceUrl: string, event: object, secret: string): Promise<number> {
  const body = JSON.stringify(event);
  const header = Stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp: Math.floor(Date.now() / 1000) });
  const response = await fetch(`${serviceUrl}/webhooks/stripe`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'stripe-signature': header },
    body,
  });
  await response.arrayBuffer();
  return response.status;
}
