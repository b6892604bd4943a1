import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { generateAccount } from '../src/emulator/generate-account.ts';
import type { EmulatorState } from '../src/emulator/index.ts';
import { startLiveActivity } from '../src/emulator/live-activity.ts';
import { buildApp } from '../src/http/app.ts';
import { pollUntil } from './support/poll.ts';
import { startServiceAgainst, type ServiceUnderTest } from './support/service-under-test.ts';

const store = process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite';
const today = () => new Date().toISOString().slice(0, 10);
const cents = (major: number) => Math.round(major * 100);

const WEBHOOK_SECRET = 'whsec_history_test';

describe(`history API over a generated account (${store})`, () => {
  let sut: ServiceUnderTest;
  let state: EmulatorState;
  before(async () => {
    state = generateAccount({ seed: 5, customers: 150, prices: 40, coupons: 20, now: Math.floor(Date.now() / 1000) });
    sut = await startServiceAgainst(state, { env: { EXCHANGE_RATES: 'eur=1.085,gbp=1.27,jpy=0.0067', STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET } });
    await pollUntil(async () => (await sut.get('/api/revenue')).body.as_of, 'the start-up sync');
  });
  after(async () => sut.stop());

  test('today’s point equals the current MRR and paying customers', async () => {
    const revenue = (await sut.get('/api/revenue')).body;
    for (const interval of ['day', 'week', 'month']) {
      const { status, body } = await sut.get(`/api/metrics/mrr?from=2026-01-01&to=${today()}&interval=${interval}`);
      assert.equal(status, 200);
      assert.equal(body.currency, 'usd');
      assert.equal(body.interval, interval);
      const last = body.points.at(-1);
      assert.equal(last.date, today());
      assert.equal(last.mrr, revenue.mrr, interval);
      assert.equal(last.customers, revenue.customers, interval);
    }
  });

  test('after the sync, subscription events extend the timeline: today’s point still equals the current MRR', async () => {
    const live = startLiveActivity({ state, seed: 3, intervalMs: 0, webhook: { url: `${sut.url}/webhooks/stripe`, secret: WEBHOOK_SECRET } });
    try {
      const before = (await sut.get('/api/revenue')).body;
      for (let i = 0; i < 15; i++) await live.tick();
      await live.flush();
      assert.equal(live.deliveries?.failed, 0);
      await sut.running.service.eventsSettled();
      const after = (await sut.get('/api/revenue')).body;
      assert.notDeepEqual([after.mrr, after.customers, after.total_revenue], [before.mrr, before.customers, before.total_revenue]);
      const last = (await sut.get(`/api/metrics/mrr?from=2026-01-01&to=${today()}&interval=month`)).body.points.at(-1);
      assert.equal(last.mrr, after.mrr);
      assert.equal(last.customers, after.customers);
    } finally {
      await live.stop();
    }
  });

  test('points are dated the last day of each period, weeks ending on Sunday', async () => {
    const months = (await sut.get('/api/metrics/mrr?from=2026-01-15&to=2026-03-10&interval=month')).body.points.map((p: any) => p.date);
    assert.deepEqual(months, ['2026-01-31', '2026-02-28', '2026-03-10']);
    const weeks = (await sut.get('/api/metrics/mrr?from=2026-03-02&to=2026-03-20&interval=week')).body.points.map((p: any) => p.date);
    assert.deepEqual(weeks, ['2026-03-08', '2026-03-15', '2026-03-20']);
  });

  test('movements over any range sum to the change in MRR', async () => {
    for (const [from, to, interval] of [
      ['2025-11-01', today(), 'month'],
      ['2026-06-01', '2026-09-30', 'week'],
      ['2026-10-01', today(), 'day'],
    ]) {
      const mrr = (await sut.get(`/api/metrics/mrr?from=${from}&to=${to}&interval=${interval}`)).body.points;
      const moves = (await sut.get(`/api/metrics/movements?from=${from}&to=${to}&interval=${interval}`)).body.points;
      assert.equal(moves.length, mrr.length);
      for (let i = 1; i < mrr.length; i++) {
        const m = moves[i];
        assert.equal(cents(m.new + m.expansion + m.contraction + m.churn + m.reactivation), cents(m.net), `${m.period} parts`);
        assert.equal(cents(m.net), cents(mrr[i].mrr) - cents(mrr[i - 1].mrr), `${m.period} net`);
        assert.ok(m.contraction <= 0 && m.churn <= 0 && m.new >= 0 && m.expansion >= 0 && m.reactivation >= 0);
      }
    }
  });

  test('the month summary has every rate, or null with the reason', async () => {
    const { status, body } = await sut.get(`/api/metrics/summary?period=${today().slice(0, 7)}`);
    assert.equal(status, 200);
    assert.equal(body.period, today().slice(0, 7));
    for (const key of ['customer_churn_rate', 'gross_mrr_churn_rate', 'net_mrr_churn_rate', 'arpa', 'ltv', 'quick_ratio', 'trial_conversion_rate']) {
      assert.ok(key in body, key);
      if (body[key] === null) assert.equal(typeof body.reasons[key], 'string', key);
    }
    assert.equal(body.mrr_at_end, (await sut.get('/api/revenue')).body.mrr);
  });

  const bad: Array<[string, RegExp]> = [
    ['/api/metrics/mrr?from=2026-02-30&to=2026-03-01', /not a real calendar date/],
    ['/api/metrics/mrr?from=yesterday', /YYYY-MM-DD/],
    ['/api/metrics/mrr?from=2026-05-01&to=2026-04-01', /after/],
    ['/api/metrics/mrr?interval=hour', /day, week or month/],
    ['/api/metrics/movements?from=1900-01-01&to=2026-01-01&interval=day', /periods/],
    ['/api/metrics/summary?period=2026-13', /YYYY-MM/],
    ['/api/metrics/summary?period=26-01', /YYYY-MM/],
    // A date that does not exist says which parameter it is, never "0NaN-NaN-NaN".
    ['/api/metrics/mrr?to=2026-13-01', /^to: 2026-13-01 is not a real calendar date/],
    ['/api/metrics/movements?from=2026-00-10', /^from: 2026-00-10 is not a real calendar date/],
    ['/api/metrics/mrr?from=2026-01-01&to=2026-02-29', /^to: 2026-02-29 is not a real calendar date/],
    ['/api/metrics/mrr?from=2999-01-01', /^from 2999-01-01 is after to \d{4}-\d{2}-\d{2} \(today/],
    ['/api/metrics/mrr?from=2026-01-01&from=2026-02-01', /^from must be a date in YYYY-MM-DD form/],
    ['/api/metrics/summary?period=2026-00', /^period must be a month/],
    ['/api/metrics/mrr?from=1999-12-31&to=2030-01-01&interval=day', /^from 1999-12-31 to 2030-01-01 is \d+ periods of a day, more than 10000/],
  ];
  for (const [path, reason] of bad) {
    test(`400 with the reason: ${path}`, async () => {
      const { status, body } = await sut.get(path);
      assert.equal(status, 400);
      assert.equal(body.error.code, 'invalid_request');
      assert.match(body.error.message, reason);
      assert.doesNotMatch(body.error.message, /NaN/);
    });
  }

  test('an error inside the engine, a RangeError included, is a 500 that says nothing of it', async () => {
    const failing = new Proxy(sut.running.service, {
      get(target, key, receiver) {
        if (key === 'history') return () => { throw new RangeError('internal detail: interval of sub_123 has mrr NaN'); };
        return Reflect.get(target, key, receiver);
      },
    });
    const app = buildApp({ service: failing, logger: false });
    try {
      for (const path of ['/api/metrics/mrr', '/api/metrics/movements?interval=week', '/api/metrics/summary']) {
        const response = await app.inject({ method: 'GET', url: path });
        assert.equal(response.statusCode, 500, path);
        assert.deepEqual(response.json(), { error: { code: 'internal_error', message: 'internal server error' } });
      }
    } finally {
      await app.close();
    }
  });
});
