/**
 * Stripe at its real pace: an emulator of its own that answers in 300 ms (with jitter) and refuses past
 * 25 requests/s, as Stripe does in test mode, and a service told to keep to 25/s. Two figures:
 * - the start-up sync's request rate, against the limit;
 * - a renewal-day burst: N subscriptions changed three times each, in the same second or two, the
 *   events delivered at once, until every one is applied; with the re-fetches it cost per subscription.
 * The account is small (a sync of 20,000 customers at 25/s takes minutes), and the same at every size.
 */
import type { Measurement, SuiteContext } from '../measurement.ts';
import { failed, sleep } from '../measurement.ts';
import { signedHeaders } from '../deliver-change.ts';
import { logSays, startCli } from '../processes.ts';
import { freshStore } from '../store.ts';

const LATENCY_MS = 300;
const RATE_LIMIT = 25;
const CHANGES_PER_SUBSCRIPTION = 3;
const EMULATOR_KEY = 'sk_test_bench_pace';
const SYNC_TIMEOUT_MS = 10 * 60_000;
const BURST_TIMEOUT_MS = 10 * 60_000;

interface Emulator {
  url: string;
  key: string;
}

async function control<T>(emulator: Emulator, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${emulator.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${emulator.key}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

type Stats = { requests: number; rate_limited: number };

export async function stripePace(ctx: SuiteContext): Promise<Measurement[]> {
  const customers = ctx.options.quick ? 300 : 2_000;
  const subscribers = ctx.options.quick ? 30 : 300;
  const store = await freshStore(ctx.options.databaseUrl);
  const emulatorProcess = startCli(
    ['emulator', '--port', '0', '--customers', String(customers), '--key', EMULATOR_KEY, '--latency-ms', String(LATENCY_MS), '--rate-limit', String(RATE_LIMIT)],
    {},
  );
  let service: ReturnType<typeof startCli> | undefined;
  const rows: Measurement[] = [];
  try {
    const line = await emulatorProcess.waitForLine((l) => l.includes('emulator listening on'), 5 * 60_000, 'the paced emulator');
    const emulator: Emulator = { url: /listening on (http:\/\/\S+)/.exec(line)?.[1] ?? '', key: EMULATOR_KEY };
    const env = { ...ctx.serviceEnv, ...store.env, STRIPE_SECRET_KEY: EMULATOR_KEY, STRIPE_API_BASE: emulator.url, STRIPE_MAX_RPS: String(RATE_LIMIT), EVENTS_POLL_SECONDS: '0' };

    service = startCli(['serve'], env);
    const listening = await service.waitForLine(logSays('revenue-agent listening'), 120_000, 'serve at Stripe pace');
    const serviceUrl = (JSON.parse(listening) as { url: string }).url;
    const syncStarted = performance.now();
    const finished = await service.waitForLine((l) => logSays('sync finished')(l) || logSays('sync failed')(l), SYNC_TIMEOUT_MS, 'the paced sync');
    const syncSeconds = (performance.now() - syncStarted) / 1000;
    if (logSays('sync failed')(finished)) throw new Error(`the paced sync failed: ${finished}`);
    const afterSync = await control<Stats>(emulator, 'GET', '/_emulator/stats');
    rows.push({
      name: `sync at ${LATENCY_MS} ms, ${RATE_LIMIT}/s`,
      value: afterSync.requests / syncSeconds,
      unit: 'req/s',
      baseline: RATE_LIMIT,
      note: `${customers.toLocaleString('en-US')} customers: ${afterSync.requests} requests in ${syncSeconds.toFixed(1)} s, ${afterSync.rate_limited} answered 429`,
    });

    rows.push(...(await renewalBurst(ctx, emulator, serviceUrl, subscribers, afterSync)));
  } catch (error) {
    rows.push(failed(`sync at ${LATENCY_MS} ms, ${RATE_LIMIT}/s`, 'req/s', error));
  } finally {
    await service?.stop();
    await emulatorProcess.stop();
    await store.drop();
  }
  return rows;
}

/** Changes `subscribers` subscriptions three times each, delivers every event at once, and waits until none is pending. */
async function renewalBurst(ctx: SuiteContext, emulator: Emulator, serviceUrl: string, subscribers: number, before: Stats): Promise<Measurement[]> {
  const name = `renewal burst: ${subscribers} subscriptions × ${CHANGES_PER_SUBSCRIPTION} events`;
  type Event = { id: string; data: { object: { id: string } } };
  const events: Event[] = [];
  const first: Event[] = [];
  for (let i = 0; i < subscribers; i++) first.push(await control<Event>(emulator, 'POST', '/_emulator/changes', { type: 'customer.subscription.updated' }));
  events.push(...first);
  for (let round = 1; round < CHANGES_PER_SUBSCRIPTION; round++) {
    for (const event of first) {
      events.push(await control<Event>(emulator, 'POST', '/_emulator/changes', { type: 'customer.subscription.updated', subscription: event.data.object.id }));
    }
  }
  const distinct = new Set(events.map((e) => e.data.object.id)).size;
  const started = performance.now();
  const queue = events.map((e) => JSON.stringify(e));
  const deliver = async () => {
    for (let payload = queue.shift(); payload !== undefined; payload = queue.shift()) {
      const response = await fetch(`${serviceUrl}/webhooks/stripe`, { method: 'POST', headers: signedHeaders(payload, ctx.webhookSecret), body: payload });
      if (response.status !== 200) throw new Error(`a webhook answered ${response.status} ${await response.text()}`);
    }
  };
  await Promise.all(Array.from({ length: ctx.options.connections }, deliver));
  const deadline = started + BURST_TIMEOUT_MS;
  for (;;) {
    const body = (await (await fetch(`${serviceUrl}/api/revenue`)).json()) as { pending_events: number };
    if (body.pending_events === 0) break;
    if (performance.now() > deadline) return [failed(name, 's', new Error(`${body.pending_events} events still pending`))];
    await sleep(25);
  }
  const seconds = (performance.now() - started) / 1000;
  const after = await control<Stats>(emulator, 'GET', '/_emulator/stats');
  const fetches = after.requests - before.requests;
  return [
    { name, value: seconds, unit: 's', note: `${events.length} events, ${distinct} subscriptions, ${after.rate_limited - before.rate_limited} answered 429` },
    { name: `${name}: requests per subscription`, value: fetches / distinct, unit: 'requests', baseline: 1 },
  ];
}
