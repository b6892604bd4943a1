/**
 * The webhook intake baseline: a bare node:http server that reads the body, verifies its
 * Stripe-Signature with the SDK and answers 200 as the service does, storing nothing. Takes the secret
 * in STRIPE_WEBHOOK_SECRET, prints its URL.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';

const secret = process.env.STRIPE_WEBHOOK_SECRET ?? '';

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    try {
      const event = Stripe.webhooks.constructEvent(Buffer.concat(chunks), String(request.headers['stripe-signature']), secret, 300);
      response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      response.end(JSON.stringify({ received: true, id: event.id, type: event.type, duplicate: false }));
    } catch (error) {
      response.writeHead(400, { 'content-type': 'application/json; charset=utf-8' });
      response.end(JSON.stringify({ error: { code: 'bad_signature', message: (error as Error).message } }));
    }
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}\n`));
