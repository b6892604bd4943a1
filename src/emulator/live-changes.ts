/**
 * The changes live activity can make, each applied to the state at the emulator's clock and returned
 * as the Stripe events it caused, in order. A change that finds nothing to act on returns no events.
 */
import type { StripeCharge, StripeCustomer, StripeEvent, StripePrice, StripeSubscription } from '../metrics/stripe-shapes.ts';
import { buildCustomer, buildSubscription } from './build-subscription.ts';
import { invoiceCurrentPeriod, syncPlan } from './live-billing.ts';
import type { Rng } from './prng.ts';
import { renderSubscription } from './render.ts';
import type { EmulatorState } from './state.ts';

const TRIAL_DAYS = 14;
export const PAYMENT_FAILURE_RATE = 0.1;

export interface LiveContext {
  state: EmulatorState;
  rng: Rng;
  /** Active licensed recurring prices by currency. */
  prices: ReadonlyMap<string, StripePrice[]>;
}

export function livePrices(state: EmulatorState): Map<string, StripePrice[]> {
  const byCurrency = new Map<string, StripePrice[]>();
  for (const price of state.collection('price').values()) {
    if (!price.active || price.recurring?.usage_type !== 'licensed') continue;
    byCurrency.set(price.currency, [...(byCurrency.get(price.currency) ?? []), price]);
  }
  return byCurrency;
}

function quantityFor(rng: Rng, price: StripePrice): number {
  if (price.billing_scheme === 'tiered' || price.transform_quantity) return rng.int(1, 60);
  return rng.chance(0.4) ? rng.int(2, 20) : 1;
}

export function randomOf<T>(rng: Rng, items: readonly T[]): T | undefined {
  return items.length === 0 ? undefined : rng.pick(items);
}

const liveSubscriptions = (state: EmulatorState) =>
  [...state.collection('subscription').values()].filter((s) => s.status === 'active' && !s.pause_collection && !s.cancel_at_period_end);

export function replaceSubscription(state: EmulatorState, sub: StripeSubscription, changes: Partial<StripeSubscription>): StripeSubscription {
  return state.replace('subscription', { ...sub, ...changes });
}

export function newCustomer(ctx: LiveContext): StripeEvent[] {
  const { state, rng } = ctx;
  const currencies = [...ctx.prices.keys()].sort();
  const currency = randomOf(rng, currencies) ?? 'usd';
  const customer = buildCustomer(state, { name: `Live customer ${state.collection('customer').size + 1}`, currency, created: state.now() });
  return [state.recordEvent('customer.created', customer), ...newSubscription(ctx, customer)];
}

export function newSubscriptionForExisting(ctx: LiveContext): StripeEvent[] {
  const customers = [...ctx.state.collection('customer').values()].filter((c) => !c.deleted && c.currency !== null);
  const customer = randomOf(ctx.rng, customers);
  return customer ? newSubscription(ctx, customer) : [];
}

function newSubscription(ctx: LiveContext, customer: StripeCustomer): StripeEvent[] {
  const { state, rng } = ctx;
  const price = randomOf(rng, ctx.prices.get(customer.currency ?? 'usd') ?? []);
  if (!price) return [];
  const trial = rng.chance(0.3);
  const sub = buildSubscription(state, {
    customer,
    items: [{ price, quantity: quantityFor(rng, price) }],
    created: state.now(),
    ...(trial ? { trialDays: TRIAL_DAYS } : {}),
  });
  const events = [state.recordEvent('customer.subscription.created', sub)];
  if (trial) return events;
  const succeed = !rng.chance(PAYMENT_FAILURE_RATE);
  const { events: billing } = invoiceCurrentPeriod(state, rng, sub, succeed);
  events.push(...billing);
  // A first payment that fails leaves the subscription incomplete, which counts for nothing.
  const settled = replaceSubscription(state, sub, { status: succeed ? 'active' : 'incomplete' });
  if (!succeed) events.push(state.recordEvent('customer.subscription.updated', settled, { status: 'active' }));
  syncPlan(state, settled, state.now());
  return events;
}

/** A quantity change on a seat-like item, else a move to another price of the same cadence. */
export function changePlan(ctx: LiveContext): StripeEvent[] {
  const { state, rng } = ctx;
  const sub = randomOf(rng, liveSubscriptions(state));
  const index = sub ? sub.items.data.findIndex((i) => i.price.recurring?.usage_type === 'licensed') : -1;
  const item = sub?.items.data[index];
  if (!sub || !item) return [];
  const before = renderSubscription(state, sub).items;
  let next = item;
  if (item.quantity !== null && item.quantity > 1 || item.price.billing_scheme === 'tiered' || item.price.transform_quantity) {
    const q = item.quantity ?? 1;
    next = { ...item, quantity: rng.chance(0.6) ? q + rng.int(1, Math.max(1, q)) : Math.max(1, q - rng.int(1, Math.max(1, Math.floor(q / 2)))) };
  } else {
    const recurring = item.price.recurring;
    const options = (ctx.prices.get(sub.currency) ?? []).filter(
      (p) => p.id !== item.price.id && p.recurring?.interval === recurring?.interval && p.recurring?.interval_count === recurring?.interval_count && !sub.items.data.some((i) => i.price.id === p.id),
    );
    const price = randomOf(rng, options);
    if (price) next = { ...item, price, quantity: quantityFor(rng, price) };
  }
  if (next === item || (next.price === item.price && next.quantity === item.quantity)) return [];
  const data = sub.items.data.map((i, k) => (k === index ? next : i));
  const updated = replaceSubscription(state, sub, { items: { ...sub.items, data } });
  syncPlan(state, updated, state.now());
  return [state.recordEvent('customer.subscription.updated', updated, { items: before })];
}

export function scheduleCancel(ctx: LiveContext): StripeEvent[] {
  const { state, rng } = ctx;
  const sub = randomOf(rng, liveSubscriptions(state));
  if (!sub) return [];
  const periodEnd = sub.items.data[0]?.current_period_end ?? state.now();
  const updated = replaceSubscription(state, sub, { cancel_at_period_end: true, cancel_at: periodEnd, canceled_at: state.now() });
  return [state.recordEvent('customer.subscription.updated', updated, { cancel_at_period_end: false, cancel_at: null, canceled_at: null })];
}

export function cancelNow(ctx: LiveContext): StripeEvent[] {
  const sub = randomOf(ctx.rng, liveSubscriptions(ctx.state));
  return sub ? [endSubscription(ctx.state, sub, ctx.state.now())] : [];
}

export function endSubscription(state: EmulatorState, sub: StripeSubscription, at: number): StripeEvent {
  const ended = replaceSubscription(state, sub, { status: 'canceled', ended_at: at, canceled_at: sub.canceled_at ?? at });
  state.plan.end(sub.id, at);
  return state.recordEvent('customer.subscription.deleted', ended);
}

export function refundCharge(ctx: LiveContext): StripeEvent[] {
  const { state, rng } = ctx;
  const recent = state.collection('charge').newestFirst();
  const candidates: StripeCharge[] = [];
  for (let i = 0; i < Math.min(recent.length, 200); i++) {
    const charge = recent.at(i);
    if (charge.status === 'succeeded' && charge.amount_refunded === 0) candidates.push(charge);
  }
  const charge = randomOf(rng, candidates);
  if (!charge) return [];
  const amount = rng.chance(0.5) ? charge.amount_captured : Math.floor(charge.amount_captured / 2);
  const refunded = state.replace('charge', { ...charge, amount_refunded: amount, refunded: amount === charge.amount_captured });
  return [state.recordEvent('charge.refunded', refunded, { amount_refunded: 0, refunded: false })];
}
