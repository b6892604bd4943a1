// Issue 10: GET /metrics tells an operator what the service does: webhooks by type and result, syncs by
// result with their duration and Stripe requests, Stripe's answers (429s included), HTTP latency, event
// streams, the backlog and the age of the figures.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { generateAccount } from '../src/emulator/generate-account.ts';
import { startLiveActivity } from '../src/emulator/live-activity.ts';
import { pollUntil } from './support/poll.ts';
import { startServiceAgainst, type ServiceUnderTest } from './support/service-under-test.ts';
import { TEST_DATABASE_URL } from './support/test-database.ts';
import { postSigned } from './support/webhook-client.ts';

const SECRET = 'whsec_prometheus_test';

/** The sample's value, or undefined when the scrape has no such line. */
function sample(scrape: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of scrape.split('\n')) {
    const match = /^([a-z_]+)(?:\{([^}]*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = Object.fromEntries([...(match[2] ?? '').matchAll(/([a-z_]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(match[3]);
  }
  return undefined;
}

describe(`GET /metrics (${TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  const state = generateAccount({ seed: 21, customers: 40, now: Math.floor(Date.now() / 1000) });
  let sut: ServiceUnderTest;
  before(async () => {
    // A limit below the sync's pace: Stripe (here the emulator) answers some requests 429.
    sut = await startServiceAgainst(state, { env: { STRIPE_WEBHOOK_SECRET: SECRET, STRIPE_MAX_RPS: '1000' }, network: { rateLimit: 20 } });
  });
  after(async () => sut?.stop());

  test('counts webhooks, syncs, Stripe answers and requests, and reads the gauges at the scrape', async () => {
    // The start-up sync first, then one asked for: both are counted.
    await pollUntil(async () => (await sut.get('/api/revenue')).body.as_of ?? undefined, 'the start-up sync', 30_000);
    assert.equal((await sut.post('/api/revenue/sync')).status, 200);
    const live = startLiveActivity({ state, seed: 3, intervalMs: 0 });
    const [event] = await live.tick();
    await live.stop();
    assert.equal((await postSigned(sut.running.app, event!, SECRET)).status, 200);
    assert.equal((await postSigned(sut.running.app, event!, SECRET)).status, 200);
    assert.equal((await postSigned(sut.running.app, event!, 'whsec_someone_else')).status, 400);
    await sut.get('/api/revenue');
    const stream = await fetch(`${sut.url}/api/stream`);

    const scrape = await (await fetch(`${sut.url}/metrics`)).text();
    await stream.body?.cancel();
    assert.equal(sample(scrape, 'revenue_agent_webhooks_total', { type: event!.type, result: 'stored' }), 1);
    assert.equal(sample(scrape, 'revenue_agent_webhooks_total', { type: event!.type, result: 'duplicate' }), 1);
    assert.equal(sample(scrape, 'revenue_agent_webhooks_total', { type: 'unknown', result: 'rejected' }), 1);
    assert.ok(sample(scrape, 'revenue_agent_syncs_total', { result: 'succeeded' })! >= 1);
    assert.ok(sample(scrape, 'revenue_agent_sync_duration_seconds_count')! >= 1);
    assert.ok(sample(scrape, 'revenue_agent_sync_stripe_requests_total')! > 0);
    assert.ok(sample(scrape, 'revenue_agent_stripe_responses_total', { status: '200' })! > 0);
    assert.ok(sample(scrape, 'revenue_agent_stripe_responses_total', { status: '429' })! > 0, 'the 429s are counted');
    assert.ok(sample(scrape, 'revenue_agent_http_request_duration_seconds_count', { method: 'GET', route: '/api/revenue', status: '200' })! >= 1);
    assert.equal(sample(scrape, 'revenue_agent_sse_clients'), 1);
    assert.equal(sample(scrape, 'revenue_agent_events_pending') !== undefined, true);
    const age = sample(scrape, 'revenue_agent_figures_age_seconds')!;
    assert.ok(age >= 0 && age < 60, `figures age ${age}`);
    assert.doesNotMatch(scrape, /sk_test_|whsec_/, 'no secret in the scrape');
  });
});
