// Issue 10: several instances of the service on one PostgreSQL schema serve the same figures, whichever
// instance a change arrived at; each stored event is applied by one of them.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { ControlChanges } from '../src/emulator/control-changes.ts';
import { generateAccount } from '../src/emulator/generate-account.ts';
import type { EmulatorState } from '../src/emulator/index.ts';
import { toMajorUnits } from '../src/metrics/index.ts';
import { linkApplicationName } from '../src/store/postgres-link.ts';
import { expectedDefaultSnapshot } from './support/expected-figures.ts';
import { pollUntil } from './support/poll.ts';
import { startServiceAgainst, startTestService, TEST_SECRET_KEY, type ServiceUnderTest } from './support/service-under-test.ts';
import { TEST_DATABASE_URL, uniqueSchema } from './support/test-database.ts';
import { postSigned } from './support/webhook-client.ts';

const SECRET = 'whsec_shared_store';

/** The figures, apart from when they were asked for and how fresh this instance says they are. */
async function figures(sut: Omit<ServiceUnderTest, 'emulator'>) {
  const { body } = await sut.get('/api/revenue');
  return { mrr: body.mrr, mrr_by_currency: body.mrr_by_currency, customers: body.customers, customers_total: body.customers_total, total_revenue: body.total_revenue, as_of: body.as_of !== null };
}

describe('two instances on one PostgreSQL schema', { skip: TEST_DATABASE_URL === undefined && 'PostgreSQL only (TEST_DATABASE_URL)' }, () => {
  let state: EmulatorState;
  let a: ServiceUnderTest;
  let b: Omit<ServiceUnderTest, 'emulator'>;
  const schema = uniqueSchema('shared');

  before(async () => {
    state = generateAccount({ seed: 31, customers: 60, now: Math.floor(Date.now() / 1000) });
    a = await startServiceAgainst(state, { schema, env: { STRIPE_WEBHOOK_SECRET: SECRET } });
    b = await startTestService({ STRIPE_SECRET_KEY: TEST_SECRET_KEY, STRIPE_API_BASE: String(a.config.stripe.apiBase).replace(/\/$/, ''), STRIPE_WEBHOOK_SECRET: SECRET }, schema);
    await pollUntil(async () => (await a.get('/api/revenue')).body.as_of && (await b.get('/api/revenue')).body.as_of, 'the start-up sync, on both', 30_000);
  });
  after(async () => {
    await b?.running.stop();
    await a?.stop();
  });

  const expectedNow = () => {
    const expected = expectedDefaultSnapshot(state, Math.floor(Date.now() / 1000));
    return { usd: toMajorUnits(expected.mrrByCurrency.usd ?? 0, 'usd'), customers: expected.payingCustomers };
  };

  test('after the sync, and after webhooks sent to either, both serve the account’s figures', async () => {
    await pollUntil(async () => JSON.stringify(await figures(a)) === JSON.stringify(await figures(b)), 'the same figures on both');
    const changes = new ControlChanges(state);
    for (let i = 0; i < 30; i++) {
      const event = changes.make('customer.subscription.updated')!;
      const answer = await postSigned(i % 2 === 0 ? a.running.app : b.running.app, event, SECRET);
      assert.equal(answer.status, 200);
    }
    const expected = expectedNow();
    for (const sut of [a, b]) {
      await pollUntil(async () => {
        const f = await figures(sut);
        return f.mrr_by_currency.usd === expected.usd && f.customers === expected.customers;
      }, 'the account’s figures');
    }
    assert.deepEqual(await figures(a), await figures(b));
    const [unapplied] = await a.running.db.query<{ n: number }>('select count(*)::int as n from stripe_events where processed_at is null');
    assert.equal(unapplied!.n, 0);
  });

  test('each instance’s event stream carries the changes that arrived at the other', async () => {
    const changes = new ControlChanges(state);
    const seen = { a: [] as number[], b: [] as number[] };
    const stops = [a, b].map((sut, i) => {
      const list = i === 0 ? seen.a : seen.b;
      return sut.running.service.subscribe((view) => list.push(view.snapshot.mrr));
    });
    try {
      const event = changes.make('customer.subscription.updated')!;
      assert.equal((await postSigned(b.running.app, event, SECRET)).status, 200);
      const expected = expectedDefaultSnapshot(state, Math.floor(Date.now() / 1000)).mrr;
      await pollUntil(() => seen.a.includes(expected) && seen.b.includes(expected), 'the new MRR published on both');
    } finally {
      for (const stop of stops) stop();
    }
  });

  test('an instance whose connections are cut says its figures are stale, reconnects and catches up on what the other changed meanwhile', async () => {
    const reasons: Array<string | null> = [];
    const unsubscribe = b.running.service.subscribe((view) => reasons.push(view.freshness.lastError));
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    try {
      // The connections both instances listen on.
      const [ended] = (await admin.query<{ n: number }>('select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where application_name = $1', [linkApplicationName(schema)])).rows;
      assert.equal(ended!.n, 2);
    } finally {
      await admin.end();
    }
    const changes = new ControlChanges(state);
    for (let i = 0; i < 5; i++) assert.equal((await postSigned(a.running.app, changes.make('customer.subscription.updated')!, SECRET)).status, 200);
    const expected = expectedNow();
    for (const sut of [a, b]) {
      await pollUntil(async () => {
        const f = await figures(sut);
        return f.mrr_by_currency.usd === expected.usd && f.customers === expected.customers;
      }, 'the account’s figures', 15_000);
    }
    await pollUntil(async () => (await b.get('/api/revenue')).body.stale === false, 'no longer stale once reconnected');
    unsubscribe();
    assert.ok(
      reasons.some((reason) => /^lost the connection to PostgreSQL.*reconnecting: changes made through other instances may be missing$/.test(reason ?? '')),
      `said why while cut off: ${JSON.stringify(reasons)}`,
    );
  });
});
