// Issue 8: the SQL views of docs/sql.md say what the API says, so a BI tool pointed at the store charts
// the same MRR without our API.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { generateAccount } from '../src/emulator/generate-account.ts';
import { pollUntil } from './support/poll.ts';
import { startServiceAgainst, type ServiceUnderTest } from './support/service-under-test.ts';

const store = process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite';
const cents = (major: number) => Math.round(major * 100);
const today = () => new Date().toISOString().slice(0, 10);

describe(`the SQL views agree with the API (${store})`, () => {
  let sut: ServiceUnderTest;
  const query = <T>(sql: string, params: unknown[] = []) => sut.running.db.query<T>(sql, params);
  const revenue = async () => (await sut.get('/api/revenue')).body;

  before(async () => {
    const state = generateAccount({ seed: 5, customers: 80, now: Math.floor(Date.now() / 1000) });
    sut = await startServiceAgainst(state);
    await pollUntil(async () => (await revenue()).as_of, 'the start-up sync');
  });
  after(async () => sut?.stop());

  test('subscription_mrr: current MRR per currency, in minor and major units', async () => {
    const rows = await query<{ currency: string; minor: number; major: string }>(
      'select currency, sum(mrr_minor)::bigint as minor, sum(mrr)::text as major from subscription_mrr group by currency order by currency',
    );
    const body = await revenue();
    assert.deepEqual(Object.fromEntries(rows.map((r) => [r.currency, Number(r.major)])), body.mrr_by_currency);
    const usd = rows.find((r) => r.currency === 'usd')!;
    assert.equal(usd.minor, cents(body.mrr_by_currency.usd));
    const [statuses] = await query<{ unknown: number }>("select count(*) filter (where status is null)::int as unknown from subscription_mrr");
    assert.equal(statuses!.unknown, 0);
  });

  test('mrr_daily: every day to today; today is the headline, month ends are the API’s points', async () => {
    const body = await revenue();
    const todays = await query<{ currency: string; mrr_minor: number; paying_customers: number }>(
      'select currency, mrr_minor, paying_customers from mrr_daily where day = current_date and mrr_minor <> 0',
    );
    assert.deepEqual(Object.fromEntries(todays.map((r) => [r.currency, r.mrr_minor])), Object.fromEntries(Object.entries(body.mrr_by_currency as Record<string, number>).map(([c, v]) => [c, c === 'jpy' ? v : cents(v)])));
    assert.equal(todays[0]!.paying_customers, body.customers);
    const [gaps] = await query<{ days: number; span: number }>("select count(distinct day)::int as days, (max(day) - min(day) + 1)::int as span from mrr_daily");
    assert.equal(gaps!.days, gaps!.span, 'no day is missing');
    const points = (await sut.get(`/api/metrics/mrr?from=2026-01-01&to=${today()}&interval=month`)).body.points as Array<{ date: string; mrr: number; customers: number }>;
    for (const point of points) {
      const [row] = await query<{ mrr: number | null; paying: number | null }>(
        "select sum(mrr_minor) filter (where currency = 'usd')::bigint as mrr, max(paying_customers)::int as paying from mrr_daily where day = $1::date",
        [point.date],
      );
      assert.equal(row!.mrr ?? 0, cents(point.mrr), point.date);
      assert.equal(row!.paying ?? 0, point.customers, point.date);
    }
  });

  test('customer_mrr_daily sums to mrr_daily on any day', async () => {
    for (const day of ['2026-03-31', '2026-08-15', today()]) {
      const byCustomer = await query<{ currency: string; mrr: number }>(
        'select currency, sum(mrr_minor)::bigint as mrr from customer_mrr_daily where day = $1::date group by currency order by currency',
        [day],
      );
      const account = await query<{ currency: string; mrr: number }>(
        'select currency, mrr_minor as mrr from mrr_daily where day = $1::date and mrr_minor <> 0 order by currency',
        [day],
      );
      assert.deepEqual(byCustomer, account, day);
    }
  });

  test('mrr_movements: each month’s movements by kind, as the API classifies them', async () => {
    const months = (await sut.get(`/api/metrics/movements?from=2026-01-01&to=${today()}&interval=month`)).body.points as Array<Record<string, number | string>>;
    for (const month of months) {
      const rows = await query<{ kind: string; amount: number }>(
        "select kind, sum(amount_minor)::bigint as amount from mrr_movements where currency = 'usd' and month = $1::date group by kind",
        [`${month.period}-01`],
      );
      const sums = Object.fromEntries(rows.map((r) => [r.kind, r.amount]));
      for (const kind of ['new', 'expansion', 'contraction', 'churn', 'reactivation']) assert.equal(sums[kind] ?? 0, cents(month[kind] as number), `${month.period} ${kind}`);
    }
  });
});
