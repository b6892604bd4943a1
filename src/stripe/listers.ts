import type Stripe from 'stripe';
import type { ObjectType } from '../metrics/stripe-shapes.ts';

export interface Page {
  data: Array<{ id: string }>;
  has_more: boolean;
}

export type PageParams = { limit: number; starting_after?: string; created?: { gte: number; lt: number } };

export interface Lister {
  type: ObjectType;
  list: (params: PageParams) => Promise<Page>;
  /** Types listed to their end before this one starts. */
  after?: readonly ObjectType[];
}

/**
 * What a full sync lists, all at once, except that subscriptions wait for the catalog (coupons and
 * prices), so that each is priced as it lands rather than after a look-up of its price. Expansions fetch
 * in the list call what would otherwise cost one request per row.
 */
export function fullSyncListers(stripe: Stripe): Lister[] {
  return [
    { type: 'coupon', list: (p) => stripe.coupons.list(p) },
    { type: 'price', list: (p) => stripe.prices.list({ ...p, expand: ['data.tiers'] }) },
    { type: 'customer', list: (p) => stripe.customers.list(p) },
    {
      type: 'subscription',
      after: ['coupon', 'price'],
      list: (p) => stripe.subscriptions.list({ ...p, status: 'all', expand: ['data.discounts', 'data.items.data.discounts'] }),
    },
    // The historical record: Stripe's events reach back 30 days, invoices to the first subscription.
    // Their discounts are expanded so that each line's discount names its coupon, even when the
    // customer or subscription that carried it is gone.
    { type: 'invoice', list: (p) => stripe.invoices.list({ ...p, expand: ['data.discounts', 'data.lines.data.discounts'] }) },
    { type: 'charge', list: (p) => stripe.charges.list(p) },
    { type: 'credit_note', list: (p) => stripe.creditNotes.list(p) },
  ];
}

/** Everything history reads: once these are listed, the customers a sync touched can be derived. */
export const HISTORY_TYPES: ReadonlySet<ObjectType> = new Set(['subscription', 'invoice']);

/** Types whose deleted objects drop out of Stripe's lists; a complete listing reveals those deletions. */
export const TYPES_LISTED_WITHOUT_DELETED: ReadonlySet<ObjectType> = new Set(['customer', 'coupon', 'price']);

export function invoiceLinesLister(stripe: Stripe, invoice: string) {
  return (p: PageParams): Promise<Page> => stripe.invoices.listLineItems(invoice, { ...p, expand: ['data.discounts'] });
}

export function subscriptionItemsLister(stripe: Stripe, subscription: string) {
  return (p: PageParams): Promise<Page> =>
    stripe.subscriptionItems.list({ ...p, subscription, expand: ['data.discounts'] });
}
