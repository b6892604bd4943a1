import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { signedHeaders } from './alert-signature.ts';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const BODY = JSON.stringify({ id: 'movement:cus_1:1767225600:churn', type: 'churn' });

describe('alert signatures (Standard Webhooks)', () => {
  test('verify with the standardwebhooks package, the id being the alert id', () => {
    const headers = signedHeaders(SECRET, 'movement:cus_1:1767225600:churn', BODY);
    assert.equal(headers['webhook-id'], 'movement:cus_1:1767225600:churn');
    assert.match(headers['webhook-signature'], /^v1,[A-Za-z0-9+/]+=*$/);
    assert.deepEqual(new Webhook(SECRET).verify(BODY, { ...headers }), JSON.parse(BODY));
  });

  test('a tampered body, another id, another secret or a stale timestamp fails', () => {
    const headers = { ...signedHeaders(SECRET, 'alert-1', BODY) };
    const verifier = new Webhook(SECRET);
    assert.throws(() => verifier.verify(BODY.replace('churn', 'new'), headers), /signature/i);
    assert.throws(() => verifier.verify(BODY, { ...headers, 'webhook-id': 'alert-2' }), /signature/i);
    assert.throws(() => new Webhook('whsec_c2VjcmV0LWtleS1vdGhlci10aGFuLXRoZS1maXJzdA==').verify(BODY, headers), /signature/i);
    const stale = { ...signedHeaders(SECRET, 'alert-1', BODY, new Date(Date.now() - 10 * 60_000)) };
    assert.throws(() => verifier.verify(BODY, stale), /timestamp/i);
  });
});
