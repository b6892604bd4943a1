import type Stripe from 'stripe';
import type { ObjectType, StripeInvoice, StripeInvoiceLineItem, StripeSubscription, StripeSubscriptionItem } from '../metrics/stripe-shapes.ts';
import { invoiceLinesLister, subscriptionItemsLister, type Page, type PageParams } from './listers.ts';
import type { Priority, RequestScheduler } from './request-scheduler.ts';
import { withRetries, type RetryPolicy } from './retry.ts';

export const PAGE_SIZE = 100;

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
  /** Unix ms when the object's request was sent: the state's version. */
  requestedAt: number;
}

export interface ReaderPacing {
  retry: RetryPolicy;
  /** Shared by every reader of the process, so together they keep within Stripe's rate limit. */
  scheduler: RequestScheduler;
  priority: Priority;
}

/** Every read from Stripe, each paced and retried, counted so a sync can report what it cost. */
export class StripeReader {
  requests = 0;
  private stoppedFor: string | undefined;

  constructor(
    private readonly stripe: Stripe,
    private readonly pacing: ReaderPacing,
  ) {}

  call<T>(request: () => Promise<T>): Promise<T> {
    return this.stamped(request).then(({ value }) => value);
  }

  /**
   * The answer with the time its request was sent (the last attempt's), which is the version of the
   * states it holds: they are at least that new. Time spent queued for the rate limit doesn't count.
   */
  async stamped<T>(request: () => Promise<T>, clockMs: () => number = Date.now): Promise<{ value: T; requestedAt: number }> {
    const { retry, scheduler, priority } = this.pacing;
    let requestedAt = 0;
    // Counted as sent, not as queued for the rate limit.
    const value = await withRetries(
      () =>
        scheduler.run(priority, () => {
          // Checked when the request's turn comes: one queued for the rate limit is not sent either. A
          // rejection, never a throw: the scheduler counts the request as answered.
          if (this.stoppedFor !== undefined) return Promise.reject(new Error(this.stoppedFor));
          this.requests++;
          requestedAt = clockMs();
          return request();
        }),
      retry,
    );
    return { value, requestedAt };
  }

  /** Every request from now on fails with `reason`, which is not retried: the listing ends there. */
  stop(reason: string): void {
    this.stoppedFor = reason;
  }

  /** One page of a list. */
  async page(list: (p: PageParams) => Promise<Page>, params: PageParams, clockMs: () => number = Date.now): Promise<ListedPage & { hasMore: boolean }> {
    const { value: page, requestedAt } = await this.stamped(() => list(params), clockMs);
    return { objects: asStoredJson<Array<{ id: string }>>(page.data), hasMore: page.has_more, requestedAt };
  }

  /** Follows `has_more`/`starting_after` to the end, 100 at a time. */
  async *pages(list: (p: PageParams) => Promise<Page>): AsyncGenerator<ListedPage> {
    let startingAfter: string | undefined;
    for (;;) {
      const page = await this.page(list, { limit: PAGE_SIZE, ...(startingAfter === undefined ? {} : { starting_after: startingAfter }) });
      yield page;
      const last = page.objects[page.objects.length - 1];
      if (!page.hasMore || last === undefined) return;
      startingAfter = last.id;
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
    return asStoredJson(await this.call(() => this.retrievePrice(id)));
  }

  /**
   * The object as it is now, which Stripe advises over an event's payload: events arrive out of order,
   * and two in one second can't be ordered by their timestamps. Gone (404) counts as deleted. Stamped
   * with the time its request was sent.
   */
  async current(type: ObjectType, id: string, clockMs: () => number = Date.now): Promise<CurrentState> {
    let requestedAt = 0;
    const send = <T>(request: () => Promise<T>) =>
      this.call(() => {
        requestedAt = clockMs();
        return request();
      });
    try {
      const object = asStoredJson<{ id: string; deleted?: boolean }>(await this.retrieve(type, id, send));
      return { object, deleted: object.deleted === true, requestedAt };
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return { object: { id }, deleted: true, requestedAt };
      throw error;
    }
  }

  private retrievePrice(id: string) {
    return this.stripe.prices.retrieve(id, { expand: ['tiers'] });
  }

  /** The object's own request goes through `send`; completing its items or lines comes after. */
  private async retrieve(type: ObjectType, id: string, send: <T>(request: () => Promise<T>) => Promise<T>): Promise<unknown> {
    const s = this.stripe;
    switch (type) {
      case 'customer':
        return send(() => s.customers.retrieve(id));
      case 'subscription': {
        const sub = await send(() => s.subscriptions.retrieve(id, { expand: ['discounts', 'items.data.discounts'] }));
        return this.completeItems(asStoredJson<StripeSubscription>(sub));
      }
      case 'price':
        return send(() => this.retrievePrice(id));
      case 'coupon':
        return send(() => s.coupons.retrieve(id));
      case 'charge':
        return send(() => s.charges.retrieve(id));
      case 'credit_note':
        return send(() => s.creditNotes.retrieve(id));
      case 'invoice':
        return this.completeLines(
          asStoredJson<StripeInvoice>(await send(() => s.invoices.retrieve(id, { expand: ['discounts', 'lines.data.discounts'] }))),
        );
    }
  }
}
