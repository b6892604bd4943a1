import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { chargesByTimeRepository } from '../../src/store/charges-by-time-repository.ts';
import { customerDetailRepository } from '../../src/store/customer-detail-repository.ts';
import { customerListRepository } from '../../src/store/customer-list-repository.ts';
import type { Database } from '../../src/store/database.ts';
import { movementRowsRepository } from '../../src/store/movement-rows-repository.ts';
import { objectsRepository, type StripeObjectLike } from '../../src/store/objects-repository.ts';
import { revenueChargesRepository } from '../../src/store/revenue-charges-repository.ts';
import { revenueHistoryRepository } from '../../src/store/revenue-history-repository.ts';
import { revenueSubscriptionsRepository, type SubscriptionRevenueRow } from '../../src/store/revenue-subscriptions-repository.ts';
import { openTestDatabase } from '../support/test-database.ts';

const NOW = 1_750_000_000;
// 1 usd = 1; 1 eur cent = 1.25 usd cents; gbp has no rate.
const FACTORS = { usd: '1', eur: '1.25' };

/** Stripe-shaped objects with the fields these reads look at. */
const stored = (...objects: Array<StripeObjectLike & Record<string, unknown>>): StripeObjectLike[] => objects;

const subscription = (id: string, customerId: string, currency: string, mrr: number | null, endedAt: number | null = null): SubscriptionRevenueRow => ({
  subscriptionId: id,
  customerId,
  currency,
  mrr,
  scheduledChurn: false,
  startDate: NOW - 1000,
  currentPeriodStart: null,
  endedAt,
  trialStart: null,
  trialEnd: null,
  nextChange: null,
});

describe(`read repositories for the dashboard (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  let db: Database;
  let drop: () => Promise<void>;
  before(async () => {
    ({ db, drop } = await openTestDatabase());
    const objects = objectsRepository(db);
    await objects.upsert(
      'customer',
      stored(
        { id: 'cus_a', created: 1, name: 'Alice Anders', email: 'alice@example.com' },
        { id: 'cus_b', created: 2, name: 'Bob', email: 'BOB@example.com' },
        { id: 'cus_c', created: 3, name: null, email: null },
        { id: 'cus_d', created: 4, name: 'Dora' },
      ),
      1,
    );
    await objects.upsert('subscription', stored({ id: 'sub_a1', object: 'subscription', customer: 'cus_a', status: 'active', created: 5 }), 1);
    await objects.upsert(
      'charge',
      stored(
        { id: 'ch_1', object: 'charge', customer: 'cus_a', created: NOW - 100, status: 'succeeded', currency: 'usd', amount: 500, amount_captured: 500, amount_refunded: 0 },
        { id: 'ch_2', object: 'charge', customer: 'cus_b', created: NOW - 50, status: 'succeeded', currency: 'eur', amount: 400, amount_captured: 400, amount_refunded: 100 },
        { id: 'ch_3', object: 'charge', customer: 'cus_b', created: NOW + 50, status: 'succeeded', currency: 'usd', amount: 900, amount_captured: 900, amount_refunded: 0 },
        { id: 'ch_0', object: 'charge', customer: 'cus_c', created: NOW - 10_000, status: 'succeeded', currency: 'usd', amount: 100, amount_captured: 100, amount_refunded: 0 },
      ),
      1,
    );
    await revenueChargesRepository(db).replace([], [
      { chargeId: 'ch_1', currency: 'usd', amount: 500 },
      { chargeId: 'ch_2', currency: 'eur', amount: 300 },
      { chargeId: 'ch_3', currency: 'usd', amount: 900 },
      { chargeId: 'ch_0', currency: 'usd', amount: 100 },
    ]);
    await revenueSubscriptionsRepository(db).replace(
      ['sub_a1', 'sub_a2', 'sub_b1', 'sub_c1', 'sub_e1'],
      [
        subscription('sub_a1', 'cus_a', 'usd', 1000),
        subscription('sub_a2', 'cus_a', 'eur', 3),
        subscription('sub_b1', 'cus_b', 'eur', 2000),
        subscription('sub_c1', 'cus_c', 'gbp', 700),
        // A customer known only from a subscription (its object never stored), which has ended.
        subscription('sub_e1', 'cus_e', 'usd', 0, NOW - 10),
      ],
    );
    const change = (at: number, kind: 'new' | 'churn', currency: string, amount: number) => ({
      at,
      kind,
      payingBefore: kind === 'churn',
      payingAfter: kind === 'new',
      amounts: [{ currency, amount }],
      churnCounted: false,
    });
    await revenueHistoryRepository(db).replace([
      { customerId: 'cus_a', intervals: [{ subscriptionId: 'sub_a1', customerId: 'cus_a', currency: 'usd', start: NOW - 1000, end: null, mrr: 1000 }], changes: [change(NOW - 1000, 'new', 'usd', 1000)], paying: true, nextChange: null },
      { customerId: 'cus_b', intervals: [], changes: [change(NOW - 500, 'new', 'eur', 2000)], paying: true, nextChange: null },
      { customerId: 'cus_e', intervals: [], changes: [change(NOW - 900, 'new', 'usd', 50), change(NOW - 10, 'churn', 'usd', -50), change(NOW + 10, 'new', 'usd', 50)], paying: false, nextChange: null },
    ]);
  });
  after(async () => drop());

  const page = (search: string | undefined, limit = 50, offset = 0) => customerListRepository(db).page({ search, limit, offset, factors: FACTORS, now: NOW });

  test('customers by converted MRR (rounded per currency), then those with MRR in a currency without a rate, then the rest by id', async () => {
    const { total, customers } = await page(undefined);
    assert.equal(total, 5);
    assert.deepEqual(
      customers.map((c) => [c.id, c.reportingMrr, c.mrrByCurrency, c.liveSubscriptions, c.paying]),
      [
        ['cus_b', 2500, { eur: 2000 }, 1, true],
        // 1000 usd + round(3 × 1.25 = 3.75) = 1004
        ['cus_a', 1004, { usd: 1000, eur: 3 }, 2, true],
        ['cus_c', 0, { gbp: 700 }, 1, false],
        ['cus_d', 0, {}, 0, false],
        ['cus_e', 0, {}, 0, false],
      ],
    );
    assert.deepEqual([customers[1]!.name, customers[1]!.email, customers[4]!.name], ['Alice Anders', 'alice@example.com', null]);
  });

  test('search: id, name or e-mail, case-insensitive; paging keeps the total', async () => {
    assert.deepEqual((await page('ANDERS')).customers.map((c) => c.id), ['cus_a']);
    assert.deepEqual((await page('bob@')).customers.map((c) => c.id), ['cus_b']);
    assert.deepEqual((await page('CUS_E')).customers.map((c) => c.id), ['cus_e']);
    assert.deepEqual((await page("%'_")).customers, []);
    assert.deepEqual(await page(undefined, 2, 1).then((p) => [p.total, p.customers.map((c) => c.id)]), [5, ['cus_a', 'cus_c']]);
    assert.deepEqual(await page(undefined, 2, 10).then((p) => [p.total, p.customers]), [5, []]);
  });

  test('one customer: object, subscriptions (stored or derived only), movements newest first, intervals', async () => {
    const detail = customerDetailRepository(db);
    assert.deepEqual(await detail.customer('cus_a'), { id: 'cus_a', name: 'Alice Anders', email: 'alice@example.com', created: 1 });
    assert.equal(await detail.customer('cus_e'), undefined);
    const subs = await detail.subscriptions('cus_a');
    assert.deepEqual(subs.map((s) => [s.id, s.currency, s.mrr, s.data === null ? null : (s.data as { status: string }).status]).sort(), [
      ['sub_a1', 'usd', 1000, 'active'],
      ['sub_a2', 'eur', 3, null],
    ]);
    assert.deepEqual((await detail.movements('cus_e')).map((m) => [m.at, m.kind]), [[NOW + 10, 'new'], [NOW - 10, 'churn'], [NOW - 900, 'new']]);
    assert.deepEqual(await detail.intervals('cus_a'), [{ currency: 'usd', start: NOW - 1000, end: null, mrr: 1000 }]);
  });

  test('movements by time: a window, and the latest up to now with names', async () => {
    const movements = movementRowsRepository(db);
    assert.deepEqual((await movements.between(NOW - 1000, NOW)).map((m) => [m.customerId, m.at]).sort(), [
      ['cus_a', NOW - 1000],
      ['cus_b', NOW - 500],
      ['cus_e', NOW - 900],
      ['cus_e', NOW - 10],
    ]);
    const latest = await movements.latest(2, NOW);
    assert.deepEqual(latest.map((m) => [m.customerId, m.at, m.kind, m.name]), [['cus_e', NOW - 10, 'churn', null], ['cus_b', NOW - 500, 'new', 'Bob']]);
  });

  test('charges by time: the latest up to now, and net revenue per currency after an instant', async () => {
    const charges = chargesByTimeRepository(db);
    const latest = await charges.latest(2, NOW);
    assert.deepEqual(latest.map((c) => [c.id, c.customerId, c.name, c.data.amount_refunded]), [['ch_2', 'cus_b', 'Bob', 100], ['ch_1', 'cus_a', 'Alice Anders', 0]]);
    const since = (await charges.netSince(NOW - 1000)).sort((a, b) => (a.currency < b.currency ? -1 : 1));
    assert.deepEqual(since, [{ currency: 'eur', amount: 300 }, { currency: 'usd', amount: 1400 }]);
  });
});
