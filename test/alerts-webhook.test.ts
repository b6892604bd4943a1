// Issue 13: every MRR movement is POSTed to ALERT_WEBHOOK_URL, signed by the Standard Webhooks spec, at
// least once, from an outbox written with the change behind it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { generateAccount } from '../src/emulator/generate-account.ts';
import { EmulatorState } from '../src/emulator/index.ts';
import { ALERT_SECRET, alertEnv, newSubscriber, STRIPE_SECRET } from './support/alert-fixtures.ts';
import { receiverAndService } from './support/alert-receiver.ts';
import { pollUntil } from './support/poll.ts';
import { startServiceAgainst, startTestService, type ServiceUnderTest } from './support/service-under-test.ts';
import { postSigned } from './support/webhook-client.ts';

const store = process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite';
type Sut = Omit<ServiceUnderTest, 'emulator'>;

async function webhookDeliveries(sut: Sut): Promise<Array<{ id: string; status: string; attempts: number }>> {
  return sut.running.db.query("select alert_id as id, status, attempts from alert_deliveries where channel = 'webhook' order by alert_id");
}

describe(`alerts over a signed webhook (${store})`, () => {
  const state = new EmulatorState();
  const suite = receiverAndService((url) => startTestService(alertEnv(url)));

  test('a movement makes one alert with its body, signed; the same Stripe event again makes no second one', async () => {
    const { customer, subscription, events } = newSubscriber(state);
    for (const event of events) assert.equal((await postSigned(suite.sut.running.app, event, STRIPE_SECRET)).status, 200);
    await suite.sut.running.service.eventsSettled();
    await pollUntil(() => suite.receiver.accepted().length === 1, 'the alert delivered');
    for (const event of events) await postSigned(suite.sut.running.app, event, STRIPE_SECRET);
    await suite.sut.running.service.eventsSettled();

    const [delivered] = suite.receiver.accepted();
    const body = new Webhook(ALERT_SECRET).verify(delivered!.body, delivered!.headers as Record<string, string>) as Record<string, unknown>;
    const id = `movements:movement:${customer.id}:${subscription.start_date}:new`;
    assert.equal(delivered!.headers['webhook-id'], id);
    assert.deepEqual(body, {
      id,
      rule: 'movements',
      type: 'new',
      occurred_at: new Date(subscription.start_date * 1000).toISOString(),
      livemode: false,
      customer: { id: customer.id, name: 'Ada Lovelace', email: 'ada@example.com' },
      subscription_id: subscription.id,
      mrr_change: { by_currency: [{ currency: 'usd', amount: 2500 }], reporting: { currency: 'usd', amount: 2500 } },
      mrr: { by_currency: [{ currency: 'usd', amount: 2500 }], reporting: { currency: 'usd', amount: 2500 } },
    });
    assert.deepEqual(await webhookDeliveries(suite.sut), [{ id, status: 'delivered', attempts: 1 }]);
    assert.equal(suite.receiver.received.length, 1);
  });

  test('a receiver answering 500, 500, then 200 gets exactly one accepted delivery, under one webhook-id', async () => {
    suite.receiver.answer([500, 500]);
    const before = suite.receiver.received.length;
    for (const event of newSubscriber(state).events) await postSigned(suite.sut.running.app, event, STRIPE_SECRET);
    await pollUntil(() => suite.receiver.accepted().length === 2, 'the alert delivered on its third attempt');
    const attempts = suite.receiver.received.slice(before);
    assert.deepEqual(attempts.map((r) => r.status), [500, 500, 200]);
    assert.equal(new Set(attempts.map((r) => r.headers['webhook-id'])).size, 1);
    for (const attempt of attempts) new Webhook(ALERT_SECRET).verify(attempt.body, attempt.headers as Record<string, string>);
  });
});


describe(`the first sync of an account with history (${store})`, () => {
  const suite = receiverAndService((url) => {
      const now = Math.floor(Date.now() / 1000);
    return startServiceAgainst(generateAccount({ seed: 13, customers: 60, now }), { env: alertEnv(url) });
  });

  test('alerts on no movement older than a day, among the many it derives', async () => {
    await pollUntil(async () => (await suite.sut.get('/api/revenue')).body.as_of, 'the start-up sync');
    await suite.sut.running.service.derivationsSettled();
    const [movements] = await suite.sut.running.db.query<{ n: number }>('select count(*)::int as n from revenue_movements');
    assert.ok(movements!.n > 50, `${movements!.n} movements derived`);
    const alerts = await suite.sut.running.db.query<{ occurred: string }>("select body->>'occurred_at' as occurred from alert_outbox");
    const dayAgo = Date.now() - 86_400_000 - 60_000;
    assert.deepEqual(alerts.filter((a) => Date.parse(a.occurred) < dayAgo), []);
  });
});
