import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Stripe from 'stripe';
import { verifyWebhook, WebhookRejection } from './webhook-verification.ts';

const SECRET = 'whsec_unit';
const NOW = 1_800_000_000;
const body = JSON.stringify({ id: 'evt_1', object: 'event', type: 'ping', created: NOW, data: { object: { id: 'x' } } });
const signedAt = (timestamp: number) => Stripe.webhooks.generateTestHeaderString({ payload: body, secret: SECRET, timestamp });
const refusal = (code: string) => (error: unknown) => error instanceof WebhookRejection && error.code === code;

describe('verifyWebhook', () => {
  it('accepts a signature up to the tolerance away, either way', () => {
    assert.equal(verifyWebhook(Buffer.from(body), signedAt(NOW - 299), [SECRET], NOW).id, 'evt_1');
    assert.equal(verifyWebhook(Buffer.from(body), signedAt(NOW + 299), [SECRET], NOW).id, 'evt_1');
  });

  it('refuses a signature dated more than the tolerance in the future, as a replay-in-waiting', () => {
    assert.throws(() => verifyWebhook(Buffer.from(body), signedAt(NOW + 3600), [SECRET], NOW), refusal('invalid_signature'));
    assert.throws(() => verifyWebhook(Buffer.from(body), signedAt(NOW + 301), [SECRET], NOW), refusal('invalid_signature'));
  });

  it('refuses one older than the tolerance', () => {
    assert.throws(() => verifyWebhook(Buffer.from(body), signedAt(NOW - 301), [SECRET], NOW), refusal('invalid_signature'));
  });

  it('an empty v1, on which the SDK throws a plain Error, is a bad signature, not a bad body', () => {
    assert.throws(() => verifyWebhook(Buffer.from(body), `t=${NOW},v1=`, [SECRET], NOW), refusal('invalid_signature'));
  });
});
