import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Database } from '../../src/store/database.ts';
import { objectsRepository } from '../../src/store/objects-repository.ts';
import { openTestDatabase } from '../support/test-database.ts';

const ids = (written: Array<{ id: string }>) => written.map((w) => w.id);

describe(`objects repository (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  let db: Database;
  let drop: () => Promise<void>;
  before(async () => ({ db, drop } = await openTestDatabase()));
  after(async () => drop());

  /** Stored objects of a type that are not deleted, counted straight from the table. */
  const live = async (type: string, includeDeleted = false) => {
    const [row] = await db.query<{ n: number }>('select count(*)::int as n from stripe_objects where type = $1 and ($2 or not deleted)', [
      type,
      includeDeleted,
    ]);
    return row!.n;
  };

  const sub = (id: string, status: string, extra: Record<string, unknown> = {}) => ({
    id,
    object: 'subscription',
    customer: 'cus_1',
    status,
    created: 1_700_000_000,
    ...extra,
  });

  test('stores raw JSON with its columns and reads it back', async () => {
    const objects = objectsRepository(db);
    const written = await objects.upsert('subscription', [sub('sub_a', 'active', { note: 'ünïcode', amount: '12.3456' })], 100);
    assert.deepEqual(written, [{ id: 'sub_a', customerId: 'cus_1', changed: true, watchedChanged: true, wasLive: false, live: true }]);
    const stored = await objects.get<Record<string, unknown>>('subscription', 'sub_a');
    assert.equal(stored?.data.note, 'ünïcode');
    assert.equal(stored?.data.amount, '12.3456');
    assert.equal(stored?.version, 100);
    const [row] = await db.query<{ customer_id: string; created: number }>(
      "select customer_id, created from stripe_objects where type = 'subscription' and id = 'sub_a'",
    );
    assert.deepEqual(row, { customer_id: 'cus_1', created: 1_700_000_000 });
  });

  test('an older state never overwrites a newer one; the same version replaces (delivery order)', async () => {
    const objects = objectsRepository(db);
    await objects.upsert('subscription', [sub('sub_b', 'active')], 200);
    assert.deepEqual(await objects.upsert('subscription', [sub('sub_b', 'past_due')], 199), []);
    assert.equal((await objects.get<{ status: string }>('subscription', 'sub_b'))?.data.status, 'active');
    assert.deepEqual(ids(await objects.upsert('subscription', [sub('sub_b', 'canceled')], 200)), ['sub_b']);
    assert.equal((await objects.get<{ status: string }>('subscription', 'sub_b'))?.data.status, 'canceled');
  });

  test('a deletion is only undone by a strictly newer state', async () => {
    const objects = objectsRepository(db);
    await objects.upsert('customer', [{ id: 'cus_d', created: 1 }], 300);
    await objects.upsert('customer', [{ id: 'cus_d', deleted: true }], 301);
    assert.deepEqual(await objects.upsert('customer', [{ id: 'cus_d', created: 1 }], 301), []);
    const stored = await objects.get<{ deleted?: boolean; created: number }>('customer', 'cus_d');
    assert.equal(stored?.deleted, true);
    assert.equal(stored?.data.created, 1, 'a deletion keeps what was known of the object');
    assert.deepEqual(await objects.upsert('customer', [{ id: 'cus_d', created: 1 }], 302), [{ id: 'cus_d', customerId: 'cus_d', changed: true, watchedChanged: false, wasLive: false, live: true }]);
  });

  test('one write of several objects, each with its own version, keeps what writing them one by one keeps', async () => {
    const objects = objectsRepository(db);
    await objects.upsert('customer', [{ id: 'cus_v1', created: 1 }, { id: 'cus_v2', created: 1 }], 500);
    const written = await objects.upsert(
      'customer',
      [
        { id: 'cus_v1', created: 2 },
        { id: 'cus_v2', created: 3 },
        { id: 'cus_v1', created: 4 },
        { id: 'cus_v2', deleted: true },
        { id: 'cus_v2', created: 5 },
      ],
      [600, 499, 601, 700, 700],
    );
    assert.deepEqual(ids(written).sort(), ['cus_v1', 'cus_v2']);
    assert.equal((await objects.get<{ created: number }>('customer', 'cus_v1'))?.data.created, 4, 'the newer of two states');
    assert.equal((await objects.get('customer', 'cus_v2'))?.deleted, true, 'a deletion is not undone by a state of the same time');
    assert.equal((await objects.get('customer', 'cus_v2'))?.version, 700);
  });

  test('upserting the same batch twice leaves the same state, and says nothing changed', async () => {
    const objects = objectsRepository(db);
    const batch = Array.from({ length: 250 }, (_, i) => ({ id: `ch_${String(i).padStart(4, '0')}`, created: i, customer: null }));
    assert.equal((await objects.upsert('charge', batch, 400)).filter((w) => w.changed).length, 250);
    const first = await db.query("select id, data, version from stripe_objects where type = 'charge' order by id");
    assert.equal((await objects.upsert('charge', batch, 400)).filter((w) => w.changed).length, 0);
    const second = await db.query("select id, data, version from stripe_objects where type = 'charge' order by id");
    assert.deepEqual(second, first);
    assert.equal(await live('charge'), 250);
  });

  test('scan pages through every row in id order', async () => {
    const objects = objectsRepository(db);
    const ids: string[] = [];
    for await (const page of objects.scan('charge', { batchSize: 100 })) {
      assert.ok(page.length <= 100);
      ids.push(...page.map((r) => r.id));
    }
    assert.equal(ids.length, 250);
    assert.deepEqual(ids, [...ids].sort());
  });

  test('unlistedIds: what a listing from `listedFrom` on did not write, but not rows newer than it', async () => {
    const objects = objectsRepository(db);
    await objects.upsert('coupon', [{ id: 'co_keep' }, { id: 'co_gone' }], 500);
    await objects.upsert('coupon', [{ id: 'co_new_during_sync' }], 510);
    await objects.upsert('coupon', [{ id: 'co_keep' }], 506);
    assert.deepEqual(await objects.unlistedIds('coupon', 505), ['co_gone']);
  });

  test('watched fields: a change elsewhere in the object is a change, but not to them', async () => {
    const objects = objectsRepository(db);
    const price: { id: string; unit_amount: number; nickname: string } = { id: 'price_w', unit_amount: 1000, nickname: 'Basic' };
    await objects.upsert('price', [price], 600, ['unit_amount']);
    assert.deepEqual(await objects.upsert('price', [{ ...price, nickname: 'Starter' } as typeof price], 601, ['unit_amount']), [
      { id: 'price_w', customerId: null, changed: true, watchedChanged: false, wasLive: true, live: true },
    ]);
    assert.deepEqual(await objects.upsert('price', [{ ...price, nickname: 'Starter', unit_amount: 1200 } as typeof price], 602, ['unit_amount']), [
      { id: 'price_w', customerId: null, changed: true, watchedChanged: true, wasLive: true, live: true },
    ]);
  });
});
