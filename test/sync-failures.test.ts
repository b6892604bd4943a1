import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AccountBuilder } from '../src/emulator/account-builder.ts';
import { EmulatorState } from '../src/emulator/index.ts';
import { migrate, MigrationError } from '../src/store/migrate.ts';
import { openPgliteDatabase } from '../src/store/pglite-database.ts';
import { openPostgresDatabase } from '../src/store/postgres-database.ts';
import { pollUntil } from './support/poll.ts';
import { startServiceAgainst, TEST_SECRET_KEY } from './support/service-under-test.ts';
import { dropTestSchema, TEST_DATABASE_URL, uniqueSchema } from './support/test-database.ts';

const store = TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite';

function smallAccount() {
  const state = new EmulatorState();
  const b = new AccountBuilder(state);
  const price = b.price({ currency: 'usd', unitAmount: 5000, interval: 'month' });
  const customers = [b.customer({}), b.customer({}), b.customer({})];
  for (const customer of customers) b.subscription({ customer, items: [{ price, quantity: 1 }] });
  return { state, customers };
}

describe(`sync failures and deletions (${store})`, () => {
  test('a wrong key fails the sync with Stripe’s reason, never the key itself', async () => {
    const { state } = smallAccount();
    const wrongKey = 'sk_test_not_the_right_one_at_all';
    const sut = await startServiceAgainst(state, { secretKey: wrongKey });
    try {
      const revenue = await pollUntil(async () => {
        const r = await sut.get('/api/revenue');
        return r.body.stale ? r : undefined;
      }, 'the start-up sync to fail');
      assert.match(revenue.body.last_error, /401/);
      assert.ok(!revenue.body.last_error.includes(wrongKey));
      assert.equal(revenue.body.mrr, 0);
      assert.equal(revenue.body.as_of, null, 'never synced');
      assert.equal(revenue.body.last_sync.result, 'failed');
      assert.match(revenue.body.last_sync.error, /401/);
      assert.ok(!Number.isNaN(Date.parse(revenue.body.last_sync.at)));
      const { status, body } = await sut.post('/api/revenue/sync');
      assert.equal(status, 502);
      assert.ok(!JSON.stringify(body).includes(wrongKey));
    } finally {
      await sut.stop();
    }
  });

  test('a customer deleted in Stripe is marked deleted by the next sync, and its MRR goes with it', async () => {
    const { state, customers } = smallAccount();
    const sut = await startServiceAgainst(state);
    try {
      await pollUntil(async () => (await sut.get('/api/revenue')).body.as_of, 'the start-up sync');
      assert.equal((await sut.get('/api/revenue')).body.customers_total, 3);
      state.delete('customer', customers[0]!.id);
      const subscriptions = state.collection('subscription').newestFirst();
      for (let i = 0; i < subscriptions.length; i++) {
        const sub = subscriptions.at(i);
        if (sub.customer === customers[0]!.id) state.replace('subscription', { ...sub, status: 'canceled', ended_at: state.now(), canceled_at: state.now() });
      }
      const { body } = await sut.post('/api/revenue/sync');
      assert.equal(body.data.customers_total, 2);
      assert.equal(body.data.customers, 2);
      assert.equal(body.data.mrr, 100);
      const [row] = await sut.running.db.query<{ deleted: boolean }>("select deleted from stripe_objects where type = 'customer' and id = $1", [customers[0]!.id]);
      assert.equal(row?.deleted, true);
    } finally {
      await sut.stop();
    }
  });

  test('GET /health answers 503 unhealthy when the database is gone', async () => {
    const { state } = smallAccount();
    const sut = await startServiceAgainst(state);
    try {
      await pollUntil(async () => (await sut.get('/api/revenue')).body.as_of, 'the start-up sync');
      await sut.running.db.close();
      const { status, body } = await sut.get('/health');
      assert.equal(status, 503);
      assert.equal(body.status, 'unhealthy');
      assert.equal(body.service, 'revenue-agent');
      // A request that needs the store (the summary counts trials there) fails with the generic 5xx
      // shape, never the driver's message; what is served from memory still is.
      const summary = await sut.get('/api/metrics/summary');
      assert.equal(summary.status, 500);
      assert.deepEqual(summary.body, { error: { code: 'internal_error', message: 'internal server error' } });
      assert.equal((await sut.get('/api/metrics/mrr')).status, 200);
    } finally {
      await sut.stop();
    }
  });

  test('a failed migration is reported by name and records nothing', async () => {
    const schema = uniqueSchema('mig');
    const db = TEST_DATABASE_URL
      ? await openPostgresDatabase({ url: TEST_DATABASE_URL, schema })
      : await openPgliteDatabase({ schema });
    try {
      await db.exec('create table stripe_objects (in_the_way integer)');
      await assert.rejects(migrate(db), (error: unknown) => error instanceof MigrationError && /001_/.test(error.message));
      const [row] = await db.query<{ n: number }>('select count(*)::int as n from schema_migrations');
      assert.equal(row?.n, 0);
    } finally {
      await db.close();
      await dropTestSchema(schema);
    }
  });

  test('the key never reaches a response', async () => {
    const { state } = smallAccount();
    const sut = await startServiceAgainst(state);
    try {
      await pollUntil(async () => (await sut.get('/api/revenue')).body.as_of, 'the start-up sync');
      for (const path of ['/api/revenue', '/health', '/nope']) {
        assert.ok(!JSON.stringify((await sut.get(path)).body).includes(TEST_SECRET_KEY));
      }
    } finally {
      await sut.stop();
    }
  });
});
