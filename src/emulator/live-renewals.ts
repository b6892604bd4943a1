/** Live activity's billing-cycle changes: periods and trials that ran out, and past-due payments recovered. */
import type { StripeEvent } from '../metrics/stripe-shapes.ts';
import { DAY, shiftPeriods } from './calendar.ts';
import { invoiceCurrentPeriod, payInvoice, syncPlan } from './live-billing.ts';
import { endSubscription, PAYMENT_FAILURE_RATE, randomOf, replaceSubscription, type LiveContext } from './live-changes.ts';
import { renderSubscription } from './render.ts';

/**
 * Subscriptions whose period (or trial) ended by now move on: scheduled cancellations end, the rest
 * start a new period and are invoiced for it, and some of those payments fail.
 */
export function renewDue(ctx: LiveContext, limit: number): StripeEvent[] {
  const { state, rng } = ctx;
  const now = state.now();
  const due = [...state.collection('subscription').values()]
    // Collection-paused subscriptions would have their invoices voided; they simply wait here.
    .filter((s) => ['active', 'past_due', 'trialing'].includes(s.status) && !s.pause_collection && (s.items.data[0]?.current_period_end ?? Infinity) <= now)
    .sort((a, b) => (a.items.data[0]?.current_period_end ?? 0) - (b.items.data[0]?.current_period_end ?? 0) || (a.id < b.id ? -1 : 1))
    .slice(0, limit);
  const events: StripeEvent[] = [];
  for (const sub of due) {
    const end = sub.items.data[0]?.current_period_end ?? now;
    if (sub.cancel_at_period_end) {
      events.push(endSubscription(state, sub, end));
      continue;
    }
    const recurring = sub.items.data[0]?.price.recurring;
    const next = recurring ? shiftPeriods(end, recurring.interval, recurring.interval_count, 1) : end + 30 * DAY;
    const data = sub.items.data.map((i) => ({ ...i, current_period_start: end, current_period_end: next }));
    const before = renderSubscription(state, sub);
    const renewed = replaceSubscription(state, sub, { items: { ...sub.items, data } });
    const succeed = !rng.chance(PAYMENT_FAILURE_RATE);
    const { events: billing } = invoiceCurrentPeriod(state, rng, renewed, succeed);
    const status = succeed ? 'active' : 'past_due';
    const settled = replaceSubscription(state, renewed, { status });
    syncPlan(state, settled, end);
    events.push(...billing, state.recordEvent('customer.subscription.updated', settled, { items: before.items, ...(status === sub.status ? {} : { status: sub.status }) }));
  }
  return events;
}

/** A past-due subscription's open invoice is paid on retry. */
export function recoverPastDue(ctx: LiveContext): StripeEvent[] {
  const { state, rng } = ctx;
  const sub = randomOf(rng, [...state.collection('subscription').values()].filter((s) => s.status === 'past_due'));
  if (!sub) return [];
  const invoice = [...state.collection('invoice').values()].find(
    (i) => i.status === 'open' && i.parent?.subscription_details?.subscription === sub.id,
  );
  const events = invoice ? payInvoice(state, invoice, true) : [];
  const active = replaceSubscription(state, sub, { status: 'active' });
  syncPlan(state, active, state.now());
  return [...events, state.recordEvent('customer.subscription.updated', active, { status: 'past_due' })];
}
