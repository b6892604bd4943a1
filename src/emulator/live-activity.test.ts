import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StripeEvent } from '../metrics/stripe-shapes.ts';
import { DAY } from './calendar.ts';
import { expectedMrrAt } from './expected-mrr.ts';
import { DEFAULT_NOW, generateAccount } from './generate-account.ts';
import { createEmulator } from './index.ts';
import { startLiveActivity } from './live-activity.ts';
import { EmulatorState } from './state.ts';
import { engineMrr, get } from './test-support.ts';
import { TEST_KEY } from './test-support.ts';

const PATHS: Record<string, string> = { customer: 'customers', subscription: 'subscriptions', invoice: 'invoices', charge: 'charges' };

test('ticks change the account through Stripe-shaped events that match what the API serves afterwards', async () => {
  let clock = DEFAULT_NOW;
  const state = new EmulatorState({ now: () => clock });
  generateAccount({ state, now: clock, seed: 3, customers: 80 });
  const { app } = createEmulator({ secretKey: TEST_KEY, state });
  const heard: StripeEvent[] = [];
  const live = startLiveActivity({ state, seed: 2, intervalMs: 0, onEvent: (e) => heard.push(e) });
  const events: StripeEvent[] = [];
  for (let i = 0; i < 120; i++) {
    // Mostly minutes apart, with the odd long gap so periods and trials run out.
    clock += i % 15 === 14 ? 9 * DAY : 600;
    const batch = await live.tick();
    for (const event of batch) assert.equal(event.created, clock);
    events.push(...batch);
  }
  await live.stop();
  assert.deepEqual(heard.map((e) => e.id), events.map((e) => e.id));

  const types = new Set(events.map((e) => e.type));
  for (const type of [
    'customer.created',
    'customer.subscription.created',
    'customer.subscription.updated',
    'customer.subscription.deleted',
    'invoice.paid',
    'invoice.payment_succeeded',
    'invoice.payment_failed',
    'charge.succeeded',
    'charge.failed',
    'charge.refunded',
  ]) {
    assert.ok(types.has(type), type);
  }
  assert.ok(events.some((e) => e.type === 'customer.subscription.created' && (e.data.object as { status: string }).status === 'trialing'));
  for (const event of events.filter((e) => e.type === 'customer.subscription.updated')) assert.ok(event.data.previous_attributes, event.id);
  for (const event of events.filter((e) => e.type === 'customer.subscription.deleted')) {
    const sub = event.data.object as { status: string; ended_at: number | null };
    assert.equal(sub.status, 'canceled');
    assert.ok(sub.ended_at !== null && sub.ended_at <= event.created);
  }

  const latest = new Map<string, StripeEvent>();
  for (const event of events) latest.set((event.data.object as { id: string }).id, event);
  for (const [id, event] of latest) {
    const object = event.data.object as { object: string };
    const { status, body } = await get(app, `/v1/${PATHS[object.object]}/${id}`);
    assert.equal(status, 200, id);
    assert.deepEqual(body, JSON.parse(JSON.stringify(object)), `${event.type} ${id}`);
  }
  const listed = await get(app, '/v1/events?limit=3');
  assert.deepEqual(listed.body.data.map((e: { id: string }) => e.id), events.slice(-3).reverse().map((e) => e.id));

  assert.deepEqual(expectedMrrAt(state, clock), engineMrr(state, clock));
});

test('the same seed replays the same activity', async () => {
  const run = async () => {
    let clock = DEFAULT_NOW;
    const state = new EmulatorState({ now: () => clock });
    generateAccount({ state, now: clock, seed: 4, customers: 40 });
    const live = startLiveActivity({ state, seed: 9, intervalMs: 0 });
    const types: string[] = [];
    for (let i = 0; i < 30; i++) {
      clock += 5 * DAY;
      types.push(...(await live.tick()).map((e) => `${e.type} ${(e.data.object as { id: string }).id}`));
    }
    await live.stop();
    return types;
  };
  assert.deepEqual(await run(), await run());
});
