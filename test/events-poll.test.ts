import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ControlChanges } from '../src/emulator/control-changes.ts';
import { generateAccount } from '../src/emulator/generate-account.ts';
import type { EmulatorState } from '../src/emulator/index.ts';
import { toMajorUnits } from '../src/metrics/index.ts';
import { expectedDefaultSnapshot } from './support/expected-figures.ts';
import { pollUntil } from './support/poll.ts';
import { startServiceAgainst, type ServiceUnderTest } from './support/service-under-test.ts';

const store = process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite';

describe(`no webhooks: changes arrive through the /v1/events poll (${store})`, () => {
  let state: EmulatorState;
  let sut: ServiceUnderTest;

  before(async () => {
    state = generateAccount({ seed: 31, customers: 60, now: Math.floor(Date.now() / 1000) });
    sut = await startServiceAgainst(state, { env: { EVENTS_POLL_SECONDS: '1' } });
    await pollUntil(async () => (await sut.get('/api/revenue')).body.as_of, 'the start-up sync');
  });
  after(async () => sut.stop());

  test('a change made in Stripe, with no webhook delivered, reaches the figures without a full sync', async () => {
    const changes = new ControlChanges(state);
    for (let i = 0; i < 5; i++) changes.make('customer.subscription.updated');
    const expected = expectedDefaultSnapshot(state);
    const before = (await sut.get('/api/revenue')).body.mrr_by_currency.usd;
    const want = toMajorUnits(expected.mrrByCurrency.usd ?? 0, 'usd');
    assert.notEqual(before, want, 'the changes move MRR');
    await pollUntil(async () => (await sut.get('/api/revenue')).body.mrr_by_currency.usd === want, 'the polled events to be applied');
    const [runs] = await sut.running.db.query<{ n: number }>('select count(*)::int as n from sync_runs');
    assert.equal(runs?.n, 1, 'only the start-up sync ran');
  });
});
