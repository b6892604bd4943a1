import type Stripe from 'stripe';
import type { ObjectType, StripeInvoice, StripeInvoiceLineItem, StripeSubscription, StripeSubscriptionItem } from '../metrics/stripe-shapes.ts';
import { invoiceLinesLister, subscriptionItemsLister, type Page, type PageParams } from './listers.ts';
import { withRetries, type RetryPolicy } from './retry.ts';

const PAGE_SIZE = 100;

/** Plain JSON, as Stripe sent it and as it is stored: the SDK turns decimal strings into objects. */
export const asStoredJson = <T>(value: unknown): T => JSON.parse(JSON.stringify(value)) as T;

export interface ListedPage {
  objects: Array<{ id: string }>;
  /** Unix ms when the page's request was sent. */
  requestedAt: number;
}

export interface CurrentState {
  object: { id: string; deleted?: boolean };
  deleted: boolean;
}

/** Every read from Stripe, each with retries, counted so a sync can report what it cost. */
export class StripeReader {
  requests = 0;

  constructor(
    private readonly stripe: Stripe,
    private readonly retry: RetryPolicy,
  ) {}

  call<T>(request: () => Promise<T>): Promise<T> {
    return withRetries(request, this.retry, () => this.requests++);
  }

  /**
   * Follows `has_more`/`starting_after` to the end, 100 at a time. The next page is already being fetched
   * while the caller works on this one. Each page comes with the time its request was sent: the version
   * of the states it holds, since they are at least that new.
   */
  async *pages(list: (p: PageParams) => Promise<Page>, clockMs: () => number = Date.now): AsyncGenerator<ListedPage> {
    const fetchPage = async (startingAfter: string | undefined): Promise<{ page: Page; requestedAt: number }> => {
      const params: PageParams = { limit: PAGE_SIZE, ...(startingAfter === undefined ? {} : { starting_after: startingAfter }) };
      const requestedAt = clockMs();
      return { page: await this.call(() => list(params)), requestedAt };
    };
    let next = fetchPage(undefined);
    for (;;) {
      const { page, requestedAt } = await next;
      const last = page.data[page.data.length - 1];
      const more = page.has_more && last !== undefined;
      if (more) {
        next = fetchPage(last.id);
        // Should the caller stop early, a failure of the page fetched ahead is no one's to handle.
        next.catch(() => undefined);
      }
      yield { objects: asStoredJson<Array<{ id: string }>>(page.data), requestedAt };
      if (!more) return;
    }
  }

  /** Subscriptions embed at most 10 items; the rest come from /v1/subscription_items. */
  async completeItems(subscription: StripeSubscription): Promise<StripeSubscription> {
    if (!subscription.items.has_more) return subscription;
    const items: StripeSubscriptionItem[] = [];
    for await (const page of this.pages(subscriptionItemsLister(this.stripe, subscription.id))) items.push(...(page.objects as StripeSubscriptionItem[]));
    return { ...subscription, items: { ...subscription.items, data: items, has_more: false } };
  }

  /** Invoices embed their first lines; the rest come from /v1/invoices/{id}/lines. */
  async completeLines(invoice: StripeInvoice): Promise<StripeInvoice> {
    if (!invoice.lines.has_more) return invoice;
    const lines: StripeInvoiceLineItem[] = [];
    for await (const page of this.pages(invoiceLinesLister(this.stripe, invoice.id))) lines.push(...(page.objects as StripeInvoiceLineItem[]));
    return { ...invoice, lines: { ...invoice.lines, data: lines, has_more: false } };
  }

  async price(id: string): Promise<{ id: string }> {
    return asStoredJson(await this.call(() => this.stripe.prices.retrieve(id, { expand: ['tiers'] })));
  }

  /**
   * The object as it is now, which Stripe advises over an event's payload: events arrive out of order,
   * and two in one second can't be ordered by their timestamps. Gone (404) counts as deleted.
   */
  async current(type: ObjectType, id: string): Promise<CurrentState> {
    try {
      const object = asStoredJson<{ id: string; deleted?: boolean }>(await this.retrieve(type, id));
      return { object, deleted: object.deleted === true };
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return { object: { id }, deleted: true };
      throw error;
    }
  }

  private async retrieve(type: ObjectType, id: string): Promise<unknown> {
    const s = this.stripe;
    switch (type) {
      case 'customer':
        return this.call(() => s.customers.retrieve(id));
      case 'subscription': {
        const sub = await this.call(() => s.subscriptions.retrieve(id, { expand: ['discounts', 'items.data.discounts'] }));
        return this.completeItems(asStoredJson<StripeSubscription>(sub));
      }
      case 'price':
        return this.price(id);
      case 'coupon':
        return this.call(() => s.coupons.retrieve(id));
      case 'charge':
        return this.call(() => s.charges.retrieve(id));
      case 'credit_note':
        return this.call(() => s.creditNotes.retrieve(id));
      case 'invoice':
        return this.completeLines(
          asStoredJson<StripeInvoice>(await this.call(() => s.invoices.retrieve(id, { expand: ['discounts', 'lines.data.discounts'] }))),
        );
    }
  }
}
