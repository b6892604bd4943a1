// Issue 13: every alert goes to Slack too when SLACK_WEBHOOK_URL is set, as blocks with fallback text, with
// its own deliveries: a Slack that fails holds up no other channel.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import { slackChannel } from '../src/alerts/slack-channel.ts';
import { EmulatorState } from '../src/emulator/index.ts';
import { ALERT_BODIES } from './support/alert-bodies.ts';
import { alertEnv, newSubscriber, STRIPE_SECRET } from './support/alert-fixtures.ts';
import { receiverAndService } from './support/alert-receiver.ts';
import { pollUntil } from './support/poll.ts';
import { startTestService } from './support/service-under-test.ts';
import { postSigned } from './support/webhook-client.ts';

const store = process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite';

describe(`alerts to Slack (${store})`, () => {
  const state = new EmulatorState();
  // The same loopback receiver plays the webhook's receiver and Slack: told apart by their paths.
  const suite = receiverAndService((url) => startTestService({ ...alertEnv(url), SLACK_WEBHOOK_URL: url.replace('/hooks/revenue', '/services/T1/B1/token') }));

  test('a movement is one Slack message of blocks with fallback text; the webhook gets its own, signed', async () => {
    const { customer, events } = newSubscriber(state);
    for (const event of events) assert.equal((await postSigned(suite.sut.running.app, event, STRIPE_SECRET)).status, 200);
    const slack = await pollUntil(() => suite.receiver.accepted().find((r) => !r.headers['webhook-id']), 'the Slack message');
    const message = JSON.parse(slack.body);
    assert.equal(message.text, 'New customer: Ada Lovelace, +$25.00 MRR');
    assert.deepEqual(message.blocks[0], { type: 'header', text: { type: 'plain_text', text: 'New customer: +$25.00 MRR', emoji: false } });
    assert.equal(message.blocks[1].fields[0].text, `*Customer*\nAda Lovelace &lt;ada@example.com&gt; (${customer.id})`);
    await pollUntil(() => suite.receiver.accepted().some((r) => r.headers['webhook-id']), 'the webhook alert');
    assert.equal(suite.receiver.accepted().length, 2);
  });

  test('POST /api/alerts/test {"channel":"slack"} sends through Slack alone, and says so', async () => {
    const before = suite.receiver.received.length;
    const { body } = await suite.sut.post('/api/alerts/test', { channel: 'slack' });
    assert.deepEqual(body, { channels: [{ channel: 'slack', delivered: true, status: 200 }] });
    assert.equal(suite.receiver.received.length, before + 1);
    assert.match(JSON.parse(suite.receiver.received.at(-1)!.body).text, /^Test alert: Test customer, \+\$10\.00 MRR$/);
    assert.doesNotMatch(JSON.stringify(await suite.sut.get('/api/alerts/dead')), /token|127\.0\.0\.1/, 'no URL is shown');
  });
});

describe("Slack's answers", () => {
  test("429 with Retry-After and Slack's word for it; 410 disables; a private address is refused without the opt-in", async () => {
    const answers: Array<[number, Record<string, string>, string]> = [
      [429, { 'retry-after': '7' }, 'rate_limited'],
      [410, {}, 'channel_is_archived'],
    ];
    const server = createServer((request, response) => {
      request.resume();
      const [status, headers, text] = answers.shift()!;
      response.writeHead(status, headers).end(text);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/services/T1/B1/token`);
      const slack = slackChannel('slack', { url, allowPrivateNetwork: true, timeoutMs: 2_000 });
      assert.deepEqual(await slack.send(ALERT_BODIES.churn, 'a'), {
        kind: 'failed',
        reason: 'the receiver answered 429 (rate_limited)',
        status: 429,
        retryAfterMs: 7_000,
        final: false,
      });
      assert.deepEqual(await slack.send(ALERT_BODIES.churn, 'a'), { kind: 'gone', status: 410 });
      const refused = await slackChannel('slack', { url, allowPrivateNetwork: false, timeoutMs: 2_000 }).send(ALERT_BODIES.churn, 'a');
      assert.equal(refused.kind === 'failed' && refused.final, true);
      assert.match(refused.kind === 'failed' ? refused.reason : '', /127\.0\.0\.1, a private, loopback or link-local address; set ALERT_ALLOW_PRIVATE_NETWORK=true/);
      assert.doesNotMatch(refused.kind === 'failed' ? refused.reason : '', /token/);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
