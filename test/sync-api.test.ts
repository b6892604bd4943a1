import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { generateAccount } from '../src/emulator/generate-account.ts';
import type { EmulatorState } from '../src/emulator/index.ts';
import { toMajorUnits, type Snapshot } from '../src/metrics/index.ts';
import { expectedSnapshot } from './support/expected-figures.ts';
import { pollUntil } from './support/poll.ts';
import { startServiceAgainst, TEST_SECRET_KEY, type ServiceUnderTest } from './support/service-under-test.ts';

const store = process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite';
const RATES = 'eur=1.085,gbp=1.27';
const SLICE_PROBES = 6;

function assertServes(body: any, expected: Snapshot) {
  const major = (minor: number) => toMajorUnits(minor, expected.currency);
  assert.equal(body.mrr, major(expected.mrr));
  assert.equal(body.arr, major(expected.arr));
  assert.equal(body.customers, expected.payingCustomers);
  assert.equal(body.customers_total, expected.customersTotal);
  assert.equal(body.total_revenue, major(expected.totalRevenue));
  assert.equal(body.scheduled_churn_mrr, major(expected.scheduledChurnMrr));
  assert.deepEqual(body.unconverted_currencies, expected.unconvertedCurrencies);
  assert.deepEqual(
    body.mrr_by_currency,
    Object.fromEntries(Object.entries(expected.mrrByCurrency).map(([c, v]) => [c, toMajorUnits(v, c)])),
  );
  assert.deepEqual(
    body.total_revenue_by_currency,
    Object.fromEntries(Object.entries(expected.totalRevenueByCurrency).map(([c, v]) => [c, toMajorUnits(v, c)])),
  );
}

describe(`sync from the emulator into ${store}, served by the HTTP API`, () => {
  let state: EmulatorState;
  let sut: ServiceUnderTest;
  let expected: Snapshot;

  before(async () => {
    const now = Math.floor(Date.now() / 1000);
    state = generateAccount({ seed: 42, customers: 320, now });
    expected = expectedSnapshot(state, {
      rates: { reportingCurrency: 'usd', rates: new Map([['eur', '1.085'], ['gbp', '1.27']]) },
      policy: 'forever',
      asOf: now,
    });
    sut = await startServiceAgainst(state, { env: { EXCHANGE_RATES: RATES } });
    await pollUntil(async () => (await sut.get('/api/revenue')).body.as_of, 'the start-up sync');
  });
  after(async () => sut.stop());

  test('the account is large enough to page through every type', () => {
    for (const type of ['customer', 'subscription', 'price', 'coupon', 'charge'] as const) {
      assert.ok(state.collection(type).size > 250, `${type}: ${state.collection(type).size}`);
    }
    assert.ok(expected.mrr > 0 && expected.payingCustomers > 0);
  });

  test('GET /api/revenue serves the exact figures of the account', async () => {
    const { status, body } = await sut.get('/api/revenue');
    assert.equal(status, 200);
    assertServes(body, expected);
    assert.equal(body.configured, true);
    assert.equal(body.source, 'stripe');
    assert.equal(body.currency, 'usd');
    assert.equal(body.stale, false);
    assert.equal(body.last_error, null);
    assert.ok(!Number.isNaN(Date.parse(body.timestamp)));
    assert.equal(body.livemode, false, 'a sk_test_ key');
    assert.deepEqual(body.last_sync, { at: body.as_of, result: 'ok', error: null });
    assert.equal(body.last_webhook_at, null);
  });

  test('the start-up sync cost ceil(n/100)+1 list calls per type and a few empty slices, plus only the item look-ups needed', async () => {
    const counts = sut.emulator.requestLog.counts();
    // Lists are cut into time slices listed at once: each slice ends with a part page, and one that turns
    // out empty costs a request. Listing anything twice would double the count.
    const listCalls = (n: number) => Math.ceil(Math.ceil(n / 100) * 1.25) + SLICE_PROBES;
    for (const [path, type] of [
      ['/v1/customers', 'customer'],
      ['/v1/subscriptions', 'subscription'],
      ['/v1/prices', 'price'],
      ['/v1/coupons', 'coupon'],
      ['/v1/charges', 'charge'],
    ] as const) {
      const n = state.collection(type).size;
      assert.ok((counts[`GET ${path}`] ?? 0) <= listCalls(n), `${path}: ${counts[`GET ${path}`]} calls for ${n}`);
    }
    const subs = state.collection('subscription').newestFirst();
    let needed = 0;
    for (let i = 0; i < subs.length; i++) {
      const items = subs.at(i).items.data.length;
      if (items > 10) needed += Math.ceil(items / 100);
    }
    assert.ok(needed > 0, 'the account has subscriptions with more than 10 items');
    assert.equal(counts['GET /v1/subscription_items'] ?? 0, needed);
    const invoices = state.collection('invoice').size;
    assert.ok((counts['GET /v1/invoices'] ?? 0) <= listCalls(invoices));
    const creditNotes = state.collection('credit_note').size;
    assert.ok(creditNotes > 0, 'refunded invoice payments come with credit notes');
    assert.ok((counts['GET /v1/credit_notes'] ?? 0) <= listCalls(creditNotes));
    const other = Object.keys(counts).filter(
      (k) => !/^GET \/v1\/(customers|subscriptions|prices|coupons|charges|subscription_items|invoices|invoices\/[^/]+\/lines|credit_notes)$/.test(k),
    );
    assert.deepEqual(other, [], 'no per-object requests');
  });

  test('a second sync via POST /api/revenue/sync gives the same stored state', async () => {
    const rows = () => sut.running.db.query("select type, id, data, deleted from stripe_objects order by type, id");
    const before = await rows();
    const { status, body } = await sut.post('/api/revenue/sync');
    assert.equal(status, 200);
    assert.equal(body.status, 'success');
    assert.equal(body.message, 'Revenue data synced');
    assertServes(body.data, expected);
    assert.ok(!Number.isNaN(Date.parse(body.timestamp)));
    assert.deepEqual(await rows(), before);
  });

  test('while a sync runs, /api/revenue says so, with when it began; then when it ended', async () => {
    const asked = new Date();
    const sync = sut.post('/api/revenue/sync');
    const running = await pollUntil(async () => {
      const { body } = await sut.get('/api/revenue');
      return body.last_sync.result === 'running' ? body.last_sync : undefined;
    }, 'the sync to be told as running');
    assert.ok(Date.parse(running.at) >= asked.getTime() - 1000);
    assert.equal((await sync).status, 200);
    const { body } = await sut.get('/api/revenue');
    assert.equal(body.last_sync.result, 'ok');
    assert.equal(body.last_sync.at, body.as_of);
  });

  test('429s and 500s on a share of requests are retried: the sync still succeeds with the same figures', async () => {
    sut.emulator.faults.rate = 0.25;
    try {
      sut.emulator.requestLog.reset();
      const { status, body } = await sut.post('/api/revenue/sync');
      assert.equal(status, 200, JSON.stringify(body));
      assert.ok(sut.emulator.faults.injected > 0);
      assert.ok(sut.emulator.requestLog.count({ status: 429 }) > 0);
      assertServes(body.data, expected);
    } finally {
      sut.emulator.faults.rate = 0;
    }
  });

  test('a sync that keeps failing answers 502, is recorded as failed, and the last good figures stay, marked stale', async () => {
    // More failures than any sync's first requests have attempts: each fails for good. The rest are dropped after.
    sut.emulator.faults.failNext(1000, 500);
    try {
      const { status, body } = await sut.post('/api/revenue/sync');
      assert.equal(status, 502);
      assert.equal(body.status, 'error');
      assert.match(body.message, /HTTP 500/);
      const revenue = await sut.get('/api/revenue');
      assertServes(revenue.body, expected);
      assert.equal(revenue.body.stale, true);
      assert.match(revenue.body.last_error, /HTTP 500/);
      const [run] = await sut.running.db.query<{ status: string; error: string }>('select status, error from sync_runs order by id desc limit 1');
      assert.equal(run?.status, 'failed');
    } finally {
      sut.emulator.faults.clearQueued();
    }
  });

  test('while a sync runs, a second request does not start another: it answers 202 with the running sync id', async () => {
    const [first, second] = await Promise.all([sut.post('/api/revenue/sync'), sut.post('/api/revenue/sync')]);
    const statuses = [first.status, second.status].sort();
    assert.deepEqual(statuses, [200, 202]);
    const busy = first.status === 202 ? first.body : second.body;
    const done = first.status === 200 ? first.body : second.body;
    assert.equal(busy.status, 'running');
    assert.equal(busy.sync_id, done.sync_id);
    if (busy.progress !== null) assert.equal(busy.progress.sync_id, busy.sync_id);
    assert.deepEqual((await sut.get('/api/revenue/sync')).body.status, 'idle');
    const revenue = await sut.get('/api/revenue');
    assert.equal(revenue.body.stale, false, 'a success clears the stale mark');
  });

  test('GET /health reports the database', async () => {
    const { status, body } = await sut.get('/health');
    assert.equal(status, 200);
    assert.equal(body.status, 'healthy');
    assert.equal(body.service, 'revenue-agent');
  });

  test('unknown routes get 404 in the one error shape', async () => {
    const { status, body } = await sut.get('/api/nope');
    assert.equal(status, 404);
    assert.equal(body.error.code, 'not_found');
    assert.equal(typeof body.error.message, 'string');
  });

  test('no response or log mentions the secret key', async () => {
    const responses = await Promise.all([sut.get('/api/revenue'), sut.get('/health')]);
    for (const r of responses) assert.ok(!JSON.stringify(r.body).includes(TEST_SECRET_KEY));
  });
});
