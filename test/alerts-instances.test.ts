// Issue 13: with several instances on one PostgreSQL store, each alert is sent once — claimed in the
// database by one sender — whichever instance derived it, and a digest or a threshold crossing is written once.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { EmulatorState } from '../src/emulator/index.ts';
import { alertEnv, newSubscriber, STRIPE_SECRET } from './support/alert-fixtures.ts';
import { alertReceiver, type AlertReceiver } from './support/alert-receiver.ts';
import { pollUntil } from './support/poll.ts';
import { startTestService, type ServiceUnderTest } from './support/service-under-test.ts';
import { TEST_DATABASE_URL, uniqueSchema } from './support/test-database.ts';
import { postSigned } from './support/webhook-client.ts';

type Sut = Omit<ServiceUnderTest, 'emulator'>;

describe('alerts from two instances on one PostgreSQL schema', { skip: TEST_DATABASE_URL === undefined && 'PostgreSQL only (TEST_DATABASE_URL)' }, () => {
  const state = new EmulatorState();
  const schema = uniqueSchema('alerts2');
  let receiver: AlertReceiver;
  let a: Sut;
  let b: Sut;

  before(async () => {
    receiver = await alertReceiver();
    const file = join(mkdtempSync(join(tmpdir(), 'alerts-')), 'alerts.yaml');
    writeFileSync(file, 'rules:\n  - { name: movements, channels: [webhook], movement: {} }\n  - { name: milestone, channels: [webhook], metric: { mrr_crosses: 500 } }\n');
    a = await startTestService({ ...alertEnv(receiver.url), ALERTS_FILE: file }, schema);
    b = await startTestService({ ...alertEnv(receiver.url), ALERTS_FILE: file }, schema);
    await Promise.all([a.running.alertClock!.tick(), b.running.alertClock!.tick()]);
  });
  after(async () => {
    await b?.running.stop();
    await a?.stop();
    await receiver?.close();
  });

  test('40 movements sent to either instance reach the receiver once each, and the threshold they cross alerts once', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) {
      const { customer, subscription, events } = newSubscriber(state);
      ids.push(`movements:movement:${customer.id}:${subscription.start_date}:new`);
      for (const event of events) assert.equal((await postSigned((i % 2 === 0 ? a : b).running.app, event, STRIPE_SECRET)).status, 200);
    }
    // A claimed alert is sent before it is marked delivered: once all are marked, every send has been made.
    const undelivered = async () => (await a.running.db.query<{ n: number }>("select count(*)::int as n from alert_deliveries where status <> 'delivered'"))[0]!.n;
    await pollUntil(async () => receiver.accepted().length >= ids.length && (await undelivered()) === 0, 'every alert delivered', 30_000);
    const delivered = receiver.accepted().map((r) => String(r.headers['webhook-id']));
    assert.deepEqual([...delivered].sort(), [...ids].sort(), 'each once');

    // 40 × 25.00 = 1,000.00 of MRR: past 500.00. Both instances read the rule at once; one alert is written.
    await pollUntil(async () => (await a.get('/api/revenue')).body.mrr === 1000 && (await b.get('/api/revenue')).body.mrr === 1000, 'both see the MRR');
    await Promise.all([a.running.alertClock!.tick(), b.running.alertClock!.tick()]);
    await Promise.all([a.running.alertClock!.tick(), b.running.alertClock!.tick()]);
    await pollUntil(async () => (await undelivered()) === 0 && receiver.accepted().length > ids.length, 'the crossing delivered');
    const crossings = receiver.accepted().filter((r) => String(r.headers['webhook-id']).startsWith('milestone:mrr_threshold:50000:up:'));
    assert.equal(crossings.length, 1);
  });
});
