// Issue 13: an alert committed with its change but not yet delivered survives kill -9: the outbox row
// stays, and the service sends it after the restart.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { EmulatorState } from '../src/emulator/index.ts';
import { ALERT_SECRET, alertEnv, newSubscriber, STRIPE_SECRET } from './support/alert-fixtures.ts';
import { alertReceiver, type AlertReceiver } from './support/alert-receiver.ts';
import { startServeProcess, stopProcess } from './support/cli-process.ts';
import { pollUntil } from './support/poll.ts';
import { privateStore, type PrivateStore } from './support/private-store.ts';
import { TEST_DATABASE_URL } from './support/test-database.ts';
import { postSignedTo } from './support/webhook-client.ts';

const store = TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite';

describe(`an alert not yet delivered when the process is killed (${store})`, () => {
  let storage: PrivateStore;
  let receiver: AlertReceiver | undefined;
  before(async () => {
    storage = await privateStore('alerts_crash');
  });
  after(async () => {
    await receiver?.close();
    await storage.remove();
  });

  test('kill -9 after the commit, before a delivery got through: delivered after the restart, once', async () => {
    // A port nobody listens on until the restart: the first attempt is refused, the alert stays in the outbox.
    const probe = await alertReceiver();
    const url = probe.url;
    await probe.close();
    const env = { ...storage.env, ...alertEnv(url), PORT: '0', LOG_LEVEL: 'info' };

    const first = await startServeProcess(env);
    const { customer, events } = newSubscriber(new EmulatorState());
    for (const event of events) assert.equal(await postSignedTo(first.url, event, STRIPE_SECRET), 200);
    await pollUntil(() => first.output().includes('alert not delivered yet; will retry'), 'a first attempt refused', 20_000);
    first.child.kill('SIGKILL');
    await stopProcess(first.child);

    receiver = await alertReceiver(Number(new URL(url).port));
    const second = await startServeProcess(env);
    try {
      // The default schedule waits about 5 s after the refused attempt.
      await pollUntil(() => receiver!.accepted().length === 1, 'the alert delivered after the restart', 30_000);
      const [delivered] = receiver.accepted();
      const body = new Webhook(ALERT_SECRET).verify(delivered!.body, delivered!.headers as Record<string, string>) as { type: string; customer: { id: string } };
      assert.equal(body.type, 'new');
      assert.equal(body.customer.id, customer.id);
      assert.equal(receiver.received.length, 1);
    } finally {
      assert.equal(await stopProcess(second.child), 0);
    }
  });
});
