// Issue 8: the derived state kept change by change must equal a from-scratch derivation of the same
// objects, to the cent, after every step of a seeded random run of webhook events and syncs.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../src/config/config.ts';
import { AccountBuilder } from '../src/emulator/account-builder.ts';
import { generateAccount } from '../src/emulator/generate-account.ts';
import { createEmulator, EmulatorState, type Emulator } from '../src/emulator/index.ts';
import { startLiveActivity, type LiveActivity } from '../src/emulator/live-activity.ts';
import { createRng } from '../src/emulator/prng.ts';
import type { StripeCoupon, StripeEvent, StripePrice } from '../src/metrics/stripe-shapes.ts';
import { createRevenueService, type RevenueService } from '../src/service/revenue-service.ts';
import type { Database } from '../src/store/database.ts';
import { createStripeClient } from '../src/stripe/client.ts';
import { derivedTables, loadedSnapshot, rebuiltFrom, servedFigures } from './support/derived-state.ts';
import { instantRetries, TEST_SECRET_KEY } from './support/service-under-test.ts';
import { openTestDatabase } from './support/test-database.ts';

const store = process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite';
const DAY = 86_400;
const START = 1_793_491_200; // 2026-11-01
const HISTORY_FROM = '2025-04-01';
const STEPS = 24;

describe(`incremental derived state equals a rebuild after every step (${store})`, () => {
  let clock = START;
  const now = () => clock;
  const state = new EmulatorState({ now });
  const rng = createRng(20261130);
  let emulator: Emulator;
  let db: Database;
  let drop: () => Promise<void>;
  let service: RevenueService;
  let live: LiveActivity;
  let config: ReturnType<typeof loadConfig>;

  before(async () => {
    generateAccount({ seed: 8, customers: 120, now: START, state });
    emulator = createEmulator({ secretKey: TEST_SECRET_KEY, state });
    const apiBase = await emulator.listen();
    config = loadConfig({ STRIPE_SECRET_KEY: TEST_SECRET_KEY, STRIPE_API_BASE: apiBase, EXCHANGE_RATES: 'eur=1.085,gbp=1.27', SYNC_INTERVAL_MINUTES: '0' });
    ({ db, drop } = await openTestDatabase());
    const stripe = createStripeClient({ secretKey: TEST_SECRET_KEY, apiBase: new URL(apiBase) });
    service = await createRevenueService({ config, db, stripe, source: 'stripe', retry: instantRetries, nowSeconds: now });
    live = startLiveActivity({ state, seed: 3, intervalMs: 0 });
    const first = service.requestSync('test');
    assert.ok(first?.started);
    assert.equal((await first.done).status, 'succeeded');
  });
  after(async () => {
    await live?.stop();
    await service?.close();
    await drop?.();
    await emulator?.close();
  });

  const deliver = async (events: StripeEvent[]) => {
    for (const event of events) await service.receiveEvent(event);
  };
  const b = new AccountBuilder(state);

  /** Each step changes the account the way Stripe would tell us, or the way time does. */
  const steps: Record<string, () => Promise<string>> = {
    async activity() {
      const events: StripeEvent[] = [];
      for (let i = 0, n = 1 + Math.floor(rng.next() * 6); i < n; i++) events.push(...(await live.tick()));
      await deliver(events);
      return `${events.length} events`;
    },
    async sync() {
      const start = service.requestSync('test');
      assert.ok(start?.started);
      assert.equal((await start.done).status, 'succeeded');
      return 'a full sync';
    },
    async price() {
      // Not a change Stripe allows, but what a re-price through the price → subscription index must get right.
      const price = rng.pick([...state.collection('price').values()].filter((p) => p.recurring?.usage_type === 'licensed' && p.billing_scheme === 'per_unit'));
      const unit = Math.max(1, Math.round((price.unit_amount ?? 100) * (0.5 + rng.next())));
      const changed: StripePrice = state.replace('price', { ...price, unit_amount: unit, unit_amount_decimal: String(unit) });
      await deliver([state.recordEvent('price.updated', changed)]);
      return `price ${price.id} → ${unit}`;
    },
    async coupon() {
      const coupon = rng.pick([...state.collection('coupon').values()].filter((c) => c.percent_off !== null));
      const changed: StripeCoupon = state.replace('coupon', { ...coupon, percent_off: 5 + Math.floor(rng.next() * 50) });
      await deliver([state.recordEvent('coupon.updated', changed)]);
      return `coupon ${coupon.id}`;
    },
    async deleteCustomer() {
      const customer = rng.pick([...state.collection('customer').values()].filter((c) => !c.deleted));
      state.delete('customer', customer.id);
      await deliver([state.recordEvent('customer.deleted', { ...customer, deleted: true })]);
      return `customer ${customer.id} deleted`;
    },
    async newCustomerWithDiscount() {
      const coupon = rng.pick([...state.collection('coupon').values()].filter((c) => c.duration === 'forever'));
      const customer = b.customer({ coupon });
      const price = rng.pick([...state.collection('price').values()].filter((p) => p.recurring?.usage_type === 'licensed' && p.currency === 'usd'));
      const sub = b.subscription({ customer, items: [{ price, quantity: 2 }] });
      await deliver([state.recordEvent('customer.created', customer), state.recordEvent('customer.subscription.created', sub)]);
      return `customer ${customer.id} with a discount`;
    },
    async timePasses() {
      clock += Math.floor(rng.next() * 20 * DAY);
      const events: StripeEvent[] = [];
      for (let i = 0; i < 3; i++) events.push(...(await live.tick()));
      await deliver(events);
      return `clock at ${new Date(clock * 1000).toISOString().slice(0, 10)}`;
    },
  };
  // Every kind of step at least once, the rest drawn by weight, in a seeded order after a first sync.
  const weights: Array<[keyof typeof steps, number]> = [['activity', 8], ['sync', 2], ['price', 2], ['coupon', 1], ['deleteCustomer', 1], ['newCustomerWithDiscount', 2], ['timePasses', 3]];
  const schedule = createRng(7);
  const drawn = weights.map(([name]) => name);
  while (drawn.length < STEPS) drawn.push(schedule.weighted(weights.map(([name, w]) => [name, w] as const)));
  for (let i = drawn.length - 1; i > 0; i--) {
    const j = schedule.int(0, i);
    [drawn[i], drawn[j]] = [drawn[j]!, drawn[i]!];
  }

  for (const [i, name] of ['sync' as const, ...drawn].entries()) {
    test(`step ${i}: ${name}`, async (t) => {
      t.diagnostic(await steps[name]!());
      await service.derivationsSettled();
      const rebuilt = await rebuiltFrom(db, config, now);
      try {
        const incremental = await derivedTables(db);
        const fromScratch = await derivedTables(rebuilt.db);
        for (const table of Object.keys(fromScratch)) assert.deepEqual(incremental[table], fromScratch[table], table);
        assert.deepEqual(servedFigures(service, HISTORY_FROM), servedFigures(rebuilt.service, HISTORY_FROM));
        assert.deepEqual(service.view().snapshot, await loadedSnapshot(db, service), 'the sums in memory equal those a start would load');
      } finally {
        await rebuilt.drop();
      }
    });
  }
});
