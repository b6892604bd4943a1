import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

describe('alert variables', () => {
  test("none set: the dashboard's feed alone, private addresses refused", () => {
    const { alerts } = loadConfig({});
    assert.deepEqual(alerts.channels, [{ name: 'feed', target: { kind: 'feed' }, policy: { cooldownSeconds: 0, groupFrom: 0 } }]);
    assert.equal(alerts.allowPrivateNetwork, false);
    assert.equal(alerts.paymentFailedFromAttempt, 1, 'every failed payment alerts');
    assert.equal(alerts.stripPersonalData, false);
    assert.equal(alerts.dryRun, false);
  });

  test('personal data stripped, and a dry run', () => {
    const { alerts } = loadConfig({ ALERT_STRIP_PERSONAL_DATA: 'true', ALERTS_DRY_RUN: 'true' });
    assert.deepEqual([alerts.stripPersonalData, alerts.dryRun], [true, true]);
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

  test('e-mail over SMTP: the URL, the recipients and the sender together', () => {
    const { alerts } = loadConfig({ SMTP_URL: 'smtp://alerts:pa%24s@smtp.example.com:587', ALERT_EMAIL_TO: 'ops@example.com, finance@example.com', ALERT_EMAIL_FROM: 'revenue@example.com' });
    const [email] = alerts.channels;
    assert.equal(email?.name, 'email');
    assert.deepEqual(email?.target.kind === 'email' && [email.target.smtpUrl.host, email.target.to, email.target.from], ['smtp.example.com:587', ['ops@example.com', 'finance@example.com'], 'revenue@example.com']);
  });

  test('each wrong value is named, and the secret is never repeated', () => {
    const named = (variable: string) => (error: unknown) => error instanceof ConfigError && error.variable === variable && !error.message.includes('c2VjcmV0');
    assert.throws(() => loadConfig({ ALERT_WEBHOOK_URL: 'ftp://example.com', ALERT_WEBHOOK_SECRET: SECRET }), named('ALERT_WEBHOOK_URL'));
    assert.throws(() => loadConfig({ ALERT_WEBHOOK_URL: 'https://example.com' }), named('ALERT_WEBHOOK_URL'), 'the secret is required with the URL');
    assert.throws(() => loadConfig({ ALERT_WEBHOOK_URL: 'https://example.com', ALERT_WEBHOOK_SECRET: 'c2VjcmV0' }), named('ALERT_WEBHOOK_SECRET'));
    assert.throws(() => loadConfig({ ALERT_WEBHOOK_URL: 'https://example.com', ALERT_WEBHOOK_SECRET: 'whsec_c2Vj!cmV0' }), named('ALERT_WEBHOOK_SECRET'));
    assert.throws(() => loadConfig({ ALERT_ALLOW_PRIVATE_NETWORK: 'yes' }), named('ALERT_ALLOW_PRIVATE_NETWORK'));
    assert.throws(() => loadConfig({ ALERT_STRIP_PERSONAL_DATA: '1' }), named('ALERT_STRIP_PERSONAL_DATA'));
    assert.throws(() => loadConfig({ ALERTS_DRY_RUN: 'yes' }), named('ALERTS_DRY_RUN'));
    assert.throws(() => loadConfig({ SLACK_WEBHOOK_URL: 'hooks.slack.com/services/T1/B1/c2VjcmV0' }), named('SLACK_WEBHOOK_URL'));
    const mail = { SMTP_URL: 'smtp://u:c2VjcmV0@smtp.example.com', ALERT_EMAIL_TO: 'ops@example.com', ALERT_EMAIL_FROM: 'revenue@example.com' };
    assert.throws(() => loadConfig({ ...mail, SMTP_URL: 'https://u:c2VjcmV0@smtp.example.com' }), named('SMTP_URL'));
    assert.throws(() => loadConfig({ ...mail, ALERT_EMAIL_TO: 'ops@example.com, not an address' }), named('ALERT_EMAIL_TO'));
    assert.throws(() => loadConfig({ ...mail, ALERT_EMAIL_FROM: 'a@b.c\r\nBcc: x@y.z' }), named('ALERT_EMAIL_FROM'));
    assert.throws(() => loadConfig({ SMTP_URL: mail.SMTP_URL }), (error) => named('SMTP_URL')(error) && /set ALERT_EMAIL_TO and ALERT_EMAIL_FROM too/.test(String(error)));
    assert.throws(() => loadConfig({ ALERT_EMAIL_TO: mail.ALERT_EMAIL_TO }), (error) => named('ALERT_EMAIL_TO')(error) && /set SMTP_URL and ALERT_EMAIL_FROM too/.test(String(error)));
    for (const attempt of ['0', '-1', '1.5', '0x2', '101', 'first']) {
      assert.throws(() => loadConfig({ ALERT_PAYMENT_FAILED_FROM_ATTEMPT: attempt }), named('ALERT_PAYMENT_FAILED_FROM_ATTEMPT'), attempt);
    }
  });
});
