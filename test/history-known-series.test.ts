import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { expectedMrrSeries } from '../src/emulator/expected-mrr.ts';
import { generateAccount } from '../src/emulator/generate-account.ts';
import type { EmulatorState } from '../src/emulator/index.ts';
import { convertTotal, toMajorUnits, type RatesConfig } from '../src/metrics/index.ts';
import { pollUntil } from './support/poll.ts';
import { startServiceAgainst, type ServiceUnderTest } from './support/service-under-test.ts';

const store = process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite';
const RATES = 'eur=1.085,gbp=1.27,jpy=0.0067';
const rates: RatesConfig = { reportingCurrency: 'usd', rates: new Map(RATES.split(',').map((pair) => pair.split('=') as [string, string])) };
const DAY = 86_400;
const isoDate = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 10);
const endOf = (date: string) => Date.parse(`${date}T23:59:59Z`) / 1000;
const today = () => new Date().toISOString().slice(0, 10);
const cents = (major: number) => Math.round(major * 100);

/** The dates of the API's month points: each month's last day from `first`'s month on, then `to` itself. */
function monthEnds(first: number, to: string): string[] {
  const start = new Date(first * 1000);
  const dates: string[] = [];
  for (let m = 1; ; m++) {
    const last = isoDate(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + m, 1) / 1000 - DAY);
    if (last >= to) return [...dates, to];
    dates.push(last);
  }
}

/** The plan's MRR at the end of each date, converted and rounded once per currency as the service does. */
function expectedPoints(state: EmulatorState, dates: readonly string[]) {
  return expectedMrrSeries(state, dates.map(endOf)).map((point, i) => {
    let minor = 0;
    for (const [currency, amount] of Object.entries(point.mrr)) minor += convertTotal(amount, currency, rates) as number;
    return { date: dates[i], mrr: toMajorUnits(minor, 'usd'), customers: point.payingCustomers };
  });
}

describe(`the MRR history of an account with a known series (${store})`, () => {
  let state: EmulatorState;
  let sut: ServiceUnderTest;
  let firstStart: number;

  before(async () => {
    // Invoices that round nothing, so rule 10 must give the plan's MRR exactly, not within rounding.
    // Seed 1 holds a deleted customer whose forever discount shows only on its invoices: the history must find its coupon there.
    state = generateAccount({ seed: 1, customers: 300, now: Math.floor(Date.now() / 1000), exactInvoices: true });
    firstStart = Math.min(...[...state.collection('subscription').values()].map((s) => s.created));
    sut = await startServiceAgainst(state, { env: { EXCHANGE_RATES: RATES } });
    await pollUntil(async () => (await sut.get('/api/revenue')).body.as_of, 'the start-up sync', 60_000);
  });
  after(async () => sut?.stop());

  test('the account holds what history must get right', () => {
    const subs = [...state.collection('subscription').values()];
    const cadences = new Set(subs.map((s) => `${s.items.data[0]?.price.recurring?.interval}/${s.items.data[0]?.price.recurring?.interval_count}`));
    for (const cadence of ['month/1', 'year/1', 'month/3', 'week/1']) assert.ok(cadences.has(cadence), cadence);
    for (const currency of ['usd', 'eur', 'jpy']) assert.ok(subs.some((s) => s.currency === currency), currency);
    const durations = new Set(state.plan.spans.flatMap((span) => [...span.discounts, ...span.items.flatMap((i) => i.discounts)].map((d) => d.coupon.duration)));
    assert.ok(durations.has('forever') && (durations.has('repeating') || durations.has('once')), [...durations].join());
    assert.ok(state.plan.spans.some((span) => span.customerDiscount !== null));
    assert.ok(subs.some((s) => s.status === 'trialing') && subs.some((s) => s.status === 'canceled'));
    const bySubscription = new Map<string, number>();
    for (const span of state.plan.spans) bySubscription.set(span.subscription, (bySubscription.get(span.subscription) ?? 0) + 1);
    assert.ok([...bySubscription.values()].some((spans) => spans > 1), 'an upgrade or downgrade');
    const counted = new Map<string, Set<string>>();
    for (const span of state.plan.spans) counted.set(span.customer, (counted.get(span.customer) ?? new Set()).add(span.subscription));
    assert.ok([...counted.values()].some((ids) => ids.size > 1), 'a customer paying on two subscriptions');
  });

  test('every month-end, and today, is the plan’s MRR to the cent, with its paying customers', async () => {
    const to = today();
    const { status, body } = await sut.get(`/api/metrics/mrr?from=${isoDate(firstStart)}&to=${to}&interval=month`);
    assert.equal(status, 200);
    assert.equal(body.currency, 'usd');
    const dates = monthEnds(firstStart, to);
    assert.ok(dates.length >= 18, `${dates.length} months`);
    const expected = expectedPoints(state, dates);
    assert.ok(expected.filter((p) => p.mrr > 0).length >= 17, 'MRR in nearly every month');
    assert.deepEqual(body.points, expected);
    assert.deepEqual((await sut.get('/api/revenue')).body.mrr, expected.at(-1)?.mrr, 'today is the headline');
  });

  test('the movements over the whole history sum to the change in MRR', async () => {
    const to = today();
    const range = `from=${isoDate(firstStart)}&to=${to}&interval=month`;
    const points = (await sut.get(`/api/metrics/mrr?${range}`)).body.points;
    const moves = (await sut.get(`/api/metrics/movements?${range}`)).body.points;
    assert.equal(moves.length, points.length);
    const first = new Date(firstStart * 1000);
    const justBefore = Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), 1) / 1000 - 1;
    assert.deepEqual(expectedMrrSeries(state, [justBefore])[0]?.mrr, {}, 'no MRR before the first period');
    let sum = 0;
    for (const m of moves) sum += cents(m.new) + cents(m.expansion) + cents(m.contraction) + cents(m.churn) + cents(m.reactivation);
    assert.equal(sum, cents(points.at(-1).mrr));
    assert.ok(moves.some((m: any) => m.churn < 0) && moves.some((m: any) => m.reactivation > 0) && moves.some((m: any) => m.contraction < 0));
  });
});
