import { alertMoney } from '../alerts/alert-money.ts';
import type { LifecycleKind } from '../alerts/alert-rules.ts';
import { chargeEvents, invoiceEvents, lifecycleBody, subscriptionEvents, type LifecycleAlertContext, type LifecycleEvent } from '../alerts/lifecycle-alerts.ts';
import { firstAlertedAttempt } from '../alerts/route-alerts.ts';
import type { RatesConfig } from '../metrics/index.ts';
import type { StripeCharge, StripeCustomer, StripeInvoice, StripeSubscription } from '../metrics/stripe-shapes.ts';
import type { Queryable } from '../store/database.ts';
import { objectsRepository, type ObjectType, type StripeObjectLike, type WrittenObject } from '../store/objects-repository.ts';
import { revenueSubscriptionsRepository } from '../store/revenue-subscriptions-repository.ts';
import type { AlertSettings, DerivationContext } from './derivation-context.ts';
import { writeRoutedAlerts, type WithMetadata } from './write-routed-alerts.ts';

/** The lifecycle types each kind of object can tell of. */
const TOLD_BY: Partial<Record<ObjectType, readonly LifecycleKind[]>> = {
  invoice: ['payment_failed', 'payment_recovered'],
  charge: ['refund', 'dispute'],
  subscription: ['scheduled_cancellation'],
};

/** Whether some rule wants what this type of object can tell: else nothing is read for it. */
const watched = (type: ObjectType, settings: AlertSettings) =>
  settings.rules.some((rule) => rule.kind === 'lifecycle' && rule.types.some((kind) => TOLD_BY[type]?.includes(kind)));

type Watched = StripeInvoice & StripeCharge & StripeSubscription;

/** Writes the alerts of what was written: called with the objects whose state changed, and their new states. */
export type LifecycleAlertWriter = (changed: readonly WrittenObject[], states: ReadonlyMap<string, StripeObjectLike>) => Promise<void>;

/**
 * For invoices and charges, when alerts are written: reads the states the batch is about to replace (one
 * probe per id), and returns what writes the alerts their changes make, in the same transaction. Without
 * alert settings nothing is read, so the apply costs what it did.
 */
export async function watchLifecycle(tx: Queryable, type: ObjectType, objects: readonly StripeObjectLike[], ctx: DerivationContext): Promise<LifecycleAlertWriter | undefined> {
  const settings = ctx.alerts;
  if (settings === undefined || !watched(type, settings)) return undefined;
  const stored = await objectsRepository(tx).getMany<Watched>(type, [...new Set(objects.map((o) => o.id))]);
  const before = new Map(stored.filter((s) => !s.deleted).map((s) => [s.id, s.data]));
  return async (changed, states) => {
    const alertCtx: LifecycleAlertContext = {
      now: ctx.now(),
      rates: ctx.rates,
      livemode: settings.livemode(),
      // No rule watching payments: no failed payment is one to tell.
      paymentFailedFromAttempt: firstAlertedAttempt(settings.rules) ?? Infinity,
    };
    const events = changed
      .filter((w) => w.live)
      .flatMap((w) => {
        const change = { before: before.get(w.id), after: states.get(w.id) as unknown as Watched };
        if (type === 'invoice') return invoiceEvents(change, alertCtx);
        return type === 'charge' ? chargeEvents(change, alertCtx) : subscriptionEvents(change, alertCtx);
      });
    if (events.length > 0) await writeAlerts(tx, events, settings, alertCtx.livemode, ctx.rates);
  };
}

/**
 * Customers' names, the subscriptions of the invoices behind them, and the MRR a scheduled cancellation
 * takes are read only for what alerts.
 */
async function writeAlerts(tx: Queryable, events: readonly LifecycleEvent[], settings: AlertSettings, livemode: boolean | null, rates: RatesConfig): Promise<void> {
  const objects = objectsRepository(tx);
  const ids = (pick: (e: LifecycleEvent) => string | null) => [...new Set(events.map(pick).filter((id): id is string => id !== null))];
  const customers = new Map((await objects.getMany<StripeCustomer & WithMetadata>('customer', ids((e) => e.customerId))).map((r) => [r.id, r.data]));
  const invoices = new Map((await objects.getMany<StripeInvoice>('invoice', ids((e) => e.invoiceId))).map((r) => [r.id, r.data]));
  const ending = ids((e) => (e.body.type === 'scheduled_cancellation' ? e.customerId : null));
  const revenue = new Map((await revenueSubscriptionsRepository(tx).byCustomers(ending)).map((row) => [row.subscriptionId, row]));
  const bodies = events.map((event) => {
    const customer = event.customerId === null ? null : customers.get(event.customerId);
    const body = lifecycleBody(event, {
      customer: event.customerId === null ? null : { id: event.customerId, name: customer?.name ?? null, email: customer?.email ?? null },
      subscriptionId: (event.invoiceId === null ? undefined : invoices.get(event.invoiceId))?.parent?.subscription_details?.subscription ?? null,
      livemode,
    });
    if (body.type !== 'scheduled_cancellation') return body;
    const row = revenue.get(body.subscription_id ?? '');
    return { ...body, mrr: row?.mrr == null ? null : alertMoney([{ currency: row.currency, amount: row.mrr }], rates) };
  });
  await writeRoutedAlerts(tx, bodies, settings, customers);
}
