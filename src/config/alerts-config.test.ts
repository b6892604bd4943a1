import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

describe('alert variables', () => {
  test("none set: the dashboard's feed alone, private addresses refused", () => {
    const { alerts } = loadConfig({});
    assert.deepEqual(alerts.channels, [{ name: 'feed', target: { kind: 'feed' } }]);
    assert.equal(alerts.allowPrivateNetwork, false);
    assert.equal(alerts.paymentFailedFromAttempt, 1, 'every failed payment alerts');
  });

  test('payment failures alert from the attempt named', () => {
    assert.equal(loadConfig({ ALERT_PAYMENT_FAILED_FROM_ATTEMPT: '2' }).alerts.paymentFailedFromAttempt, 2);
  });

  test('a webhook URL with its secret, and the private-network opt-in', () => {
    const { alerts } = loadConfig({ ALERT_WEBHOOK_URL: 'https://hooks.example.com/revenue', ALERT_WEBHOOK_SECRET: SECRET, ALERT_ALLOW_PRIVATE_NETWORK: 'true' });
    assert.deepEqual(alerts.channels.map((c) => c.name), ['webhook', 'feed']);
    const webhook = alerts.channels[0]!.target;
    assert.equal(webhook.kind === 'webhook' && webhook.url.href, 'https://hooks.example.com/revenue');
    assert.equal(webhook.kind === 'webhook' && webhook.secret, SECRET);
    assert.equal(alerts.allowPrivateNetwork, true);
  });

  test('a Slack webhook URL is a channel of its own, after the webhook', () => {
    const { alerts } = loadConfig({ ALERT_WEBHOOK_URL: 'https://hooks.example.com/revenue', ALERT_WEBHOOK_SECRET: SECRET, SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T1/B1/tok' });
    assert.deepEqual(alerts.channels.map((c) => [c.name, c.target.kind]), [['webhook', 'webhook'], ['slack', 'slack'], ['feed', 'feed']]);
  });

  test('each wrong value is named, and the secret is never repeated', () => {
    const named = (variable: string) => (error: unknown) => error instanceof ConfigError && error.variable === variable && !error.message.includes('c2VjcmV0');
    assert.throws(() => loadConfig({ ALERT_WEBHOOK_URL: 'ftp://example.com', ALERT_WEBHOOK_SECRET: SECRET }), named('ALERT_WEBHOOK_URL'));
    assert.throws(() => loadConfig({ ALERT_WEBHOOK_URL: 'https://example.com' }), named('ALERT_WEBHOOK_URL'), 'the secret is required with the URL');
    assert.throws(() => loadConfig({ ALERT_WEBHOOK_URL: 'https://example.com', ALERT_WEBHOOK_SECRET: 'c2VjcmV0' }), named('ALERT_WEBHOOK_SECRET'));
    assert.throws(() => loadConfig({ ALERT_WEBHOOK_URL: 'https://example.com', ALERT_WEBHOOK_SECRET: 'whsec_c2Vj!cmV0' }), named('ALERT_WEBHOOK_SECRET'));
    assert.throws(() => loadConfig({ ALERT_ALLOW_PRIVATE_NETWORK: 'yes' }), named('ALERT_ALLOW_PRIVATE_NETWORK'));
    assert.throws(() => loadConfig({ SLACK_WEBHOOK_URL: 'hooks.slack.com/services/T1/B1/c2VjcmV0' }), named('SLACK_WEBHOOK_URL'));
    for (const attempt of ['0', '-1', '1.5', '0x2', '101', 'first']) {
      assert.throws(() => loadConfig({ ALERT_PAYMENT_FAILED_FROM_ATTEMPT: attempt }), named('ALERT_PAYMENT_FAILED_FROM_ATTEMPT'), attempt);
    }
  });
});
