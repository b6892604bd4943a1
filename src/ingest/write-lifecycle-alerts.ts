import { chargeEvents, invoiceEvents, lifecycleBody, type LifecycleAlertContext, type LifecycleEvent } from '../alerts/lifecycle-alerts.ts';
import type { StripeCharge, StripeCustomer, StripeInvoice } from '../metrics/stripe-shapes.ts';
import { firstAlertedAttempt } from '../alerts/route-alerts.ts';
import type { Queryable } from '../store/database.ts';
import { objectsRepository, type ObjectType, type StripeObjectLike, type WrittenObject } from '../store/objects-repository.ts';
import type { AlertSettings, DerivationContext } from './derivation-context.ts';
import { writeRoutedAlerts } from './write-routed-alerts.ts';

type LifecycleSource = 'invoice' | 'charge';
const isLifecycleSource = (type: ObjectType): type is LifecycleSource => type === 'invoice' || type === 'charge';

/** Writes the alerts of what was written: called with the objects whose state changed, and their new states. */
export type LifecycleAlertWriter = (changed: readonly WrittenObject[], states: ReadonlyMap<string, StripeObjectLike>) => Promise<void>;

/**
 * For invoices and charges, when an alert channel is configured: reads the states the batch is about to
 * replace (one probe per id), and returns what writes the alerts their changes make, in the same
 * transaction. Without a channel nothing is read, so the apply costs what it did.
 */
export async function watchLifecycle(tx: Queryable, type: ObjectType, objects: readonly StripeObjectLike[], ctx: DerivationContext): Promise<LifecycleAlertWriter | undefined> {
  const settings = ctx.alerts;
  if (settings === undefined || !isLifecycleSource(type) || !settings.rules.some((rule) => rule.kind === 'lifecycle')) return undefined;
  const stored = await objectsRepository(tx).getMany<StripeInvoice & StripeCharge>(type, [...new Set(objects.map((o) => o.id))]);
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
        const change = { before: before.get(w.id), after: states.get(w.id) as unknown as StripeInvoice & StripeCharge };
        return type === 'invoice' ? invoiceEvents(change, alertCtx) : chargeEvents(change, alertCtx);
      });
    if (events.length > 0) await writeAlerts(tx, events, settings, alertCtx.livemode);
  };
}

/** Customers' names, and the subscriptions of the invoices behind them, are read only for what alerts. */
async function writeAlerts(tx: Queryable, events: readonly LifecycleEvent[], settings: AlertSettings, livemode: boolean | null): Promise<void> {
  const objects = objectsRepository(tx);
  const ids = (pick: (e: LifecycleEvent) => string | null) => [...new Set(events.map(pick).filter((id): id is string => id !== null))];
  const customers = new Map((await objects.getMany<StripeCustomer>('customer', ids((e) => e.customerId))).map((r) => [r.id, r.data]));
  const invoices = new Map((await objects.getMany<StripeInvoice>('invoice', ids((e) => e.invoiceId))).map((r) => [r.id, r.data]));
  const bodies = events.map((event) => {
    const customer = event.customerId === null ? null : customers.get(event.customerId);
    const body = lifecycleBody(event, {
      customer: event.customerId === null ? null : { id: event.customerId, name: customer?.name ?? null, email: customer?.email ?? null },
      subscriptionId: (event.invoiceId === null ? undefined : invoices.get(event.invoiceId))?.parent?.subscription_details?.subscription ?? null,
      livemode,
    });
    return body;
  });
  await writeRoutedAlerts(tx, bodies, settings);
}
