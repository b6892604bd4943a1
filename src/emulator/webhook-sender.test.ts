import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import Stripe from 'stripe';
import { AccountBuilder } from './account-builder.ts';
import { signPayload } from './sign-payload.ts';
import { T0 } from './test-support.ts';
import { WebhookSender } from './webhook-sender.ts';

const SECRET = 'whsec_test_emulator';
const received: Array<{ body: string; signature: string }> = [];
/** Status codes to answer with, in order; 200 once they run out. */
const answers: number[] = [];
let server: Server;
let url: string;

const readBody = async (request: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

before(async () => {
  server = createServer(async (request, response) => {
    received.push({ body: await readBody(request), signature: String(request.headers['stripe-signature']) });
    response.statusCode = answers.shift() ?? 200;
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

function events(count: number) {
  const b = new AccountBuilder({ now: () => T0 });
  return Array.from({ length: count }, () => b.state.recordEvent('customer.created', b.customer()));
}

test('signPayload builds the header the Stripe SDK verifies', () => {
  const payload = JSON.stringify({ id: 'evt_1', object: 'event' });
  const event = Stripe.webhooks.constructEvent(payload, signPayload(payload, SECRET), SECRET);
  assert.equal(event.id, 'evt_1');
  assert.throws(() => Stripe.webhooks.constructEvent(payload, signPayload(payload, 'whsec_other'), SECRET));
  assert.match(signPayload(payload, SECRET, 1_700_000_000), /^t=1700000000,v1=[0-9a-f]{64}$/);
});

test('events arrive in order, signed so that constructEvent accepts them', async () => {
  received.length = 0;
  const sent = events(3);
  const sender = new WebhookSender({ url, secret: SECRET });
  for (const event of sent) sender.send(event);
  await sender.idle();
  assert.deepEqual(received.map((r) => Stripe.webhooks.constructEvent(r.body, r.signature, SECRET).id), sent.map((e) => e.id));
  assert.deepEqual(sender.stats, { delivered: 3, failed: 0, pending: 0, failedAttempts: 0 });
});

test('a 500 is retried with backoff, and later events wait their turn', async () => {
  received.length = 0;
  answers.push(500, 503);
  const sent = events(2);
  const sender = new WebhookSender({ url, secret: SECRET, baseDelayMs: 5 });
  for (const event of sent) sender.send(event);
  await sender.idle();
  const ids = received.map((r) => (JSON.parse(r.body) as { id: string }).id);
  assert.deepEqual(ids, [sent[0]?.id, sent[0]?.id, sent[0]?.id, sent[1]?.id]);
  assert.deepEqual(sender.stats, { delivered: 2, failed: 0, pending: 0, failedAttempts: 2 });
});

test('an unreachable endpoint is given up on after maxAttempts, without throwing', async () => {
  const sender = new WebhookSender({ url: 'http://127.0.0.1:1/nothing', secret: SECRET, baseDelayMs: 1, maxAttempts: 3 });
  for (const event of events(2)) sender.send(event);
  await sender.idle();
  assert.deepEqual(sender.stats, { delivered: 0, failed: 2, pending: 0, failedAttempts: 6 });
});
