import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { applyObjects } from '../src/ingest/apply-objects.ts';
import type { DerivationContext } from '../src/ingest/derivation-context.ts';
import { PermanentEventFailure } from '../src/ingest/event-failure.ts';
import { customer } from '../src/metrics/test-fixtures.ts';
import type { Database } from '../src/store/database.ts';
import { objectsRepository } from '../src/store/objects-repository.ts';
import { openTestDatabase } from './support/test-database.ts';

const store = process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite';

/** An object whose shape can't be read: fails its event for good, but is only left out of a sync page. */
describe(`applyObjects, objects it can't read (${store})`, () => {
  let db: Database;
  let drop: () => Promise<void>;
  const unreadable: Array<{ type: string; id: string; reason: string }> = [];
  const ctx: DerivationContext = {
    policy: 'forever',
    rates: { reportingCurrency: 'usd', rates: new Map() },
    now: () => 1_750_000_000,
    onUnpriced: () => undefined,
    onUnreadable: (type, id, reason) => unreadable.push({ type, id, reason }),
    counters: { subscriptionsPriced: 0, historiesDerived: 0 },
  };
  before(async () => ({ db, drop } = await openTestDatabase()));
  after(async () => drop());

  const odd = { ...customer({ id: 'cus_odd', email: 'private@example.com' }), discount: { id: 'di_1', end: 'never' } };
  const fine = customer({ id: 'cus_fine' });

  test('from an event: a PermanentEventFailure naming the object and the field, nothing stored', async () => {
    await assert.rejects(
      db.transaction((tx) => applyObjects(tx, [{ type: 'customer', objects: [odd], version: 1 }], ctx, 'now')),
      (error: Error) => error instanceof PermanentEventFailure && /^customer cus_odd can't be read: discount/.test(error.message) && !error.message.includes('example.com'),
    );
    assert.equal((await objectsRepository(db).storedIds('customer', ['cus_odd'])).size, 0);
  });

  test('from a sync page: left out and reported, the rest of the page stored', async () => {
    await db.transaction((tx) => applyObjects(tx, [{ type: 'customer', objects: [odd, fine], version: [1, 2] }], ctx, 'sync'));
    assert.deepEqual([...(await objectsRepository(db).storedIds('customer', ['cus_odd', 'cus_fine']))], ['cus_fine']);
    assert.equal(unreadable.length, 1);
    assert.equal(unreadable[0]!.id, 'cus_odd');
    assert.match(unreadable[0]!.reason, /^discount\.end: /);
  });
});
