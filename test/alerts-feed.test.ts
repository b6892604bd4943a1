// Issue 13: the dashboard's feed is a channel that is always on: an alert delivered there is listed by
// GET /api/alerts/feed and sent to the open event streams as an `alert` event.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { EmulatorState } from '../src/emulator/index.ts';
import { newSubscriber, STRIPE_SECRET } from './support/alert-fixtures.ts';
import { pollUntil } from './support/poll.ts';
import { readStreamEvents } from './support/revenue-stream.ts';
import { startTestService, type ServiceUnderTest } from './support/service-under-test.ts';
import { postSigned } from './support/webhook-client.ts';

const store = process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite';

describe(`the dashboard's feed of alerts (${store})`, () => {
  const state = new EmulatorState();
  let sut: Omit<ServiceUnderTest, 'emulator'>;
  before(async () => {
    sut = await startTestService({ STRIPE_WEBHOOK_SECRET: STRIPE_SECRET });
  });
  after(async () => sut?.stop());

  async function subscribe() {
    const subscriber = newSubscriber(state);
    for (const event of subscriber.events) assert.equal((await postSigned(sut.running.app, event, STRIPE_SECRET)).status, 200);
    return subscriber;
  }

  test('each alert is an `alert` event on the stream as it is delivered, and listed newest first, with its body', async () => {
    const response = await fetch(`${sut.url}/api/stream`);
    const stream = readStreamEvents<{ id: string; type: string; body: { customer: { id: string } } }>(response, 'alert');
    try {
      const first = await subscribe();
      const second = await subscribe();
      await pollUntil(() => stream.events.length === 2, 'two alert events');
      assert.deepEqual(stream.events.map((e) => [e.type, e.body.customer.id]).sort(), [['new', first.customer.id], ['new', second.customer.id]].sort());

      const { body } = await sut.get('/api/alerts/feed');
      assert.deepEqual(body.alerts.map((a: { body: { customer: { id: string } } }) => a.body.customer.id), [second.customer.id, first.customer.id]);
      const [newest] = body.alerts;
      assert.equal(newest.id, `movements:movement:${second.customer.id}:${second.subscription.start_date}:new`);
      assert.equal(newest.type, 'new');
      assert.ok(Date.parse(newest.created_at) > Date.now() - 60_000);
      assert.deepEqual(newest.body.mrr_change, { by_currency: [{ currency: 'usd', amount: 2500 }], reporting: { currency: 'usd', amount: 2500 } });
      assert.equal((await sut.get('/api/alerts/feed?limit=1')).body.alerts.length, 1);
      assert.equal((await sut.get('/api/alerts/feed?limit=0')).status, 400);
    } finally {
      await stream.close();
    }
  });
});
