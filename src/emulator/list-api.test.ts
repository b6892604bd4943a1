import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AccountBuilder } from './account-builder.ts';
import { createEmulator } from './index.ts';
import { get, ids, T0, TEST_KEY } from './test-support.ts';

/** 25 customers created one per hour, plus two sharing the last second (to check tie order). */
function customersAccount() {
  const b = new AccountBuilder({ now: () => T0 + 100 * 3600 });
  const made = Array.from({ length: 25 }, (_, i) => b.customer({ created: T0 + i * 3600 }));
  const tieA = b.customer({ created: T0 + 30 * 3600 });
  const tieB = b.customer({ created: T0 + 30 * 3600 });
  const gone = b.customer({ created: T0 + 31 * 3600, deleted: true });
  const { app } = createEmulator({ secretKey: TEST_KEY, state: b.state });
  return { app, made, tieA, tieB, gone };
}

describe('list pagination', () => {
  const { app, made, tieA, tieB, gone } = customersAccount();
  const newest = [tieB.id, tieA.id, ...made.map((c) => c.id).reverse()];

  test('defaults: newest first, ties by later insertion, 10 per page, list envelope', async () => {
    const { status, body } = await get(app, '/v1/customers');
    assert.equal(status, 200);
    assert.equal(body.object, 'list');
    assert.equal(body.url, '/v1/customers');
    assert.equal(body.has_more, true);
    assert.deepEqual(ids(body), newest.slice(0, 10));
  });

  test('deleted customers are never listed', async () => {
    const { body } = await get(app, '/v1/customers?limit=100');
    assert.deepEqual(ids(body), newest);
    assert.ok(!ids(body).includes(gone.id));
    assert.equal(body.has_more, false);
  });

  test('limit must be 1..100', async () => {
    for (const bad of ['0', '101', 'abc', '-1']) {
      const { status, body } = await get(app, `/v1/customers?limit=${bad}`);
      assert.equal(status, 400, bad);
      assert.equal(body.error.type, 'invalid_request_error');
      assert.equal(body.error.param, 'limit');
    }
    assert.equal((await get(app, '/v1/customers?limit=1')).body.data.length, 1);
    assert.equal((await get(app, '/v1/customers?limit=100')).status, 200);
  });

  test('starting_after walks forward to the end; ending_before walks back', async () => {
    const walked: string[] = [];
    let cursor: string | null = null;
    for (;;) {
      const page: { body: any } = await get(app, `/v1/customers?limit=7${cursor ? `&starting_after=${cursor}` : ''}`);
      walked.push(...ids(page.body));
      if (!page.body.has_more) break;
      cursor = walked[walked.length - 1] ?? null;
    }
    assert.deepEqual(walked, newest);

    const before = await get(app, `/v1/customers?limit=3&ending_before=${newest[5]}`);
    assert.deepEqual(ids(before.body), newest.slice(2, 5));
    assert.equal(before.body.has_more, true);
    const first = await get(app, `/v1/customers?limit=3&ending_before=${newest[2]}`);
    assert.deepEqual(ids(first.body), newest.slice(0, 2));
    assert.equal(first.body.has_more, false);
  });

  test('a cursor naming a deleted customer still works (it keeps its place)', async () => {
    const { status, body } = await get(app, `/v1/customers?limit=1&starting_after=${gone.id}`);
    assert.equal(status, 200);
    assert.deepEqual(ids(body), [tieB.id]);
  });

  test('unknown cursor is 404 resource_missing; both cursors is 400', async () => {
    const missing = await get(app, '/v1/customers?starting_after=cus_nope');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.code, 'resource_missing');
    assert.equal(missing.body.error.param, 'starting_after');
    assert.equal((await get(app, '/v1/customers?ending_before=cus_nope')).status, 404);
    const both = await get(app, `/v1/customers?starting_after=${tieA.id}&ending_before=${tieB.id}`);
    assert.equal(both.status, 400);
  });

  test('created filters: exact, gte/gt/lte/lt, combined', async () => {
    const at = (h: number) => T0 + h * 3600;
    const exact = await get(app, `/v1/customers?created=${at(30)}`);
    assert.deepEqual(ids(exact.body), [tieB.id, tieA.id]);
    const range = await get(app, `/v1/customers?created[gte]=${at(3)}&created[lt]=${at(6)}`);
    assert.deepEqual(ids(range.body), [made[5]?.id, made[4]?.id, made[3]?.id]);
    const open = await get(app, `/v1/customers?created[gt]=${at(3)}&created[lte]=${at(5)}`);
    assert.deepEqual(ids(open.body), [made[5]?.id, made[4]?.id]);
    const bad = await get(app, '/v1/customers?created[gte]=soon');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.param, 'created[gte]');
    assert.equal((await get(app, '/v1/customers?created[after]=1')).status, 400);
  });

  test('unknown parameters are rejected like Stripe does', async () => {
    const { status, body } = await get(app, '/v1/customers?colour=blue');
    assert.equal(status, 400);
    assert.equal(body.error.param, 'colour');
  });
});

describe('subscription and charge filters', () => {
  const b = new AccountBuilder({ now: () => T0 + 400 * 86_400 });
  const price = b.price({ unitAmount: 1000 });
  const alice = b.customer({ created: T0 });
  const bob = b.customer({ created: T0 });
  const statuses = ['active', 'trialing', 'past_due', 'canceled', 'incomplete_expired', 'unpaid', 'paused'] as const;
  const subs = statuses.map((status, i) =>
    b.subscription({ customer: i % 2 ? bob : alice, items: [{ price }], status, created: T0 + i * 86_400 }),
  );
  const charges = [alice, bob, alice].map((c, i) => b.charge({ customer: c, amount: 500, created: T0 + i }));
  const { app } = createEmulator({ secretKey: TEST_KEY, state: b.state });
  const subId = (status: string) => subs.find((s) => s.status === status)?.id;

  test('by default canceled and incomplete_expired subscriptions are left out', async () => {
    const { body } = await get(app, '/v1/subscriptions?limit=100');
    assert.deepEqual(ids(body), subs.filter((s) => !['canceled', 'incomplete_expired'].includes(s.status)).map((s) => s.id).reverse());
  });

  test('status=all, status=ended, a single status, and a bad status', async () => {
    assert.equal((await get(app, '/v1/subscriptions?status=all&limit=100')).body.data.length, statuses.length);
    assert.deepEqual(ids((await get(app, '/v1/subscriptions?status=ended')).body), [subId('incomplete_expired'), subId('canceled')]);
    assert.deepEqual(ids((await get(app, '/v1/subscriptions?status=canceled')).body), [subId('canceled')]);
    const canceled = (await get(app, `/v1/subscriptions/${subId('canceled')}`)).body;
    assert.equal(canceled.ended_at, T0 + 400 * 86_400);
    const bad = await get(app, '/v1/subscriptions?status=sleeping');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.param, 'status');
  });

  test('customer filter on subscriptions, charges and invoices', async () => {
    const bobs = await get(app, `/v1/subscriptions?status=all&customer=${bob.id}`);
    assert.ok(bobs.body.data.every((s: { customer: string }) => s.customer === bob.id));
    assert.equal(bobs.body.data.length, 3);
    const aliceCharges = await get(app, `/v1/charges?customer=${alice.id}`);
    assert.deepEqual(ids(aliceCharges.body), [charges[2]?.id, charges[0]?.id]);
    const sub = subs[0];
    assert.ok(sub);
    const invoice = b.invoice({ subscription: sub });
    const invoices = await get(app, `/v1/invoices?customer=${alice.id}`);
    assert.deepEqual(ids(invoices.body), [invoice.id]);
    assert.deepEqual((await get(app, `/v1/invoices?customer=${bob.id}`)).body.data, []);
  });
});
