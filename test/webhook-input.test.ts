import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, beforeEach, describe, test } from 'node:test';
import { loadConfig } from '../src/config/config.ts';
import { AccountBuilder } from '../src/emulator/account-builder.ts';
import { EmulatorState } from '../src/emulator/index.ts';
import { createLogger } from '../src/logging/logger.ts';
import { startService, type RunningService } from '../src/server/start-service.ts';
import { STRIPE_API_VERSION } from '../src/stripe/client.ts';
import { dropTestSchema, TEST_DATABASE_URL, uniqueSchema } from './support/test-database.ts';
import { postSigned } from './support/webhook-client.ts';

const store = TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite';
const SECRET = 'whsec_input_limits_secret';
const EMAIL = 'jane.doe@example.com';

/**
 * Signed input the store can't hold is a 400 with the reason, not a 500 that Stripe would retry for
 * days; a NUL character is replaced and the event applied; no log line ever carries an event's contents.
 */
describe(`POST /webhooks/stripe, input the store can't hold (${store})`, () => {
  const state = new EmulatorState();
  const b = new AccountBuilder(state);
  const logs: string[] = [];
  const schema = uniqueSchema('input');
  let running: RunningService;
  before(async () => {
    const config = loadConfig({ PORT: '0', SYNC_INTERVAL_MINUTES: '0', STRIPE_WEBHOOK_SECRET: SECRET, ...(TEST_DATABASE_URL ? { DATABASE_URL: TEST_DATABASE_URL } : {}) });
    const destination = new Writable({
      write(chunk, _encoding, done) {
        logs.push(String(chunk));
        done();
      },
    });
    running = await startService({ config, logger: createLogger('debug', destination), inMemory: true, schema });
  });
  after(async () => {
    await running.stop();
    await dropTestSchema(schema);
    assert.ok(!logs.join('').includes(EMAIL), 'a log line carried a customer e-mail');
  });

  let stored = 0;
  const countEvents = async () => (await running.db.query<{ n: number }>('select count(*)::int as n from stripe_events'))[0]!.n;
  beforeEach(async () => (stored = await countEvents()));
  const customerEvent = (customer: object = b.customer({ email: EMAIL })) => state.recordEvent('customer.created', customer as { id: string; object: string });

  test('JSON nested 6,000 levels deep: 400, nothing stored', async () => {
    const event = customerEvent();
    const body = JSON.stringify({ ...event, data: { object: { ...(event.data.object as object), metadata: '@deep@' } } }).replace('"@deep@"', nestedJson(6000));
    const { status, body: answer } = await postSigned(running.app, body, SECRET);
    assert.equal(status, 400);
    assert.equal(answer.error.code, 'invalid_event');
    assert.match(answer.error.message, /nested deeper than/);
    assert.equal(await countEvents(), stored);
  });

  test('`created: 1.5`: 400 naming the field, nothing stored', async () => {
    const { status, body } = await postSigned(running.app, { ...customerEvent(), created: 1.5 }, SECRET);
    assert.equal(status, 400);
    assert.match(body.error.message, /created/);
    assert.equal(await countEvents(), stored);
  });

  test('an id far too long, or data.object not an object: 400', async () => {
    assert.equal((await postSigned(running.app, { ...customerEvent(), id: 'evt_'.padEnd(10_000, 'x') }, SECRET)).status, 400);
    assert.equal((await postSigned(running.app, { ...customerEvent(), data: { object: 'cus_1' } }, SECRET)).status, 400);
    assert.equal(await countEvents(), stored);
  });

  test('a NUL character in a name is replaced: 200, stored and applied', async () => {
    const customer = b.customer({ email: EMAIL, name: 'Jane\u0000Doe' });
    const { status } = await postSigned(running.app, customerEvent(customer), SECRET);
    assert.equal(status, 200);
    await running.service.eventsSettled();
    const [row] = await running.db.query<{ data: { name: string } }>("select data from stripe_objects where type = 'customer' and id = $1", [customer.id]);
    assert.equal(row?.data.name, 'Jane\uFFFDDoe');
  });

  test('a signature dated an hour ahead: 400; one a little ahead (clock skew): 200', async () => {
    const now = Math.floor(Date.now() / 1000);
    const ahead = await postSigned(running.app, customerEvent(), SECRET, { timestamp: now + 3600 });
    assert.equal(ahead.status, 400);
    assert.equal(ahead.body.error.code, 'invalid_signature');
    assert.equal(await countEvents(), stored);
    assert.equal((await postSigned(running.app, customerEvent(), SECRET, { timestamp: now + 200 })).status, 200);
  });

  test('events in another API version: one warning per version', async () => {
    const warnings = () => logs.filter((line) => line.includes('another Stripe API version')).length;
    const before = warnings();
    assert.equal((await postSigned(running.app, customerEvent(), SECRET)).status, 200);
    assert.equal(warnings(), before, `events in ${STRIPE_API_VERSION} warn of nothing`);
    for (let i = 0; i < 3; i++) assert.equal((await postSigned(running.app, { ...customerEvent(), api_version: '2024-06-20' }, SECRET)).status, 200);
    assert.equal(warnings(), before + 1);
    assert.equal((await postSigned(running.app, { ...customerEvent(), api_version: '2025-03-31.basil' }, SECRET)).status, 200);
    assert.equal(warnings(), before + 2);
  });
});

/** `{"a":{"a":…1…}}`, written out rather than stringified: JSON.stringify itself overflows at this depth. */
function nestedJson(levels: number): string {
  return '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
}
