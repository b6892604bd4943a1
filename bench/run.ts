/**
 * npm run bench: the figures the service promises, measured on this machine against the emulator.
 * BENCH_CUSTOMERS sets the account size (default 3000); BENCH_DATABASE_URL runs on a PostgreSQL server.
 */
import Stripe from 'stripe';
import { loadConfig } from '../src/config/config.ts';
import { createEmulator } from '../src/emulator/index.ts';
import { generateAccount } from '../src/emulator/generate-account.ts';
import { AccountBuilder } from '../src/emulator/account-builder.ts';
import { createLogger } from '../src/logging/logger.ts';
import { startService } from '../src/server/start-service.ts';
import { ms, summarize, timed } from './stats.ts';

const customers = Number(process.env.BENCH_CUSTOMERS ?? 3000);
const SECRET_KEY = 'sk_test_bench';
const WEBHOOK_SECRET = 'whsec_bench';
const rows: Array<[string, string]> = [];
const report = (what: string, value: string) => {
  rows.push([what, value]);
  process.stdout.write(`${what.padEnd(52)} ${value}\n`);
};

const generated = await timed(async () => generateAccount({ seed: 1, customers, now: Math.floor(Date.now() / 1000) }));
const state = generated.value;
const objects = (['customer', 'subscription', 'price', 'coupon', 'charge', 'invoice'] as const).reduce((n, t) => n + state.collection(t).size, 0);
report(`generate account (${customers} customers, ${objects} objects)`, ms(generated.ms));

const emulator = createEmulator({ secretKey: SECRET_KEY, state });
const apiBase = await emulator.listen();
const config = loadConfig({
  STRIPE_SECRET_KEY: SECRET_KEY,
  STRIPE_API_BASE: apiBase,
  STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
  PORT: '0',
  SYNC_INTERVAL_MINUTES: '0',
  ...(process.env.BENCH_DATABASE_URL ? { DATABASE_URL: process.env.BENCH_DATABASE_URL } : {}),
});
const running = await startService({ config, logger: createLogger('silent'), inMemory: true, schema: `bench_${process.pid}` });
const url = running.url;

// The start-up sync runs in the background; a second, timed one measures a full sync on its own.
while (!((await (await fetch(`${url}/api/revenue`)).json()) as { as_of: string | null }).as_of) {
  await new Promise((resolve) => setTimeout(resolve, 50));
}
emulator.requestLog.reset();
const sync = await timed(async () => (await fetch(`${url}/api/revenue/sync`, { method: 'POST' })).json());
report(`full sync (${running.db.kind})`, `${ms(sync.ms)}, ${Math.round(objects / (sync.ms / 1000))} objects/s, ${emulator.requestLog.entries.length} requests`);

const latencies: number[] = [];
for (let i = 0; i < 2000; i++) {
  const t = await timed(async () => (await fetch(`${url}/api/revenue`)).arrayBuffer());
  latencies.push(t.ms);
}
const l = summarize(latencies);
report('GET /api/revenue, one client', `p50 ${ms(l.p50)}, p99 ${ms(l.p99)}, max ${ms(l.max)}`);

const deadline = Date.now() + 5000;
let served = 0;
await Promise.all(
  Array.from({ length: 32 }, async () => {
    while (Date.now() < deadline) {
      await (await fetch(`${url}/api/revenue`)).arrayBuffer();
      served++;
    }
  }),
);
report('GET /api/revenue, 32 clients for 5 s', `${Math.round(served / 5)} requests/s`);

// Webhook → SSE: the time from the webhook's 200 to the stream's new figures.
const stream = await fetch(`${url}/api/stream`);
const reader = stream.body!.getReader();
const decoder = new TextDecoder();
let frames = 0;
let onFrame: (() => void) | undefined;
void (async () => {
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    frames += (decoder.decode(value).match(/\n\n/g) ?? []).length;
    onFrame?.();
  }
})();
const b = new AccountBuilder(state);
const price = b.price({ currency: 'usd', unitAmount: 1000, interval: 'month' });
const sseLatencies: number[] = [];
for (let i = 0; i < 100; i++) {
  const sub = b.subscription({ customer: b.customer({}), items: [{ price, quantity: 1 }] });
  const event = state.recordEvent('customer.subscription.created', sub);
  const payload = JSON.stringify(event);
  const seen = frames;
  const arrived = new Promise<number>((resolve) => (onFrame = () => frames > seen && resolve(performance.now())));
  const response = await fetch(`${url}/webhooks/stripe`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET }) },
    body: payload,
  });
  const answered = performance.now();
  await response.arrayBuffer();
  // The figures may even beat the 200's body to the client: that counts as no wait at all.
  sseLatencies.push(Math.max(0, (await arrived) - answered));
}
const s = summarize(sseLatencies);
report('webhook 200 → new figures on /api/stream (re-fetch)', `p50 ${ms(s.p50)}, p99 ${ms(s.p99)}, max ${ms(s.max)}`);

await running.service.eventsSettled();
const history = await timed(async () => (await fetch(`${url}/api/metrics/mrr?interval=day`)).json());
report('GET /api/metrics/mrr?interval=day after a change', ms(history.ms));
const cached = await timed(async () => (await fetch(`${url}/api/metrics/mrr?interval=day`)).json());
report('… the same again, intervals already built', ms(cached.ms));

await reader.cancel();
await running.stop();
await emulator.close();
process.stdout.write(`\n${rows.length} measurements, ${new Date().toISOString()}, node ${process.version}\n`);
