import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { generateAccount } from '../src/emulator/generate-account.ts';
import type { EmulatorState } from '../src/emulator/index.ts';
import { toMajorUnits } from '../src/metrics/index.ts';
import { expectedDefaultSnapshot } from './support/expected-figures.ts';
import { pollUntil } from './support/poll.ts';
import { startServiceAgainst, type ServiceUnderTest } from './support/service-under-test.ts';

const store = process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite';

/** List calls: what a sync pays for pages, item and line look-ups aside. */
const listCalls = (sut: ServiceUnderTest) =>
  Object.entries(sut.emulator.requestLog.counts())
    .filter(([path]) => /^GET \/v1\/(coupons|prices|customers|subscriptions|invoices|charges|credit_notes)$/.test(path))
    .reduce((sum, [, n]) => sum + n, 0);

describe(`a sync interrupted by a Stripe outage resumes where it stopped (${store})`, () => {
  let state: EmulatorState;
  let sut: ServiceUnderTest;
  let fullSync: number;

  before(async () => {
    state = generateAccount({ seed: 47, customers: 250, now: Math.floor(Date.now() / 1000) });
    sut = await startServiceAgainst(state);
    await pollUntil(async () => (await sut.get('/api/revenue')).body.as_of, 'the start-up sync', 60_000);
    fullSync = listCalls(sut);
  });
  after(async () => sut.stop());

  test('the next sync lists only what the failed one had not stored, and ends exact', async () => {
    sut.emulator.requestLog.reset();
    sut.emulator.faults.failAfter(Math.floor(fullSync * 0.6), 503);
    try {
      const failed = await sut.post('/api/revenue/sync');
      assert.equal(failed.status, 502);
    } finally {
      sut.emulator.faults.clearQueued();
    }
    sut.emulator.requestLog.reset();
    const resumed = await sut.post('/api/revenue/sync');
    assert.equal(resumed.status, 200, JSON.stringify(resumed.body));
    const [run] = await sut.running.db.query<{ trigger: string }>('select trigger from sync_runs order by id desc limit 1');
    assert.match(run!.trigger, /resuming #\d+/);
    const relisted = listCalls(sut);
    // About 60% of the pages were stored before the outage; listing them again would cost the whole sync.
    assert.ok(relisted < fullSync * 0.7, `${relisted} list calls to resume, against ${fullSync} for a whole sync`);

    const expected = expectedDefaultSnapshot(state);
    const { body } = await sut.get('/api/revenue');
    assert.equal(body.mrr_by_currency.usd, toMajorUnits(expected.mrrByCurrency.usd ?? 0, 'usd'));
    assert.equal(body.customers, expected.payingCustomers);
    assert.equal(body.customers_total, expected.customersTotal);
    assert.equal(body.stale, false);
  });

  test('after a success, the next sync starts over', async () => {
    sut.emulator.requestLog.reset();
    const again = await sut.post('/api/revenue/sync');
    assert.equal(again.status, 200);
    const [run] = await sut.running.db.query<{ trigger: string }>('select trigger from sync_runs order by id desc limit 1');
    assert.doesNotMatch(run!.trigger, /resuming/);
    assert.ok(listCalls(sut) >= fullSync * 0.8);
    const [left] = await sut.running.db.query<{ n: number }>('select count(*)::int as n from sync_cursors');
    assert.equal(left?.n, 0, 'a finished sync leaves no cursors');
  });
});
