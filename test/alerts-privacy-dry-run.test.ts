// Issue 13: ALERT_STRIP_PERSONAL_DATA leaves customers' names and e-mail addresses out of every channel;
// ALERTS_DRY_RUN sends nothing, logs what would have gone, and counts it delivered.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { EmulatorState } from '../src/emulator/index.ts';
import { createLogger } from '../src/logging/logger.ts';
import { ALERT_SECRET, alertEnv, newSubscriber, STRIPE_SECRET } from './support/alert-fixtures.ts';
import { receiverAndService } from './support/alert-receiver.ts';
import { pollUntil } from './support/poll.ts';
import { startTestService, type ServiceUnderTest } from './support/service-under-test.ts';
import { postSigned } from './support/webhook-client.ts';

const store = process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite';
type Sut = Omit<ServiceUnderTest, 'emulator'>;

async function subscribe(sut: Sut, state: EmulatorState) {
  const subscriber = newSubscriber(state);
  for (const event of subscriber.events) assert.equal((await postSigned(sut.running.app, event, STRIPE_SECRET)).status, 200);
  return subscriber;
}

const slackUrl = (url: string) => url.replace('/hooks/revenue', '/services/T1/B1/slacktoken');

describe(`ALERT_STRIP_PERSONAL_DATA=true (${store})`, () => {
  const state = new EmulatorState();
  const suite = receiverAndService((url) => startTestService({ ...alertEnv(url), SLACK_WEBHOOK_URL: slackUrl(url), ALERT_STRIP_PERSONAL_DATA: 'true' }));

  test("no channel gets the customer's name or e-mail; their id stays", async () => {
    const { customer } = await subscribe(suite.sut, state);
    await pollUntil(() => suite.receiver.accepted().length === 2, 'the webhook and Slack alerts');
    const webhook = suite.receiver.accepted().find((r) => r.headers['webhook-id'])!;
    const body = new Webhook(ALERT_SECRET).verify(webhook.body, webhook.headers as Record<string, string>) as { customer: unknown };
    assert.deepEqual(body.customer, { id: customer.id, name: null, email: null });
    const slack = suite.receiver.accepted().find((r) => !r.headers['webhook-id'])!;
    assert.equal(JSON.parse(slack.body).text, `New customer: ${customer.id}, +$25.00 MRR`);
    const feed = await pollUntil(async () => (await suite.sut.get('/api/alerts/feed')).body.alerts[0], 'the alert in the feed');
    assert.deepEqual(feed.body.customer, { id: customer.id, name: null, email: null });
    for (const text of [webhook.body, slack.body, JSON.stringify(feed)]) assert.doesNotMatch(text, /Ada|Lovelace|ada@example\.com/);
  });
});

describe(`ALERTS_DRY_RUN=true (${store})`, () => {
  const state = new EmulatorState();
  const logs = new PassThrough();
  let logged = '';
  logs.on('data', (chunk: Buffer) => (logged += chunk.toString('utf8')));
  const lines = () => logged.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line));
  const suite = receiverAndService((url) => startTestService({ ...alertEnv(url), SLACK_WEBHOOK_URL: slackUrl(url), ALERTS_DRY_RUN: 'true' }, undefined, createLogger('info', logs)));

  test('nothing is sent; each delivery is logged with its channel, alert, type and body, and marked delivered as a dry run', async () => {
    const { customer } = await subscribe(suite.sut, state);
    const deliveries = () =>
      suite.sut.running.db.query<{ channel: string; status: string; last_error: string | null }>('select channel, status, last_error from alert_deliveries order by channel');
    await pollUntil(async () => (await deliveries()).filter((d) => d.status === 'delivered').length === 3, 'every delivery settled');
    assert.deepEqual(await deliveries(), [
      { channel: 'feed', status: 'delivered', last_error: null },
      { channel: 'slack', status: 'delivered', last_error: 'dry run' },
      { channel: 'webhook', status: 'delivered', last_error: 'dry run' },
    ]);
    assert.equal(suite.receiver.received.length, 0);
    const dry = lines().filter((line) => line.msg.startsWith('alert not sent: dry run'));
    assert.deepEqual(dry.map((line) => line.channel).sort(), ['slack', 'webhook']);
    for (const line of dry) {
      assert.equal(line.type, 'new');
      assert.match(line.alert, new RegExp(`^movements:movement:${customer.id}:`));
      assert.equal(line.body.customer.id, customer.id);
    }
    assert.doesNotMatch(logged, /slacktoken|hooks\/revenue|whsec_/, 'no URL or secret is logged');

    const { body } = await suite.sut.post('/api/alerts/test');
    assert.deepEqual(body.channels, [
      { channel: 'webhook', delivered: true, status: null, note: 'dry run' },
      { channel: 'slack', delivered: true, status: null, note: 'dry run' },
      { channel: 'feed', delivered: true, status: null },
    ]);
    assert.equal(suite.receiver.received.length, 0);
  });
});
