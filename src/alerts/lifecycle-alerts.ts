import type { RatesConfig } from '../metrics/index.ts';
import type { StripeCharge, StripeInvoice, StripeSubscription } from '../metrics/stripe-shapes.ts';
import type { AlertCustomer, LifecycleAlertBody } from './alert-body.ts';
import { alertMoney } from './alert-money.ts';
import { RECENT_SECONDS } from './movement-alerts.ts';

export interface LifecycleAlertContext {
  /** Unix seconds. */
  now: number;
  rates: RatesConfig;
  livemode: boolean | null;
  /** The first failed attempt of an invoice that alerts (1: every failure). */
  paymentFailedFromAttempt: number;
}

/** An object's state as just written, and the one it replaced (undefined when it is new to the store). */
export interface StateChange<T> {
  before: T | undefined;
  after: T;
}

type Found = 'customer' | 'livemode' | 'subscription_id';
/** A body less what is looked up afterwards, for each type of body. */
type BodyToComplete = LifecycleAlertBody extends infer Body ? (Body extends LifecycleAlertBody ? Omit<Body, Found> : never) : never;

/** What the alert is about, before the customer's name and the subscription are looked up. */
export interface LifecycleEvent {
  customerId: string | null;
  /** The invoice behind it, when known: where its subscription is read. */
  invoiceId: string | null;
  /** Known without the invoice: the subscription it is about. */
  subscriptionId?: string;
  body: BodyToComplete;
}

const iso = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString();

/**
 * When it happened: an object new to the store tells by its own time (so a first sync of years of
 * history stays quiet); a change to a stored one happened since it was stored, and is seen now.
 */
const when = (change: StateChange<unknown>, ownTime: number | null | undefined, now: number) => (change.before === undefined ? (ownTime ?? now) : now);

const recent = (at: number, now: number) => at >= now - RECENT_SECONDS && at <= now;

const isPaid = (invoice: StripeInvoice | undefined) => invoice?.status === 'paid';
const attempts = (invoice: StripeInvoice | undefined) => invoice?.attempt_count ?? 0;

export function invoiceEvents(change: StateChange<StripeInvoice>, ctx: LifecycleAlertContext): LifecycleEvent[] {
  const { before, after } = change;
  const count = attempts(after);
  const amount = alertMoney([{ currency: after.currency, amount: after.total }], ctx.rates);
  const about = { customerId: after.customer, invoiceId: after.id };
  const base = { invoice_id: after.id, amount, attempt_count: count };
  const firstAlerted = Math.max(1, ctx.paymentFailedFromAttempt);
  if (after.status === 'open' || after.status === 'uncollectible') {
    if (count < firstAlerted || count <= attempts(before)) return [];
    const at = when(change, after.created, ctx.now);
    if (!recent(at, ctx.now)) return [];
    const id = `payment_failed:${after.id}:${count}`;
    const next = after.next_payment_attempt ?? null;
    return [{ ...about, body: { ...base, id, type: 'payment_failed', occurred_at: iso(at), next_payment_attempt: next === null ? null : iso(next) } }];
  }
  // Recovered: paid after at least as many failed attempts as would have alerted.
  if (isPaid(after) && !isPaid(before) && count - 1 >= firstAlerted) {
    const at = after.status_transitions?.paid_at ?? when(change, after.created, ctx.now);
    if (!recent(at, ctx.now)) return [];
    const id = `payment_recovered:${after.id}`;
    return [{ ...about, body: { ...base, id, type: 'payment_recovered', occurred_at: iso(at) } }];
  }
  return [];
}

export function chargeEvents(change: StateChange<StripeCharge>, ctx: LifecycleAlertContext): LifecycleEvent[] {
  const { before, after } = change;
  const at = when(change, after.created, ctx.now);
  if (!recent(at, ctx.now)) return [];
  const money = (amount: number) => alertMoney([{ currency: after.currency, amount }], ctx.rates);
  const about = { customerId: after.customer, invoiceId: after.invoice ?? null };
  const base = { charge_id: after.id, occurred_at: iso(at) };
  const events: LifecycleEvent[] = [];
  const refunded = after.amount_refunded - (before?.amount_refunded ?? 0);
  if (refunded > 0) {
    const id = `refund:${after.id}:${after.amount_refunded}`;
    events.push({ ...about, body: { ...base, id, type: 'refund', amount: money(refunded), amount_refunded: money(after.amount_refunded) } });
  }
  if (after.disputed === true && before?.disputed !== true) {
    events.push({ ...about, body: { ...base, id: `dispute:${after.id}`, type: 'dispute', amount: money(after.amount_captured) } });
  }
  return events;
}

/** When a subscription set to end ends; null when it is not set to. */
function endsAt(subscription: StripeSubscription | undefined): number | null {
  if (subscription === undefined) return null;
  if (subscription.cancel_at != null) return subscription.cancel_at;
  if (!subscription.cancel_at_period_end) return null;
  return Math.max(0, ...(subscription.items?.data ?? []).map((item) => item.current_period_end ?? 0)) || null;
}

const ENDED = new Set(['canceled', 'incomplete_expired']);

/** A subscription newly set to end (at its period's end, or at a date): the MRR it holds will churn then. */
export function subscriptionEvents(change: StateChange<StripeSubscription>, ctx: Pick<LifecycleAlertContext, 'now'>): LifecycleEvent[] {
  const { before, after } = change;
  const ends = endsAt(after);
  if (ends === null || ENDED.has(after.status) || ends === endsAt(before)) return [];
  const at = when(change, after.canceled_at, ctx.now);
  if (!recent(at, ctx.now)) return [];
  return [
    {
      customerId: after.customer,
      invoiceId: null,
      subscriptionId: after.id,
      body: { id: `scheduled_cancellation:${after.id}:${ends}`, type: 'scheduled_cancellation', occurred_at: iso(at), cancel_at: iso(ends), mrr: null },
    },
  ];
}

/** The body a receiver gets, once the customer and the invoice's subscription are known. */
export function lifecycleBody(
  event: LifecycleEvent,
  found: { customer: AlertCustomer | null; subscriptionId: string | null; livemode: boolean | null },
): LifecycleAlertBody {
  const { body } = event;
  const common = { livemode: found.livemode, subscription_id: event.subscriptionId ?? found.subscriptionId };
  switch (body.type) {
    case 'payment_failed':
    case 'payment_recovered':
      // An invoice always names its customer, stored or not.
      return { ...body, ...common, customer: found.customer ?? { id: event.customerId ?? '', name: null, email: null } };
    case 'refund':
    case 'dispute':
      return { ...body, ...common, customer: found.customer };
    case 'trial_ending':
    case 'scheduled_cancellation':
      return { ...body, ...common, customer: found.customer ?? { id: event.customerId ?? '', name: null, email: null } };
  }
}
