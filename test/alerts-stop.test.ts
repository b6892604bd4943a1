// Issue 10 and 13: stopping exits within its 10 s even while an alert's receiver takes its time: the send in
// flight is cut, and the alert waits, unsent and its attempt not counted, for the next start.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import pg from 'pg';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import { EmulatorState } from '../src/emulator/index.ts';
import { alertEnv, newSubscriber, STRIPE_SECRET } from './support/alert-fixtures.ts';
import { pollUntil } from './support/poll.ts';
import { startTestService } from './support/service-under-test.ts';
import { TEST_DATABASE_URL, uniqueSchema } from './support/test-database.ts';
import { postSigned } from './support/webhook-client.ts';

const store = process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite';
/** Well under the send's own 15 s timeout, which a stop must not wait out. */
const STOP_DEADLINE_MS = 5_000;

describe(`stopping while an alert is being sent (${store})`, () => {
  test('the send is cut, not waited for; the alert stays pending with no attempt counted', async () => {
    const held: ServerResponse[] = [];
    const receiver = createServer((_request: IncomingMessage, response) => void held.push(response));
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const schema = uniqueSchema('alerts_stop');
    const sut = await startTestService(alertEnv(`http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`), schema);
    try {
      for (const event of newSubscriber(new EmulatorState()).events) assert.equal((await postSigned(sut.running.app, event, STRIPE_SECRET)).status, 200);
      await pollUntil(() => held.length > 0, 'the alert sent, and its answer held back');
      const [outbox] = await sut.running.db.query<{ id: string }>('select id from alert_outbox');
      let deadline: NodeJS.Timeout | undefined;
      const stopped = await Promise.race([
        sut.running.stop().then(() => 'stopped'),
        new Promise((resolve) => (deadline = setTimeout(() => resolve('still stopping'), STOP_DEADLINE_MS))),
      ]);
      clearTimeout(deadline);
      assert.equal(stopped, 'stopped');
      assert.ok(outbox, 'the alert was in the outbox');
      // A server's store outlives the process: the alert waits there for the next start.
      if (TEST_DATABASE_URL) {
        const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
        await client.connect();
        try {
          const { rows } = await client.query(`select status, attempts, claimed_until from ${schema}.alert_deliveries where channel = 'webhook'`);
          assert.deepEqual(rows, [{ status: 'pending', attempts: 0, claimed_until: null }]);
        } finally {
          await client.end();
        }
      }
    } finally {
      await sut.stop();
      for (const response of held) response.destroy();
      await new Promise((resolve) => receiver.close(resolve));
    }
  });
});
