// Issue 8: an object write and the revenue derived from it commit together, so no crash can leave them
// apart. The service is killed (SIGKILL) while it applies a burst of webhooks, then started again on the
// same store: every acknowledged event is applied once, and the derived state equals a rebuild.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../src/config/config.ts';
import { startLiveActivity } from '../src/emulator/live-activity.ts';
import { STRIPE_SCHEMA } from '../src/server/open-store.ts';
import { openDatabase } from '../src/store/open-database.ts';
import { startServeProcess, stopProcess } from './support/cli-process.ts';
import { derivedTables, rebuiltFrom } from './support/derived-state.ts';
import { pollUntil } from './support/poll.ts';
import { serveFixture, type ServeFixture } from './support/serve-fixture.ts';
import { TEST_DATABASE_URL } from './support/test-database.ts';

const store = TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite';
const WEBHOOK_SECRET = 'whsec_crash_restart_test';

const asOf = async (url: string) => ((await (await fetch(`${url}/api/revenue`)).json()) as { as_of: string | null }).as_of;

describe(`a crash while events are applied leaves objects and derived revenue together (${store})`, () => {
  let fixture: ServeFixture;
  before(async () => {
    fixture = await serveFixture({ seed: 4, customers: 80, storePrefix: 'crash', webhookSecret: WEBHOOK_SECRET });
  });
  after(async () => fixture?.close());

  test('kill -9 during a burst, start again: every acknowledged event applied, derived state equal to a rebuild', async () => {
    const first = await startServeProcess(fixture.env);
    await pollUntil(() => asOf(first.url), 'the start-up sync', 30_000);
    const live = startLiveActivity({ state: fixture.state, seed: 9, intervalMs: 0, webhook: { url: `${first.url}/webhooks/stripe`, secret: WEBHOOK_SECRET } });
    for (let i = 0; i < 40; i++) await live.tick();
    await pollUntil(() => (live.deliveries?.delivered ?? 0) >= 25, 'a share of the burst acknowledged');
    first.child.kill('SIGKILL');
    await stopProcess(first.child);
    await live.stop();
    const acknowledged = live.deliveries!.delivered;

    const second = await startServeProcess(fixture.env);
    await pollUntil(() => asOf(second.url), 'the sync after the restart', 30_000);
    assert.equal(await stopProcess(second.child), 0);

    const db = await openDatabase({ ...fixture.store.location, schema: STRIPE_SCHEMA });
    try {
      // Webhooks acknowledged before the crash are applied before the service listens again; events the
      // catch-up fetched from Stripe meanwhile may still wait for the next start, stored.
      const [events] = await db.query<{ stored: number; unapplied: number }>(
        `select count(*)::int as stored, (count(*) filter (where processed_at is null))::int as unapplied
         from stripe_events where source = 'webhook'`,
      );
      assert.ok(events!.stored >= acknowledged, `${events!.stored} stored, ${acknowledged} acknowledged`);
      assert.equal(events!.unapplied, 0);
      const rebuilt = await rebuiltFrom(db, loadConfig({}), () => Math.floor(Date.now() / 1000));
      try {
        const fromScratch = await derivedTables(rebuilt.db);
        const kept = await derivedTables(db);
        for (const table of Object.keys(fromScratch)) assert.deepEqual(kept[table], fromScratch[table], table);
      } finally {
        await rebuilt.drop();
      }
    } finally {
      await db.close();
    }
  });
});
