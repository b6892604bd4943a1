// Issue 10: SIGTERM stops a service without dropping anything. Requests in flight are answered, event
// streams end with a retry hint, acknowledged events are applied, and the process exits 0 within 10 s.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { startLiveActivity } from '../src/emulator/live-activity.ts';
import { signPayload } from '../src/emulator/sign-payload.ts';
import type { StripeEvent } from '../src/metrics/stripe-shapes.ts';
import { STRIPE_SCHEMA } from '../src/server/open-store.ts';
import { openDatabase } from '../src/store/open-database.ts';
import { startServeProcess, stopProcess } from './support/cli-process.ts';
import { pollUntil } from './support/poll.ts';
import { serveFixture, type ServeFixture } from './support/serve-fixture.ts';
import { startServiceAgainst } from './support/service-under-test.ts';
import { TEST_DATABASE_URL } from './support/test-database.ts';

const WEBHOOK_SECRET = 'whsec_graceful_shutdown_test';

interface Revenue {
  as_of: string | null;
  pending_events: number;
}
const revenueOf = async (url: string) => (await (await fetch(`${url}/api/revenue`)).json()) as Revenue;

/** A webhook whose body is half sent: in flight when the signal comes. `finish` sends the rest and resolves with the raw answer. */
async function halfSentWebhook(url: string, event: StripeEvent): Promise<{ finish(): Promise<string> }> {
  const body = JSON.stringify(event);
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  let answer = '';
  socket.setEncoding('utf8').on('data', (chunk) => (answer += chunk));
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  // The server's 100 Continue says it has taken the request: from then on it is in flight.
  socket.write(
    `POST /webhooks/stripe HTTP/1.1\r\nhost: ${hostname}:${port}\r\ncontent-type: application/json\r\nexpect: 100-continue\r\n` +
      `stripe-signature: ${signPayload(body, WEBHOOK_SECRET)}\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n`,
  );
  await pollUntil(() => answer.includes('100 Continue') || undefined, 'the server to take the request');
  const cut = Math.floor(body.length / 2);
  socket.write(body.slice(0, cut));
  return {
    async finish() {
      // Written, not ended: a client that half-closes its side has its request aborted by Node.
      socket.write(body.slice(cut));
      await closed;
      return answer;
    },
  };
}

/** Reads an event stream to its end. */
function readStream(response: Response): Promise<string> {
  return new Response(response.body).text();
}

describe(`graceful shutdown (${TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  let fixture: ServeFixture;
  before(async () => {
    fixture = await serveFixture({ seed: 5, customers: 60, storePrefix: 'shutdown', webhookSecret: WEBHOOK_SECRET });
  });
  after(async () => fixture?.close());

  test('SIGTERM during a burst: the request in flight is answered, streams end with a retry hint, every event answered 200 is applied, exit 0 within 10 s', async () => {
    const first = await startServeProcess(fixture.env);
    await pollUntil(async () => (await revenueOf(first.url)).as_of, 'the start-up sync', 30_000);
    const live = startLiveActivity({ state: fixture.state, seed: 12, intervalMs: 0 });
    const events: StripeEvent[] = [];
    while (events.length < 300) events.push(...(await live.tick()));
    await live.stop();

    const stream = readStream(await fetch(`${first.url}/api/stream`));
    const inFlight = await halfSentWebhook(first.url, events[0]!);
    const answers = new Map<string, number | string>();
    let next = 1;
    const sender = async () => {
      while (next < events.length) {
        const event = events[next++]!;
        const body = JSON.stringify(event);
        try {
          const response = await fetch(`${first.url}/webhooks/stripe`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'stripe-signature': signPayload(body, WEBHOOK_SECRET) },
            body,
          });
          await response.arrayBuffer();
          answers.set(event.id, response.status);
        } catch (error) {
          answers.set(event.id, String((error as { cause?: { code?: string } }).cause?.code ?? error));
        }
      }
    };
    const burst = Promise.all(Array.from({ length: 8 }, sender));
    await pollUntil(() => answers.size >= 60 || undefined, 'part of the burst answered');

    const signalled = performance.now();
    const exited = stopProcess(first.child);
    await pollUntil(() => first.output().includes('shutting down') || undefined, 'the shutdown to begin');
    const answer = await inFlight.finish();
    const code = await exited;
    const seconds = (performance.now() - signalled) / 1000;
    await burst;

    assert.match(answer, /^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 /, `the request in flight is answered: ${first.output().slice(-3000)}`);
    assert.equal(code, 0, first.output().slice(-2000));
    assert.ok(seconds < 10, `exited after ${seconds.toFixed(1)} s`);
    assert.match(await stream, /retry: \d+\n\n$/, 'the event stream ends with a retry hint');
    const statuses = [...answers.values()];
    assert.ok(!statuses.some((s) => typeof s === 'number' && s >= 500 && s !== 503), `answers: ${JSON.stringify(statuses)}`);

    const acknowledged = [events[0]!.id, ...[...answers].filter(([, s]) => s === 200).map(([id]) => id)];
    const db = await openDatabase({ ...fixture.store.location, schema: STRIPE_SCHEMA });
    try {
      const rows = await db.query<{ id: string }>('select id from stripe_events where id = any($1) and processed_at is not null', [acknowledged]);
      assert.equal(rows.length, acknowledged.length, 'every event answered 200 was applied before the exit');
    } finally {
      await db.close();
    }
  });

  test('a sync is interrupted at its next request to Stripe, recorded as failed with the reason, and the stop does not wait for it', async () => {
    // Stripe's pace: a sync of this account takes many seconds.
    const sut = await startServiceAgainst(fixture.state, { network: { latencyMs: 300 } });
    try {
      await pollUntil(() => sut.running.service.syncProgress(), 'the start-up sync to list');
      const started = performance.now();
      await sut.running.service.interruptSync();
      assert.ok(performance.now() - started < 3000, `interrupted after ${Math.round(performance.now() - started)} ms`);
      const [run] = await sut.running.db.query<{ status: string; error: string }>('select status, error from sync_runs order by id desc limit 1');
      assert.equal(run?.status, 'failed');
      assert.match(run?.error ?? '', /shutting down/);
      assert.equal(sut.running.service.requestSync('test')?.started, false, 'no sync starts after');
    } finally {
      await sut.stop();
    }
  });
});
