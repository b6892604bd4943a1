import type { RatesConfig } from '../metrics/index.ts';
import type { StripeCharge, StripeInvoice } from '../metrics/stripe-shapes.ts';
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

/** The body a receiver gets, once the customer and the invoice's subscription are known. */
export function lifecycleBody(
  event: LifecycleEvent,
  found: { customer: AlertCustomer | null; subscriptionId: string | null; livemode: boolean | null },
): LifecycleAlertBody {
  const { body } = event;
  const common = { livemode: found.livemode, subscription_id: found.subscriptionId };
  switch (body.type) {
    case 'payment_failed':
    case 'payment_recovered':
      // An invoice always names its customer, stored or not.
      return { ...body, ...common, customer: found.customer ?? { id: event.customerId ?? '', name: null, email: null } };
    case 'refund':
    case 'dispute':
      return { ...body, ...common, customer: found.customer };
  }
}
