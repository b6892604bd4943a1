/**
 * The billing steps live activity shares: invoicing a subscription's current period and paying (or
 * failing to pay) it, and keeping the MRR plan in step with the subscription.
 */
import type { StripeEvent, StripeInvoice, StripeSubscription } from '../metrics/stripe-shapes.ts';
import { buildCharge } from './build-billing.ts';
import { buildPeriodInvoice } from './build-period-invoice.ts';
import { plannedDiscount, plannedDiscounts, type PlannedItem } from './mrr-plan.ts';
import type { Rng } from './prng.ts';
import type { EmulatorState } from './state.ts';

function plannedItems(state: EmulatorState, sub: StripeSubscription): PlannedItem[] {
  return sub.items.data.map((item) => ({
    id: item.id,
    price: state.get('price', item.price.id) ?? item.price,
    quantity: item.quantity,
    discounts: plannedDiscounts(state, item.discounts),
  }));
}

function billingContext(state: EmulatorState, sub: StripeSubscription) {
  const customer = state.get('customer', sub.customer);
  return {
    subscription: sub.id,
    customer: sub.customer,
    currency: sub.currency,
    items: plannedItems(state, sub),
    discounts: plannedDiscounts(state, sub.discounts),
    customerDiscount: customer?.discount ? plannedDiscount(state, customer.discount) : null,
  };
}

/** Records that the subscription counts with its current configuration from `at` (or stops counting). */
export function syncPlan(state: EmulatorState, sub: StripeSubscription, requestedAt: number): void {
  // A change already recorded later than a renewal's period end must not be undone by it.
  const at = Math.max(requestedAt, state.plan.openSpan(sub.id)?.from ?? requestedAt);
  const counts = (sub.status === 'active' || sub.status === 'past_due') && !sub.pause_collection;
  if (!counts) return state.plan.end(sub.id, at);
  const { items, ...rest } = billingContext(state, sub);
  state.plan.begin({ ...rest, items, from: at });
}

/** Invoices the subscription's current period and tries to pay it; returns the events, in order. */
export function invoiceCurrentPeriod(state: EmulatorState, rng: Rng, sub: StripeSubscription, succeed: boolean): { invoice: StripeInvoice; events: StripeEvent[] } {
  const now = state.now();
  const item = sub.items.data[0];
  const period = { start: item?.current_period_start ?? now, end: item?.current_period_end ?? now };
  const invoice = buildPeriodInvoice(state, {
    ...billingContext(state, sub),
    period,
    status: 'open',
    created: now,
    meteredQuantity: rng.int(0, 5000),
  });
  const events = [state.recordEvent('invoice.created', invoice)];
  events.push(...payInvoice(state, invoice, succeed));
  return { invoice, events };
}

/** Stripe's first automatic retry of a failed invoice payment comes some days later. */
const RETRY_AFTER_SECONDS = 3 * 24 * 60 * 60;

/** Charges an invoice, counting the attempt; a success marks it paid, a failure schedules a retry. */
export function payInvoice(state: EmulatorState, invoice: StripeInvoice, succeed: boolean): StripeEvent[] {
  const events: StripeEvent[] = [];
  const now = state.now();
  const charge =
    invoice.total > 0
      ? buildCharge(state, { customer: invoice.customer, amount: invoice.total, currency: invoice.currency, status: succeed ? 'succeeded' : 'failed', invoice: invoice.id, created: now })
      : null;
  const attempt_count = (invoice.attempt_count ?? 0) + (charge ? 1 : 0);
  if (!succeed) {
    const failed = state.replace('invoice', { ...invoice, attempt_count, next_payment_attempt: now + RETRY_AFTER_SECONDS });
    if (charge) events.push(state.recordEvent('charge.failed', charge));
    events.push(state.recordEvent('invoice.payment_failed', failed));
    return events;
  }
  const paid = state.replace('invoice', {
    ...invoice,
    status: 'paid',
    amount_paid: invoice.total,
    attempt_count,
    next_payment_attempt: null,
    status_transitions: { ...invoice.status_transitions, paid_at: now },
  });
  if (charge) events.push(state.recordEvent('charge.succeeded', charge));
  events.push(state.recordEvent('invoice.paid', paid), state.recordEvent('invoice.payment_succeeded', paid));
  return events;
}
