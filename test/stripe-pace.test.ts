import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { generateAccount } from '../src/emulator/generate-account.ts';
import type { EmulatorState } from '../src/emulator/index.ts';
import { toMajorUnits, type Snapshot } from '../src/metrics/index.ts';
import { expectedDefaultSnapshot } from './support/expected-figures.ts';
import { pollUntil } from './support/poll.ts';
import { startServiceAgainst, type ServiceUnderTest } from './support/service-under-test.ts';

const store = process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite';
const SLICE_PROBES = 6;
const LISTS = [
  ['coupons', 'coupon'],
  ['prices', 'price'],
  ['customers', 'customer'],
  ['subscriptions', 'subscription'],
  ['invoices', 'invoice'],
  ['charges', 'charge'],
  ['credit_notes', 'credit_note'],
] as const;

describe(`a sync at Stripe's pace (300 ms answers, 25 requests/s) into ${store}`, () => {
  let state: EmulatorState;
  let sut: ServiceUnderTest;
  let expected: Snapshot;
  let progress: any;

  before(async () => {
    const now = Math.floor(Date.now() / 1000);
    state = generateAccount({ seed: 17, customers: 90, now });
    expected = expectedDefaultSnapshot(state, now);
    sut = await startServiceAgainst(state, { env: { STRIPE_MAX_RPS: '25' }, network: { latencyMs: 300, rateLimit: 25, seed: 3 } });
    progress = await pollUntil(async () => {
      const { body } = await sut.get('/api/revenue/sync');
      return body.status === 'running' && Object.values(body.progress.objects as Record<string, number>).some((n) => n > 0) && body.progress;
    }, 'the start-up sync to have listed a page');
    await pollUntil(async () => (await sut.get('/api/revenue')).body.as_of, 'the start-up sync', 60_000);
  });
  after(async () => sut.stop());

  test('GET /api/revenue/sync shows the running sync: objects by type, requests and their rate', () => {
    assert.equal(typeof progress.sync_id, 'number');
    assert.ok(progress.requests > 0);
    assert.ok(progress.requests_per_second > 0 && progress.requests_per_second <= 30, `${progress.requests_per_second} requests/s`);
    assert.ok(!Number.isNaN(Date.parse(progress.started_at)));
  });

  test('ends with the exact figures, meets the limit no more than a handful of times, and lists each page once', async () => {
    const { body } = await sut.get('/api/revenue');
    assert.equal(body.mrr, toMajorUnits(expected.mrr, 'usd'));
    assert.equal(body.customers, expected.payingCustomers);
    assert.equal(body.total_revenue, toMajorUnits(expected.totalRevenue, 'usd'));
    assert.ok(sut.emulator.network.rateLimited <= 3, `${sut.emulator.network.rateLimited} answered 429`);

    const [run] = await sut.running.db.query<{ status: string; requests: number }>('select status, requests from sync_runs order by id desc limit 1');
    assert.equal(run?.status, 'succeeded');
    const counts = sut.emulator.requestLog.counts();
    assert.equal(run?.requests, Object.values(counts).reduce((a, b) => a + b, 0), 'the run counts every request the emulator saw');
    for (const [path, type] of LISTS) {
      const pages = Math.max(1, Math.ceil(state.collection(type).size / 100));
      // Each page once; the rest are the part pages that end time slices, and slices that turned out empty.
      assert.ok((counts[`GET /v1/${path}`] ?? 0) <= Math.ceil(pages * 1.25) + SLICE_PROBES, `${path}: ${counts[`GET /v1/${path}`]} calls for ${pages} pages`);
    }
  });
});
