import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AccountBuilder } from './account-builder.ts';
import { FaultInjector } from './faults.ts';
import { generateAccount } from './generate-account.ts';
import { createEmulator } from './index.ts';
import { get, T0, TEST_KEY } from './test-support.ts';

async function outcomes(seed: number, requests: number): Promise<string[]> {
  const { app } = createEmulator({ secretKey: TEST_KEY, faultRate: 0.3, seed });
  const seen: string[] = [];
  for (let i = 0; i < requests; i++) {
    const res = await get(app, '/v1/customers');
    const hint = res.headers['retry-after'] ? '+retry-after' : res.headers['stripe-should-retry'] ? '+should-retry' : '';
    seen.push(`${res.status}${hint}`);
  }
  return seen;
}

test('fault injection is deterministic per seed and request sequence, and uses Stripe error bodies', async () => {
  const first = await outcomes(7, 200);
  assert.deepEqual(await outcomes(7, 200), first);
  assert.notDeepEqual(await outcomes(8, 200), first);
  const failures = first.filter((o) => o !== '200').length;
  assert.ok(failures > 30 && failures < 90, `about 30% fail, got ${failures}`);
  for (const kind of ['429+retry-after', '429+should-retry', '429', '500']) assert.ok(first.includes(kind), kind);

  const { app } = createEmulator({ secretKey: TEST_KEY, faultRate: 1, seed: 7 });
  const bodies = await Promise.all([0, 1, 2, 3, 4, 5].map(() => get(app, '/v1/customers')));
  for (const { status, body } of bodies) {
    if (status === 429) assert.equal(body.error.code, 'rate_limit');
    else assert.equal(body.error.type, 'api_error');
  }
});

test('failNext forces exact failures; the request log counts every request', async () => {
  const b = new AccountBuilder({ now: () => T0 });
  b.customer();
  const emulator = createEmulator({ secretKey: TEST_KEY, state: b.state });
  emulator.faults.failNext(2, 429, { retryAfter: 1 });
  emulator.faults.failNext(1, 503, { shouldRetry: true });
  const statuses = [];
  for (let i = 0; i < 4; i++) statuses.push((await get(emulator.app, `/v1/customers?limit=${i + 1}`)).status);
  assert.deepEqual(statuses, [429, 429, 503, 200]);
  emulator.faults.failNext(5, 500);
  emulator.faults.clearQueued();
  assert.equal((await get(emulator.app, '/v1/customers')).status, 200, 'cleared failures are not sent');
  await get(emulator.app, '/v1/charges');
  await get(emulator.app, '/v1/customers', 'sk_test_bad');

  const log = emulator.requestLog;
  assert.equal(log.count(), 7);
  assert.equal(log.count({ method: 'GET', path: '/v1/customers' }), 6);
  assert.equal(log.count({ path: '/v1/customers', status: 200 }), 2);
  assert.equal(log.count({ status: 401 }), 1);
  assert.deepEqual(log.counts(), { 'GET /v1/customers': 6, 'GET /v1/charges': 1 });
  assert.deepEqual(log.entries[3]?.query, { limit: '4' });
  assert.equal(emulator.faults.injected, 3);
  log.reset();
  assert.equal(log.count(), 0);
});

test('an outage fails every request with a 503 until it ends; clearQueued ends it early', () => {
  let now = 0;
  const faults = new FaultInjector({}, () => now);
  faults.startOutage(5000);
  const during = [0, 2500, 4999].map((t) => ((now = t), faults.next()?.status ?? 200));
  assert.deepEqual(during, [503, 503, 503]);
  now = 5000;
  assert.equal(faults.next(), null);
  assert.equal(faults.outageLeftMs(), 0);
  faults.startOutage(60_000);
  assert.equal(faults.outageLeftMs(), 60_000);
  faults.clearQueued();
  assert.equal(faults.next(), null);
  assert.equal(faults.injected, 3);
});

test('POST /_emulator/faults turns the knobs while the emulator runs, and refuses values out of range', async () => {
  const emulator = createEmulator({ secretKey: TEST_KEY, state: generateAccount({ seed: 3, customers: 5, now: T0 }) });
  const knobs = async (payload: Record<string, unknown>) => {
    const res = await emulator.app.inject({ method: 'POST', url: '/_emulator/faults', headers: { authorization: `Bearer ${TEST_KEY}` }, payload });
    return { status: res.statusCode, body: res.json() };
  };
  const set = await knobs({ outage_seconds: 60, slow_share: 0.1, slow_ms: 2000, reset_share: 0.05, fault_rate: 0.02 });
  assert.equal(set.status, 200);
  assert.deepEqual({ ...set.body, outage_left_seconds: set.body.outage_left_seconds > 59 }, {
    fault_rate: 0.02,
    slow_share: 0.1,
    slow_ms: 2000,
    reset_share: 0.05,
    outage_left_seconds: true,
    injected: 0,
    slow_answers: 0,
    cut_pages: 0,
  });
  assert.equal((await get(emulator.app, '/v1/customers')).status, 503);
  await knobs({ outage_seconds: 0, fault_rate: 0, slow_share: 0, reset_share: 0 });
  assert.equal((await get(emulator.app, '/v1/customers')).status, 200);
  for (const bad of [{ fault_rate: 2 }, { reset_share: -1 }, { outage_seconds: 'long' }, { unknown_knob: 1 }]) {
    const refused = await knobs(bad);
    assert.equal(refused.status, 400, JSON.stringify(bad));
    assert.equal(refused.body.error.type, 'invalid_request_error');
  }
});
