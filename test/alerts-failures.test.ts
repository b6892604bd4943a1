// Issue 13: what happens to alerts a receiver refuses, a 410 Gone, a destination on a private network,
// and the API that shows and replays them.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { EmulatorState } from '../src/emulator/index.ts';
import { alertEnv, newSubscriber, STRIPE_SECRET } from './support/alert-fixtures.ts';
import { receiverAndService } from './support/alert-receiver.ts';
import { pollUntil } from './support/poll.ts';
import { startTestService, type ServiceUnderTest } from './support/service-under-test.ts';
import { postSigned } from './support/webhook-client.ts';

const store = process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite';
type Sut = Omit<ServiceUnderTest, 'emulator'>;

async function subscribe(sut: Sut, state: EmulatorState): Promise<void> {
  for (const event of newSubscriber(state).events) assert.equal((await postSigned(sut.running.app, event, STRIPE_SECRET)).status, 200);
  await sut.running.service.eventsSettled();
}

const statuses = async (sut: Sut, channel = 'webhook') =>
  (await sut.running.db.query<{ status: string }>('select status from alert_deliveries where channel = $1 order by created_at, alert_id', [channel])).map((r) => r.status);
const channelState = async (sut: Sut, name: string) => (await sut.get('/api/alerts/dead')).body.channels.find((c: { name: string }) => c.name === name);

describe(`alerts a receiver refuses (${store})`, () => {
  const state = new EmulatorState();
  const suite = receiverAndService((url) => startTestService(alertEnv(url)));

  test('given up after the last attempt: listed as dead with its reason, and replayed on request', async () => {
    suite.receiver.answer([500, 500, 500]);
    await subscribe(suite.sut, state);
    const dead = await pollUntil(async () => (await suite.sut.get('/api/alerts/dead')).body.alerts[0], 'the alert given up');
    assert.equal(dead.type, 'new');
    assert.equal(dead.channel, 'webhook');
    assert.equal(dead.attempts, 3);
    assert.equal(dead.reason, 'the receiver answered 500; given up after 3 attempts');
    assert.equal(suite.receiver.received.length, 3);

    assert.deepEqual((await suite.sut.post(`/api/alerts/dead/${encodeURIComponent(dead.id)}/retry`)).body, { retried: [dead.id], channels: ['webhook'] });
    await pollUntil(() => suite.receiver.accepted().length === 1, 'the replayed alert delivered');
    assert.equal(suite.receiver.accepted()[0]!.headers['webhook-id'], dead.id);
    assert.deepEqual((await suite.sut.get('/api/alerts/dead')).body.alerts, []);
    assert.equal((await suite.sut.post('/api/alerts/dead/movement:nope/retry')).status, 404);
  });

  test('410 Gone disables the endpoint (said by the API); a test alert that gets through enables it again', async () => {
    suite.receiver.answer([410]);
    await subscribe(suite.sut, state);
    const endpoint = await pollUntil(async () => {
      const webhook = await channelState(suite.sut, 'webhook');
      return webhook.disabled && webhook;
    }, 'the endpoint disabled');
    assert.match(endpoint.reason, /410 Gone/);
    const sent = suite.receiver.received.length;
    await subscribe(suite.sut, state);
    assert.deepEqual((await statuses(suite.sut)).slice(-2), ['pending', 'pending']);
    assert.equal(suite.receiver.received.length, sent, 'nothing is sent to a disabled endpoint');

    await pollUntil(async () => (await statuses(suite.sut, 'feed')).join() === 'delivered,delivered,delivered', 'the other channels going on');

    const test = await suite.sut.post('/api/alerts/test', { channel: 'webhook' });
    assert.deepEqual(test.body, { channels: [{ channel: 'webhook', delivered: true, status: 200 }] });
    await pollUntil(async () => (await statuses(suite.sut)).every((s) => s === 'delivered'), 'the waiting alerts delivered');
    assert.deepEqual(await channelState(suite.sut, 'webhook'), { name: 'webhook', kind: 'webhook', disabled: false });
    assert.equal(JSON.parse(suite.receiver.received[sent]!.body).type, 'test');
  });
});

describe(`a webhook URL on a private address (${store})`, () => {
  const state = new EmulatorState();
  const suite = receiverAndService((url) => startTestService(alertEnv(url, { allowPrivateNetwork: false })));

  test('is refused without ALERT_ALLOW_PRIVATE_NETWORK: the alert is dead at once with the reason, nothing is sent', async () => {
    await subscribe(suite.sut, state);
    const dead = await pollUntil(async () => (await suite.sut.get('/api/alerts/dead')).body.alerts[0], 'the alert refused');
    assert.equal(dead.attempts, 1);
    assert.match(dead.reason, /127\.0\.0\.1 resolves to 127\.0\.0\.1, a private, loopback or link-local address; set ALERT_ALLOW_PRIVATE_NETWORK=true/);
    const [webhook, feed] = (await suite.sut.post('/api/alerts/test')).body.channels;
    assert.equal(webhook.channel, 'webhook');
    assert.equal(webhook.delivered, false);
    assert.match(webhook.reason, /ALERT_ALLOW_PRIVATE_NETWORK/);
    assert.deepEqual(feed, { channel: 'feed', delivered: true, status: null });
    assert.equal(suite.receiver.received.length, 0);
  });
});

describe(`no alert channel configured (${store})`, () => {
  const state = new EmulatorState();
  let sut: Sut;
  before(async () => {
    sut = await startTestService({ STRIPE_WEBHOOK_SECRET: STRIPE_SECRET });
  });
  after(async () => sut.stop());

  test("movements go to the dashboard's feed alone; the API names that channel, and no other", async () => {
    await subscribe(sut, state);
    await pollUntil(async () => (await statuses(sut, 'feed')).join() === 'delivered', 'the alert in the feed');
    assert.deepEqual(await statuses(sut), [], 'no webhook delivery');
    assert.deepEqual((await sut.get('/api/alerts/dead')).body, { channels: [{ name: 'feed', kind: 'feed', disabled: false }], alerts: [] });
    const slack = await sut.post('/api/alerts/test', { channel: 'slack' });
    assert.equal(slack.status, 404);
    assert.match(slack.body.error.message, /no alert channel named "slack"; there are feed/);
    assert.equal((await sut.post('/api/alerts/dead/movement:nope/retry?channel=webhook')).status, 404);
  });
});
