/**
 * Turns a subscription story into objects: the subscription as it is now, one invoice per billed
 * period with the items as they were then, the charges that paid (or failed to pay) them, and the MRR
 * plan's spans. With `history: 'latest'` only the last invoice is written, for huge benchmark accounts.
 */
import type { InvoiceStatus, StripeCustomer, StripeInvoice, StripeSubscription } from '../metrics/stripe-shapes.ts';
import type { AccountBuilder } from './account-builder.ts';
import { buildPeriodInvoice } from './build-period-invoice.ts';
import { DAY, shiftPeriods } from './calendar.ts';
import { plannedDiscount, plannedDiscounts, type PlannedItem } from './mrr-plan.ts';
import type { Rng } from './prng.ts';
import type { SubscriptionStory } from './story-types.ts';

export type InvoiceHistory = 'full' | 'latest';

interface Context {
  b: AccountBuilder;
  rng: Rng;
  now: number;
  history: InvoiceHistory;
}

/** The item configuration of every period: configs[k] holds for period k. */
function configsByPeriod(story: SubscriptionStory, sub: StripeSubscription, ctx: Context, periods: number): PlannedItem[][] {
  const { state } = ctx.b;
  let config: PlannedItem[] = story.items.map((item, i) => {
    const built = sub.items.data[i];
    if (!built) throw new Error('story and subscription items differ');
    return { id: built.id, price: item.price, quantity: built.quantity === null ? null : (item.quantity ?? 1), discounts: plannedDiscounts(state, built.discounts) };
  });
  const configs: PlannedItem[][] = [];
  let next = 0;
  for (let k = 0; k < periods; k++) {
    while (next < story.changes.length && (story.changes[next]?.boundary ?? Infinity) <= k) {
      const change = story.changes[next++];
      if (!change) break;
      config = config.map((item, i) => (i === change.item ? { ...item, price: change.price, quantity: change.quantity ?? 1 } : item));
    }
    configs.push(config);
  }
  return configs;
}

export function finalItems(story: SubscriptionStory): SubscriptionStory['items'] {
  const items = story.items.map((item) => ({ ...item }));
  for (const change of story.changes) {
    const item = items[change.item];
    if (!item) continue;
    item.price = change.price;
    if (change.quantity === undefined) delete item.quantity;
    else item.quantity = change.quantity;
  }
  return items;
}

export function writeSubscription(ctx: Context, customer: StripeCustomer, story: SubscriptionStory, coupons: SubscriptionStory['items'][number]['coupons']): StripeSubscription {
  const { b } = ctx;
  const sub = b.subscription({
    customer,
    items: finalItems(story),
    status: story.status,
    created: story.created,
    ...(story.trialEnd === null ? {} : { trialDays: (story.trialEnd - story.created) / DAY }),
    ...(story.endedAt === null ? {} : { endedAt: story.endedAt }),
    ...(story.canceledAt === null ? {} : { canceledAt: story.canceledAt }),
    cancelAtPeriodEnd: story.cancelAtPeriodEnd,
    ...(story.pauseResumesAt === null ? {} : { pauseCollection: { behavior: 'void' as const, resumesAt: story.pauseResumesAt } }),
    coupons,
    currentPeriod: story.currentPeriod,
  });
  const periods = Math.max(story.billed, story.counted);
  const configs = configsByPeriod(story, sub, ctx, periods);
  const discounts = plannedDiscounts(b.state, sub.discounts);
  const customerDiscount = customer.discount ? plannedDiscount(b.state, customer.discount) : null;
  const boundary = (k: number) => shiftPeriods(story.anchor, story.cadence.interval, story.cadence.count, k);
  const base = { subscription: sub.id, customer: customer.id, currency: sub.currency, discounts, customerDiscount };

  for (let k = 0; k < story.counted; k++) {
    const items = configs[k] as PlannedItem[];
    if (k > 0 && configs[k - 1] === items) continue;
    let last = k;
    while (last + 1 < story.counted && configs[last + 1] === items) last++;
    const open = story.countsNow && last === story.counted - 1;
    b.state.plan.record({ ...base, items, from: boundary(k), to: open ? null : boundary(last + 1) });
  }

  const first = ctx.history === 'full' ? 0 : Math.max(0, story.billed - 1);
  for (let k = first; k < story.billed; k++) {
    const status: InvoiceStatus = k === story.billed - 1 ? story.lastInvoice : 'paid';
    const invoice = buildPeriodInvoice(b.state, {
      ...base,
      items: configs[k] as PlannedItem[],
      period: { start: boundary(k), end: boundary(k + 1) },
      status,
      created: boundary(k),
      meteredQuantity: ctx.rng.int(0, 5000),
    });
    chargesFor(ctx, invoice, status === 'void' && story.fate === 'collection_paused');
  }
  return sub;
}

/** Paid invoices get a succeeded charge (sometimes after a failed try); unpaid ones a failed charge. Each try is an attempt. */
function chargesFor(ctx: Context, invoice: StripeInvoice, collectionPaused: boolean): void {
  const { b, rng, now } = ctx;
  if (invoice.total <= 0 || collectionPaused) return;
  const at = (offset: number) => Math.min(now, invoice.created + offset);
  const base = { customer: invoice.customer, amount: invoice.total, currency: invoice.currency, invoice: invoice.id };
  if (invoice.status !== 'paid') {
    b.charge({ ...base, status: 'failed', created: at(rng.int(60, 3600)) });
    b.state.replace('invoice', { ...invoice, attempt_count: 1 });
    return;
  }
  const retried = rng.chance(0.04);
  if (retried) b.charge({ ...base, status: 'failed', created: at(60) });
  b.state.replace('invoice', { ...invoice, attempt_count: retried ? 2 : 1 });
  const refund = rng.weighted([['none', 94], ['full', 3], ['partial', 3]] as const);
  b.charge({
    ...base,
    created: at(retried ? rng.int(DAY, 3 * DAY) : rng.int(60, 3600)),
    amountRefunded: refund === 'full' ? invoice.total : refund === 'partial' ? Math.floor(invoice.total / 2) : 0,
  });
}
