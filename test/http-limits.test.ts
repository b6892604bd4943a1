import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { AccountBuilder } from '../src/emulator/account-builder.ts';
import { generateAccount } from '../src/emulator/generate-account.ts';
import { EmulatorState } from '../src/emulator/index.ts';
import { buildApp } from '../src/http/app.ts';
import type { HttpLimits } from '../src/http/limits.ts';
import { listen } from '../src/http/server.ts';
import type { RevenueService } from '../src/service/revenue-service.ts';
import { pollUntil } from './support/poll.ts';
import { startServiceAgainst, startTestService, type ServiceUnderTest } from './support/service-under-test.ts';
import { postSigned } from './support/webhook-client.ts';

const store = process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite';
const SECRET = 'whsec_http_limits_tests';

/** Short enough for a test to see them act, long enough for a healthy request never to meet them. */
const SHORT: Partial<HttpLimits> = { headersTimeoutMs: 300, requestTimeoutMs: 600, idleTimeoutMs: 400, timeoutCheckIntervalMs: 50 };

/** A raw connection: what a stalled or hostile client looks like to the server. */
function rawConnection(url: string): Promise<{ socket: Socket; received: () => string; closed: () => boolean }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    let received = '';
    let closed = false;
    const socket = connect(Number(port), hostname, () => resolve({ socket, received: () => received, closed: () => closed }));
    socket.on('data', (chunk) => (received += chunk));
    socket.on('close', () => (closed = true));
    socket.on('error', () => undefined);
    socket.once('error', reject);
  });
}

/** Reads Server-Sent Events from a fetch response: each `revenue` event's data, parsed (other events are skipped). */
function eventReader(response: Response) {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const events: any[] = [];
  let ended = false;
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return void (ended = true);
      buffer += decoder.decode(value, { stream: true });
      for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n')) {
        const lines = buffer.slice(0, end).split('\n');
        buffer = buffer.slice(end + 2);
        const data = lines.find((line) => line.startsWith('data: '));
        if (data && lines.includes('event: revenue')) events.push(JSON.parse(data.slice(6)));
      }
    }
  })();
  return { events, ended: () => ended, cancel: () => reader.cancel().catch(() => undefined) };
}

/** The service as the app sees it, counting how often the figures are read (once per rendering). */
function countingViews(service: RevenueService): { service: RevenueService; views: () => number } {
  let views = 0;
  const counted = new Proxy(service, {
    get(target, key, receiver) {
      if (key === 'view') return () => (views++, target.view());
      return Reflect.get(target, key, receiver);
    },
  });
  return { service: counted, views: () => views };
}

describe(`HTTP limits: timeouts and event streams (${store})`, () => {
  let sut: Omit<ServiceUnderTest, 'emulator'>;
  const apps: FastifyInstance[] = [];
  const account = new EmulatorState();
  const builder = new AccountBuilder(account);
  const price = builder.price({ currency: 'usd', unitAmount: 1000, interval: 'month' });

  /** A webhook that adds a $10 subscription: one change to the figures. */
  const newSubscription = async () => {
    const sub = builder.subscription({ customer: builder.customer({}), items: [{ price, quantity: 1 }] });
    const event = account.recordEvent('customer.subscription.created', sub, undefined, { created: Math.floor(Date.now() / 1000) });
    assert.equal((await postSigned(sut.running.app, event, SECRET)).status, 200);
    await sut.running.service.eventsSettled();
  };

  /** An app over the test service, listening on a port of its own, with these limits. */
  const serve = async (limits: Partial<HttpLimits>, service: RevenueService = sut.running.service) => {
    const app = buildApp({ service, logger: false, limits });
    apps.push(app);
    return listen(app, '127.0.0.1', 0);
  };

  before(async () => {
    sut = await startTestService({ STRIPE_WEBHOOK_SECRET: SECRET });
  });
  after(async () => {
    for (const app of apps) await app.close();
    await sut.stop();
  });

  test('a request body that stalls is closed by the server, not held', async () => {
    const url = await serve(SHORT);
    const client = await rawConnection(url);
    client.socket.write(
      'POST /webhooks/stripe HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nStripe-Signature: t=1,v1=00\r\nContent-Length: 1000\r\n\r\n0123456789',
    );
    await pollUntil(() => client.closed(), 'the server to close the stalled request', 5_000);
  });

  test('a body trickled a byte at a time, never idle, is still cut at the request timeout', async () => {
    const url = await serve(SHORT);
    const client = await rawConnection(url);
    client.socket.write('POST /webhooks/stripe HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{');
    const trickle = setInterval(() => !client.closed() && client.socket.write(' '), 50);
    try {
      await pollUntil(() => client.closed(), 'the server to close the trickling request', 5_000);
      assert.match(client.received(), /^HTTP\/1\.1 408 /);
      assert.match(client.received(), /\{"error":\{"code":"request_timeout","message":"[^"]+"\}\}$/);
    } finally {
      clearInterval(trickle);
    }
  });

  test('headers that never end are closed by the server', async () => {
    const url = await serve(SHORT);
    const client = await rawConnection(url);
    client.socket.write('GET /api/revenue HTTP/1.1\r\nHost: localhost\r\n');
    await pollUntil(() => client.closed(), 'the server to close the unfinished headers', 5_000);
  });

  test('a kept-alive connection that sends no next request is closed after the keep-alive timeout', async () => {
    const url = await serve({ ...SHORT, keepAliveTimeoutMs: 200 });
    const client = await rawConnection(url);
    client.socket.write('GET /api/revenue HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n');
    await pollUntil(() => client.received().includes('"mrr"'), 'the answer');
    assert.equal(client.closed(), false);
    await pollUntil(() => client.closed(), 'the server to close the idle kept-alive connection', 5_000);
  });

  test('the limits leave a healthy request alone, and an event stream open past every timeout', async () => {
    const url = await serve(SHORT);
    assert.equal((await fetch(`${url}/api/revenue`)).status, 200);
    const stream = eventReader(await fetch(`${url}/api/stream`));
    try {
      await pollUntil(() => stream.events.length === 1, 'the first event');
      // Longer than the idle, header and request timeouts together.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      assert.equal(stream.ended(), false);
      const before = stream.events[0].mrr;
      await newSubscription();
      const latest = await pollUntil(() => stream.events.length >= 2 && stream.events.at(-1), 'an event after the change');
      assert.equal(latest.mrr, before + 10);
    } finally {
      await stream.cancel();
    }
  });

  test('HEAD /api/stream answers the stream’s headers and ends', async () => {
    const url = await serve({});
    const response = await fetch(`${url}/api/stream`, { method: 'HEAD', signal: AbortSignal.timeout(3_000) });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    assert.equal(await response.text(), '');
  });

  test('each change is rendered once for all event-stream clients, however many', async () => {
    const { service, views } = countingViews(sut.running.service);
    const url = await serve({}, service);
    const clients = await Promise.all(Array.from({ length: 25 }, async () => eventReader(await fetch(`${url}/api/stream`))));
    try {
      await pollUntil(() => clients.every((c) => c.events.length === 1), 'every client’s first event');
      let changes = 0;
      const unsubscribe = sut.running.service.subscribe(() => changes++);
      const viewsBefore = views();
      const mrrBefore = clients[0]!.events[0].mrr;
      try {
        for (let i = 0; i < 3; i++) await newSubscription();
        await pollUntil(() => clients.every((c) => c.events.at(-1).mrr === mrrBefore + 30), 'every client to see the three changes');
      } finally {
        unsubscribe();
      }
      assert.ok(changes >= 3, `${changes} changes`);
      assert.equal(views() - viewsBefore, changes, 'one rendering per change, not one per client');
      for (const client of clients) assert.equal(client.events.length, 1 + changes);
    } finally {
      await Promise.all(clients.map((c) => c.cancel()));
    }
  });

  test('past the cap on event-stream clients: 503 with Retry-After and a JSON error; room again once one leaves', async () => {
    const url = await serve({ maxStreamClients: 2 });
    const first = eventReader(await fetch(`${url}/api/stream`));
    const second = eventReader(await fetch(`${url}/api/stream`));
    try {
      await pollUntil(() => first.events.length && second.events.length, 'two streams');
      const refused = await fetch(`${url}/api/stream`, { signal: AbortSignal.timeout(3_000) });
      assert.equal(refused.status, 503);
      assert.match(refused.headers.get('retry-after') ?? '', /^\d+$/);
      const body = (await refused.json()) as { error: { code: string; message: string } };
      assert.equal(body.error.code, 'too_many_streams');
      assert.match(body.error.message, /2 event streams/);
      await first.cancel();
      const third = await pollUntil(async () => {
        const response = await fetch(`${url}/api/stream`);
        if (response.status === 200) return eventReader(response);
        await response.body?.cancel();
        return undefined;
      }, 'room for a new stream once one left');
      await pollUntil(() => third.events.length, 'the new stream’s first event');
      await third.cancel();
    } finally {
      await first.cancel();
      await second.cancel();
    }
  });
});

describe(`HTTP limits: an answer that takes long is not cut by the idle timeout (${store})`, () => {
  test('POST /api/revenue/sync waits for a sync longer than the idle timeout', async () => {
    const state = generateAccount({ seed: 3, customers: 10, prices: 5, coupons: 2, now: Math.floor(Date.now() / 1000) });
    const sut = await startServiceAgainst(state, { network: { latencyMs: 250, seed: 1 } });
    const app = buildApp({ service: sut.running.service, logger: false, limits: { ...SHORT, idleTimeoutMs: 200 } });
    try {
      await pollUntil(async () => (await sut.get('/api/revenue')).body.as_of, 'the start-up sync');
      const url = await listen(app, '127.0.0.1', 0);
      const started = Date.now();
      const response = await fetch(`${url}/api/revenue/sync`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      assert.equal(response.status, 200);
      assert.equal(((await response.json()) as { status: string }).status, 'success');
      assert.ok(Date.now() - started > 400, 'the sync took longer than the idle timeout');
    } finally {
      await app.close();
      await sut.stop();
    }
  });
});
