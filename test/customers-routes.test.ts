import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AccountBuilder } from '../src/emulator/account-builder.ts';
import { generateAccount } from '../src/emulator/generate-account.ts';
import { pollUntil } from './support/poll.ts';
import { startServiceAgainst, type ServiceUnderTest } from './support/service-under-test.ts';

const store = process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite';
const cents = (major: number) => Math.round(major * 100);

describe(`customers API over the demo account (${store})`, () => {
  let sut: ServiceUnderTest;
  let jane: string;
  before(async () => {
    const now = Math.floor(Date.now() / 1000);
    const state = generateAccount({ seed: 1, customers: 300, now });
    const builder = new AccountBuilder(state);
    const price = builder.price({ currency: 'eur', unitAmount: 999, interval: 'month' });
    const customer = builder.customer({ name: 'Jane Q. Searchable', email: 'JANE.Q@Example.com', created: now - 7200 });
    jane = customer.id;
    builder.subscription({ customer, items: [{ price, quantity: 2 }] });
    sut = await startServiceAgainst(state, { env: { EXCHANGE_RATES: 'eur=1.085,gbp=1.27,jpy=0.0067' } });
    await pollUntil(async () => (await sut.get('/api/revenue')).body.as_of, 'the start-up sync', 60_000);
    await sut.running.service.derivationsSettled();
  });
  after(async () => sut?.stop());

  test('every customer, by MRR descending then id, those without MRR last; pages join up and add up to the headline', async () => {
    const revenue = (await sut.get('/api/revenue')).body;
    const seen: any[] = [];
    for (let offset = 0; ; offset += 200) {
      const { status, body } = await sut.get(`/api/customers?limit=200&offset=${offset}`);
      assert.equal(status, 200);
      assert.equal(body.currency, 'usd');
      assert.equal(body.limit, 200);
      assert.equal(body.offset, offset);
      seen.push(...body.customers);
      if (body.customers.length < 200) {
        assert.equal(body.total, seen.length);
        break;
      }
    }
    assert.ok(seen.length >= revenue.customers_total, `${seen.length} listed, ${revenue.customers_total} customers`);
    assert.equal(new Set(seen.map((c) => c.id)).size, seen.length, 'no customer twice');
    for (let i = 1; i < seen.length; i++) {
      const [a, b] = [seen[i - 1], seen[i]];
      assert.ok(a.mrr > b.mrr || (a.mrr === b.mrr && (Object.keys(a.mrr_by_currency).length > 0 || Object.keys(b.mrr_by_currency).length === 0)), `order at ${i}`);
      if (a.mrr === b.mrr && Object.keys(a.mrr_by_currency).length === Object.keys(b.mrr_by_currency).length && a.mrr === 0) assert.ok(a.id < b.id || Object.keys(a.mrr_by_currency).length > 0);
    }
    // Per currency the customers add up to the headline exactly; converted, each customer is rounded on its own.
    const byCurrency: Record<string, number> = {};
    for (const c of seen) for (const [k, v] of Object.entries(c.mrr_by_currency)) byCurrency[k] = (byCurrency[k] ?? 0) + Math.round((v as number) * 1000);
    for (const [k, v] of Object.entries(revenue.mrr_by_currency)) assert.equal(byCurrency[k] ?? 0, Math.round((v as number) * 1000), k);
    const converted = seen.reduce((s, c) => s + cents(c.mrr), 0);
    assert.ok(Math.abs(converted - cents(revenue.mrr)) <= seen.length / 2, `${converted} is ${cents(revenue.mrr)} within rounding`);
    assert.equal(seen.filter((c) => c.paying).length, revenue.customers, 'paying customers');
    const page = (await sut.get('/api/customers?limit=5&offset=5')).body;
    assert.deepEqual(page.customers.map((c: any) => c.id), seen.slice(5, 10).map((c) => c.id));
    const past = (await sut.get('/api/customers?limit=5&offset=100000')).body;
    assert.deepEqual([past.customers, past.total], [[], seen.length]);
  });

  test('search matches id, name or e-mail, case-insensitively', async () => {
    for (const search of ['searchable', 'JANE.Q@EXAMPLE', jane.toUpperCase()]) {
      const { body } = await sut.get(`/api/customers?search=${encodeURIComponent(search)}`);
      assert.equal(body.total, 1, search);
      const [c] = body.customers;
      assert.deepEqual(
        { id: c.id, name: c.name, email: c.email, mrr_by_currency: c.mrr_by_currency, subscriptions: c.subscriptions, paying: c.paying },
        { id: jane, name: 'Jane Q. Searchable', email: 'JANE.Q@Example.com', mrr_by_currency: { eur: 19.98 }, subscriptions: 1, paying: true },
      );
      assert.equal(c.mrr, 21.68); // 1998 × 1.085 = 2167.83 → 2168 cents
    }
    assert.equal((await sut.get('/api/customers?search=no-such-customer-anywhere')).body.total, 0);
  });

  test('a NUL in a search or an id is looked up as stored (U+FFFD), not a 500 (fast-check found search=%00)', async () => {
    const search = await sut.get('/api/customers?search=%00');
    assert.deepEqual([search.status, search.body.total], [200, 0]);
    const one = await sut.get('/api/customers/cus_%00');
    assert.deepEqual([one.status, one.body.error.code], [404, 'not_found']);
  });

  test('one customer: subscriptions, movements newest first, 24 month-end MRR points ending today', async () => {
    const { status, body } = await sut.get(`/api/customers/${jane}`);
    assert.equal(status, 200);
    assert.equal(body.id, jane);
    assert.equal(body.name, 'Jane Q. Searchable');
    assert.equal(body.mrr, 21.68);
    assert.deepEqual(body.mrr_by_currency, { eur: 19.98 });
    assert.equal(body.subscriptions.length, 1);
    const [sub] = body.subscriptions;
    assert.equal(sub.status, 'active');
    assert.equal(sub.currency, 'eur');
    assert.equal(sub.mrr, 19.98);
    assert.equal(sub.cancel_at_period_end, false);
    assert.ok(typeof sub.plan === 'string' && sub.plan.length > 0);
    assert.deepEqual(body.movements.map((m: any) => [m.type, m.amount, m.currency, m.amount_in_currency]), [['new', 21.68, 'eur', 19.98]]);
    assert.equal(body.mrr_history.length, 24);
    assert.equal(body.mrr_history.at(-1).date, new Date().toISOString().slice(0, 10));
    assert.equal(body.mrr_history.at(-1).mrr, 21.68);
    assert.equal(body.mrr_history[0].mrr, 0);
    assert.ok(body.mrr_history.slice(0, -1).every((p: any) => p.date.slice(8) >= '28'), 'month ends');
  });

  test('a busy customer’s MRR history ends at its current MRR, and its movements add up to it', async () => {
    const [top] = (await sut.get('/api/customers?limit=1')).body.customers;
    const { body } = await sut.get(`/api/customers/${top.id}`);
    assert.equal(body.mrr, top.mrr);
    assert.equal(body.mrr_history.at(-1).mrr, top.mrr);
    for (let i = 1; i < body.movements.length; i++) assert.ok(body.movements[i - 1].at >= body.movements[i].at, 'newest first');
  });

  test('unknown id: 404 not_found; an id too long: 400', async () => {
    const missing = await sut.get('/api/customers/cus_nobody');
    assert.deepEqual([missing.status, missing.body.error.code], [404, 'not_found']);
    const long = await sut.get(`/api/customers/${'x'.repeat(256)}`);
    assert.deepEqual([long.status, long.body.error.code], [400, 'invalid_request']);
  });

  test('bad limit or offset: 400', async () => {
    for (const query of ['limit=0', 'limit=201', 'limit=abc', 'offset=-1', 'offset=1.5']) {
      const { status, body } = await sut.get(`/api/customers?${query}`);
      assert.deepEqual([status, body.error.code], [400, 'invalid_request'], query);
    }
  });
});
