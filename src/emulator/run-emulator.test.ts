import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import Stripe from 'stripe';
import { runEmulator } from './run-emulator.ts';
import { TEST_KEY } from './test-support.ts';

test('runEmulator serves a generated account and posts live events to the webhook', async () => {
  const secret = 'whsec_run_emulator';
  const verified: string[] = [];
  const receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      verified.push(Stripe.webhooks.constructEvent(body, String(request.headers['stripe-signature']), secret).type);
      response.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const webhookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/`;
  const running = await runEmulator({ port: 0, secretKey: TEST_KEY, customers: 30, live: { intervalMs: 20, webhookUrl, webhookSecret: secret } });
  try {
    const { port } = new URL(running.url);
    const stripe = new Stripe(TEST_KEY, { host: '127.0.0.1', port: Number(port), protocol: 'http' });
    assert.ok((await stripe.customers.list({ limit: 5 })).data.length > 0);
    const deadline = Date.now() + 10_000;
    while (verified.length < 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.ok(verified.length >= 3, `webhooks verified: ${verified.length}`);
  } finally {
    await running.stop();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  }
});
