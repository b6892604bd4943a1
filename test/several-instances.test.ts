// Issue 10: several `serve` processes on one DATABASE_URL. Each serves the figures whichever of them
// applied a change, stored events are applied once, and a sync's lock frees with its holder's
// connection. Only what is public is used: the HTTP API, the store's tables, signals to the processes.
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { describe, test } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { loadConfig } from '../src/config/config.ts';
import { ControlChanges } from '../src/emulator/control-changes.ts';
import type { EmulatorState } from '../src/emulator/index.ts';
import { startLiveActivity, type LiveActivity } from '../src/emulator/live-activity.ts';
import type { StripeEvent } from '../src/metrics/stripe-shapes.ts';
import type { Database } from '../src/store/database.ts';
import { stopProcess } from './support/cli-process.ts';
import { derivedTables, rebuiltFrom } from './support/derived-state.ts';
import { sharedStore, type Instance, type SharedStore } from './support/instances.ts';
import { pollEqual, pollUntil } from './support/poll.ts';
import { openRevenueStream } from './support/revenue-stream.ts';
import { expectedFigures, figuresIn, readFigures, type Figures } from './support/served-figures.ts';
import { TEST_DATABASE_URL } from './support/test-database.ts';
import { postSignedTo } from './support/webhook-client.ts';

const skip = TEST_DATABASE_URL ? false : 'instances share a store on a PostgreSQL server: set TEST_DATABASE_URL';
const WEBHOOK_SECRET = 'whsec_several_instances';
// The tests send every event themselves: no events poll adds its own, and syncs may be asked for back to back.
const SERVE_ENV = { EVENTS_POLL_SECONDS: '0', SYNC_REQUEST_MIN_SECONDS: '0' };
const MIGRATIONS = new URL('../src/store/migrations/', import.meta.url);
const APPLIED_COUNTER = 'revenue_agent_events_applied_total';

/** An instance serving figures (its own sync's, or those another instance stored), with no sync of its own running. */
async function startSynced(shared: SharedStore, env?: Record<string, string>): Promise<Instance> {
  const instance = await shared.start(env);
  await pollUntil(async () => {
    const body = (await (await fetch(`${instance.url}/api/revenue`)).json()) as { as_of: string | null; last_sync: { result: string | null } };
    return body.as_of !== null && body.last_sync.result !== 'running';
  }, 'the figures after the start-up sync', 30_000);
  return instance;
}

function requestSync(url: string): Promise<{ status: number; body: any }> {
  // A POST goes as JSON, as the service takes changes without a token.
  return fetch(`${url}/api/revenue/sync`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).then(async (response) => ({
    status: response.status,
    body: await response.json(),
  }));
}

/** A counter from GET /metrics, summed over its label sets; undefined when the instance has no such counter. */
async function counterTotal(url: string, name: string): Promise<number | undefined> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const samples = text.split('\n').filter((line) => line.startsWith(`${name} `) || line.startsWith(`${name}{`));
  return samples.length === 0 ? undefined : samples.reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

/** Every stored event applied, and the instances' counters together count each of them once. */
async function assertEachAppliedOnce(db: Database, instances: readonly Instance[]): Promise<void> {
  const processed = await pollUntil(async () => {
    const [row] = await db.query<{ processed: number; unapplied: number }>(
      `select (count(*) filter (where processed_at is not null))::int as processed,
              (count(*) filter (where processed_at is null))::int as unapplied
       from stripe_events`,
    );
    return row!.unapplied === 0 && row!.processed;
  }, 'every stored event applied', 20_000);
  // Events a re-fetch covered are applied by it as well, so every processed row counts once.
  const appliedTotal = async () => {
    const totals = await Promise.all(instances.map((instance) => counterTotal(instance.url, APPLIED_COUNTER)));
    // An instance without the counter shows in the failure as undefined, not as 0.
    return totals.every((total): total is number => total !== undefined) ? totals.reduce((sum, total) => sum + total, 0) : totals;
  };
  await pollEqual(appliedTotal, processed, `${APPLIED_COUNTER} over the instances: each of the ${processed} events applied once`, 2_000);
}

/** The derived tables equal what a new service derives from the stored objects alone. */
async function assertDerivedStateRebuilds(db: Database): Promise<void> {
  const rebuilt = await rebuiltFrom(db, loadConfig({}), () => Math.floor(Date.now() / 1000));
  try {
    const fromScratch = await derivedTables(rebuilt.db);
    // What a change owes in the background is done soon after it: waited for, not raced.
    await pollEqual(() => derivedTables(db), fromScratch, 'the derived state, against a rebuild');
  } finally {
    await rebuilt.drop();
  }
}

/** Live changes until one moves MRR: their events, and the figures the account then implies. */
async function changeOfMrr(live: LiveActivity, state: EmulatorState): Promise<{ events: StripeEvent[]; figures: Figures }> {
  const before = expectedFigures(state).mrr_by_currency;
  const events: StripeEvent[] = [];
  for (let tick = 0; tick < 50; tick++) {
    events.push(...(await live.tick()));
    const figures = expectedFigures(state);
    if (!isDeepStrictEqual(figures.mrr_by_currency, before)) return { events, figures };
  }
  throw new Error('50 live changes left MRR as it was');
}

describe('several instances on one PostgreSQL database', { skip }, () => {
  test('two started at once on a fresh schema both listen, and each migration is applied once', async () => {
    const shared = await sharedStore({ seed: 31, customers: 20, webhookSecret: WEBHOOK_SECRET, env: SERVE_ENV });
    try {
      const instances = await Promise.all([shared.start(), shared.start()]);
      for (const instance of instances) assert.equal((await fetch(`${instance.url}/health`)).status, 200);
      const files = (await readdir(MIGRATIONS)).filter((file) => /^\d{3}_[a-z0-9_]+\.sql$/.test(file)).sort();
      const db = await shared.open();
      const applied = await db.query<{ name: string }>('select name from schema_migrations order by name');
      assert.deepEqual(
        applied.map((row) => row.name),
        files,
        'each migration file recorded once',
      );
    } finally {
      await shared.close();
    }
  });

  test('webhooks sent in turn to A and B: each event applied once, both serve the account’s figures within 1 s of each other', async () => {
    const shared = await sharedStore({ seed: 32, customers: 60, webhookSecret: WEBHOOK_SECRET, env: SERVE_ENV });
    try {
      const { state } = shared.fixture;
      const instances = [await startSynced(shared), await startSynced(shared)];
      const live = startLiveActivity({ state, seed: 21, intervalMs: 0 });
      let sent = 0;
      for (let tick = 0; tick < 40; tick++) {
        for (const event of await live.tick()) {
          const instance = instances[sent++ % instances.length]!;
          assert.equal(await postSignedTo(instance.url, event, WEBHOOK_SECRET), 200, `event ${event.id}`);
        }
      }
      await live.stop();

      const expected = expectedFigures(state);
      const served = () => Promise.all(instances.map((instance) => readFigures(instance.url)));
      await pollUntil(async () => (await served()).some((figures) => isDeepStrictEqual(figures, expected)), 'one instance to serve the final figures', 15_000);
      await pollEqual(served, [expected, expected], 'both instances, within 1 s of the first to serve the final figures', 1_000);

      const db = await shared.open();
      const [stored] = await db.query<{ webhooks: number }>("select count(*)::int as webhooks from stripe_events where source = 'webhook'");
      assert.equal(stored!.webhooks, sent);
      await assertEachAppliedOnce(db, instances);
    } finally {
      await shared.close();
    }
  });

  test('event streams on A and B both show a change sent to A only, then one sent to B only', async () => {
    const shared = await sharedStore({ seed: 33, customers: 60, webhookSecret: WEBHOOK_SECRET, env: SERVE_ENV });
    try {
      const { state } = shared.fixture;
      const instances = [await startSynced(shared), await startSynced(shared)];
      const streams = await Promise.all(instances.map((instance) => openRevenueStream(instance.url)));
      try {
        await pollUntil(() => streams.every((stream) => stream.events.length > 0), 'the figures each stream starts with');
        const live = startLiveActivity({ state, seed: 22, intervalMs: 0 });
        for (const [name, receiver] of [['A', instances[0]!], ['B', instances[1]!]] as const) {
          const { events, figures } = await changeOfMrr(live, state);
          for (const event of events) assert.equal(await postSignedTo(receiver.url, event, WEBHOOK_SECRET), 200, `event ${event.id}`);
          const latest = () => streams.map((stream) => figuresIn(stream.events.at(-1)!));
          await pollEqual(latest, [figures, figures], `the last figures on both streams after a change sent to ${name}`, 5_000);
        }
        await live.stop();
      } finally {
        await Promise.all(streams.map((stream) => stream.close()));
      }
    } finally {
      await shared.close();
    }
  });

  test('kill -9 of the instance holding the sync lock mid-sync: the other syncs once the lock frees; derived state equals a rebuild', async () => {
    const shared = await sharedStore({ seed: 34, customers: 80, webhookSecret: WEBHOOK_SECRET, env: SERVE_ENV });
    try {
      const { state, emulator } = shared.fixture;
      const [a, b] = [await startSynced(shared), await startSynced(shared)];
      // Every answer slow: a sync then takes seconds, time enough to kill it halfway.
      emulator.network.tune({ slowShare: 1, slowMs: 300 });
      // Its answer never comes: A is killed before the sync ends.
      const unanswered = requestSync(a.url).catch(() => undefined);
      await pollUntil(async () => {
        const { status, progress } = (await (await fetch(`${a.url}/api/revenue/sync`)).json()) as { status: string; progress: { objects: Record<string, number> } | null };
        return status === 'running' && Object.values(progress?.objects ?? {}).some((count) => count > 0);
      }, 'A’s sync under way, with objects stored');
      a.child.kill('SIGKILL');
      await stopProcess(a.child);
      await unanswered;
      emulator.network.tune({ slowShare: 0 });

      const synced = await pollUntil(async () => {
        const answer = await requestSync(b.url);
        return answer.status !== 202 && answer;
      }, 'B’s sync to start once A’s lock is freed');
      assert.equal(synced.status, 200, JSON.stringify(synced.body));
      assert.equal(synced.body.status, 'success');
      assert.deepEqual(await readFigures(b.url), expectedFigures(state));
      const db = await shared.open();
      assert.deepEqual(await db.query("select id from sync_runs where status = 'running'"), [], 'no sync left recorded as running');
      await assertDerivedStateRebuilds(db);
    } finally {
      await shared.close();
    }
  });

  test('pg_terminate_backend on every connection of an instance while it applies a burst: it keeps running, and every event is applied once', async () => {
    const shared = await sharedStore({ seed: 35, customers: 100, webhookSecret: WEBHOOK_SECRET, env: SERVE_ENV });
    try {
      const { state, store } = shared.fixture;
      const applicationName = 'revenue-agent-b';
      const b = await startSynced(shared, { DATABASE_URL: `${store.location.url}?application_name=${applicationName}` });
      const db = await shared.open();
      const connectionsOfB = async (condition = 'true') =>
        (await db.query<{ pid: number }>(`select pid from pg_stat_activity where application_name = $1 and ${condition}`, [applicationName])).map((row) => row.pid);
      const terminateB = async () =>
        (await db.query<{ pid: number; ended: boolean }>('select pid, pg_terminate_backend(pid) as ended from pg_stat_activity where application_name = $1', [applicationName]))
          .filter((row) => row.ended)
          .map((row) => row.pid);

      const changes = new ControlChanges(state);
      const burst = Array.from({ length: 150 }, () => changes.make('customer.subscription.updated')!);
      const firstEnded = await db.transaction(async (tx) => {
        // While the test holds this, B's first apply transaction waits in the middle, its objects half written.
        await tx.query('lock table stripe_objects in share mode');
        for (let i = 0; i < burst.length; i += 10) {
          const statuses = await Promise.all(burst.slice(i, i + 10).map((event) => postSignedTo(b.url, event, WEBHOOK_SECRET)));
          assert.deepEqual(new Set(statuses), new Set([200]));
        }
        await pollUntil(async () => (await connectionsOfB("wait_event_type = 'Lock'")).length > 0, 'B applying the burst');
        return terminateB();
      });
      // A backend ends a moment after it is told to: the connections to end next are those B opened since.
      await pollUntil(async () => (await connectionsOfB()).some((pid) => !firstEnded.includes(pid)), 'B connected again');
      const secondEnded = await terminateB();
      assert.ok(secondEnded.some((pid) => !firstEnded.includes(pid)), 'a connection B opened since was ended too');

      await assertEachAppliedOnce(db, [b]);
      assert.equal(b.child.exitCode, null, b.output());
      assert.equal(b.child.signalCode, null);
      await pollUntil(async () => (await fetch(`${b.url}/health`)).status === 200, 'B healthy');
      assert.deepEqual(await readFigures(b.url), expectedFigures(state));
      await assertDerivedStateRebuilds(db);
    } finally {
      await shared.close();
    }
  });
});
