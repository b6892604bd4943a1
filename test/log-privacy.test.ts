// Issue 10: a full scenario with known secrets and known customer e-mails, logged at debug level: no log
// line holds a key, webhook secret, dashboard token, signature, or a customer's e-mail or name.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AccountBuilder } from '../src/emulator/account-builder.ts';
import { EmulatorState } from '../src/emulator/index.ts';
import { startLiveActivity } from '../src/emulator/live-activity.ts';
import { signPayload } from '../src/emulator/sign-payload.ts';
import type { StripeEvent } from '../src/metrics/stripe-shapes.ts';
import { startServeProcess, stopProcess } from './support/cli-process.ts';
import { pollUntil } from './support/poll.ts';
import { serveFixture, type ServeFixture } from './support/serve-fixture.ts';
import { TEST_SECRET_KEY } from './support/service-under-test.ts';
import { TEST_DATABASE_URL } from './support/test-database.ts';

const WEBHOOK_SECRET = 'whsec_log_privacy_test_secret';
const DASHBOARD_TOKEN = 'log-privacy-dashboard-token-0123456789abcdef';
const PRIVATE_EMAIL = 'known.person@private.example';

describe(`logs hold no secret and no personal data (${TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  let fixture: ServeFixture;
  before(async () => {
    fixture = await serveFixture({ seed: 6, customers: 30, storePrefix: 'logs', webhookSecret: WEBHOOK_SECRET });
  });
  after(async () => fixture?.close());

  test('sync, webhooks good and bad (a NUL in one), logins right and wrong, a manual sync, a stop: every line scanned', async () => {
    const service = await startServeProcess({ ...fixture.env, DASHBOARD_TOKEN, LOG_LEVEL: 'debug' });
    const signatures: string[] = [];
    const send = async (event: StripeEvent | string, secret = WEBHOOK_SECRET) => {
      const body = typeof event === 'string' ? event : JSON.stringify(event);
      const signature = signPayload(body, secret);
      signatures.push(signature);
      const response = await fetch(`${service.url}/webhooks/stripe`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'stripe-signature': signature, 'x-request-id': `log-privacy-${signatures.length}` },
        body,
      });
      assert.equal(response.headers.get('x-request-id'), `log-privacy-${signatures.length}`);
      await response.arrayBuffer();
      return response.status;
    };
    const auth = { authorization: `Bearer ${DASHBOARD_TOKEN}` };
    try {
      await pollUntil(async () => ((await (await fetch(`${service.url}/api/revenue`, { headers: auth })).json()) as { as_of: string | null }).as_of, 'the start-up sync', 30_000);

      const live = startLiveActivity({ state: fixture.state, seed: 4, intervalMs: 0 });
      for (let i = 0; i < 10; i++) for (const event of await live.tick()) assert.equal(await send(event), 200);
      await live.stop();

      // Events carrying an e-mail: refused (a wrong secret, bad JSON), then taken.
      const state = new EmulatorState();
      const b = new AccountBuilder(state);
      const customer = { ...b.customer({}), email: PRIVATE_EMAIL, name: 'Known Person' };
      const unusable = state.recordEvent('customer.created', customer, undefined, { created: Math.floor(Date.now() / 1000) });
      assert.equal(await send(unusable, 'whsec_not_this_one'), 400);
      assert.equal(await send(`{"email":"${PRIVATE_EMAIL}",`), 400);
      assert.equal(await send(unusable), 200);
      const nul = state.recordEvent('customer.created', { ...b.customer({}), email: `nul\u0000${PRIVATE_EMAIL}` }, undefined, { created: Math.floor(Date.now() / 1000) });
      assert.equal(await send(nul), 200);
      await pollUntil(async () => ((await (await fetch(`${service.url}/api/revenue`, { headers: auth })).json()) as { pending_events: number }).pending_events === 0, 'the events applied', 30_000);

      const login = (token: string) =>
        fetch(`${service.url}/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: service.url }, body: `token=${token}`, redirect: 'manual' });
      assert.equal((await login(`${DASHBOARD_TOKEN}-wrong`)).status, 401);
      assert.equal((await login(DASHBOARD_TOKEN)).status, 303);
      assert.equal((await fetch(`${service.url}/api/revenue`, { headers: { authorization: `Bearer ${DASHBOARD_TOKEN}x` } })).status, 401);
      const sync = await fetch(`${service.url}/api/revenue/sync`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{}' });
      assert.equal(sync.status, 200);
    } finally {
      assert.equal(await stopProcess(service.child), 0);
    }

    const lines = service.output().split('\n').filter((line) => line.trim() !== '');
    assert.ok(lines.length > 5, 'the scenario was logged');
    assert.ok(lines.some((line) => line.includes('"reqId":"log-privacy-1"')), "a request's lines carry its id");
    const emails = customerEmails(fixture.state);
    const secrets = [TEST_SECRET_KEY, WEBHOOK_SECRET, DASHBOARD_TOKEN, PRIVATE_EMAIL, 'Known Person', ...emails, ...signatures.map((s) => s.split(',v1=')[1]!)];
    for (const line of lines) for (const secret of secrets) assert.ok(!line.includes(secret), `a log line holds ${secret.slice(0, 12)}…: ${line.slice(0, 300)}`);
  });
});

function customerEmails(state: EmulatorState): string[] {
  const customers = state.collection('customer').newestFirst();
  const emails: string[] = [];
  for (let i = 0; i < state.collection('customer').size; i++) {
    const email = customers.at(i).email;
    if (email) emails.push(email);
  }
  return emails;
}
