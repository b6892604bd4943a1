// Issue 12: `revenue-agent events retry` puts events set aside back in line, through the running service
// that holds the store, or by opening the store itself when none does.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Stripe from 'stripe';
import { AccountBuilder } from '../src/emulator/account-builder.ts';
import { EmulatorState } from '../src/emulator/index.ts';
import { runCli, startServeProcess, stopProcess } from './support/cli-process.ts';
import { pollUntil } from './support/poll.ts';
import { STORE_INDEPENDENT } from './support/test-database.ts';

const SECRET = 'whsec_events_retry_cli';

describe('revenue-agent events retry', STORE_INDEPENDENT, () => {
  let dataDir: string;
  let env: Record<string, string>;
  let badId: string;
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'revenue-agent-retry-'));
    env = { DATA_DIR: dataDir, STRIPE_WEBHOOK_SECRET: SECRET, PORT: '0' };
  });
  after(async () => rm(dataDir, { recursive: true, force: true }));

  test('through a running service, then on the store itself', async () => {
    const state = new EmulatorState();
    const b = new AccountBuilder(state);
    // A time the store can't hold: set aside at once, not after a few attempts.
    const customer = { ...b.customer({}), created: 'abc' };
    const event = state.recordEvent('customer.created', customer, undefined, { created: Math.floor(Date.now() / 1000) });
    badId = event.id;

    const service = await startServeProcess(env);
    try {
      const payload = JSON.stringify(event);
      const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET });
      const answer = await fetch(`${service.url}/webhooks/stripe`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': signature }, body: payload });
      assert.equal(answer.status, 200);
      await pollUntil(async () => ((await (await fetch(`${service.url}/api/events/dead`)).json()) as { dead_events: number }).dead_events === 1, 'the event set aside', 60_000);

      const viaApi = await runCli(['events', 'retry', '--all'], env);
      assert.equal(viaApi.code, 0, viaApi.stderr);
      assert.match(viaApi.stdout, new RegExp(`${badId}: put back in line`));
      await pollUntil(async () => ((await (await fetch(`${service.url}/api/events/dead`)).json()) as { dead_events: number }).dead_events === 1, 'the event set aside again', 60_000);
    } finally {
      await stopProcess(service.child);
    }

    const inStore = await runCli(['events', 'retry', badId], env);
    assert.equal(inStore.code, 1, 'an event that fails again is a failure to report');
    assert.match(inStore.stdout, new RegExp(`${badId}: (set aside again|put back in line)`));

    const unknown = await runCli(['events', 'retry', 'evt_unknown'], env);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /evt_unknown: not set aside/);

    assert.equal((await runCli(['events', 'retry'], env)).code, 2);
  });
});
