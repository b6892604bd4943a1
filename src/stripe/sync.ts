import type Stripe from 'stripe';
import type { StripeSubscription, StripeSubscriptionItem } from '../metrics/stripe-shapes.ts';
import type { ObjectsRepository } from '../store/objects-repository.ts';
import { fullSyncListers, subscriptionItemsLister, TYPES_LISTED_WITHOUT_DELETED, type Page, type PageParams } from './listers.ts';
import { withRetries, type RetryPolicy } from './retry.ts';

const PAGE_SIZE = 100;

export interface SyncResult {
  counts: Record<string, number>;
  /** Requests sent to Stripe, retries included. */
  requests: number;
}

export class SyncError extends Error {
  constructor(
    message: string,
    readonly requests: number,
    readonly counts: Record<string, number>,
    cause: unknown,
  ) {
    super(message, { cause });
    this.name = 'SyncError';
  }
}

/** Plain JSON, as Stripe sent it and as it is stored: the SDK turns decimal strings into objects. */
const asStoredJson = <T>(value: unknown): T => JSON.parse(JSON.stringify(value)) as T;

/**
 * Lists every synced type to the end and stores each page as it arrives. A failure stops the sync; what
 * was stored stays, since each page is a true, newer state of its objects.
 */
export async function runFullSync(deps: {
  stripe: Stripe;
  objects: ObjectsRepository;
  retry: RetryPolicy;
  /** Unix milliseconds: the version of each state fetched. */
  clockMs: () => number;
}): Promise<SyncResult> {
  const counts: Record<string, number> = {};
  let requests = 0;
  const countRequest = () => requests++;

  async function* pages(list: (p: PageParams) => Promise<Page>) {
    let startingAfter: string | undefined;
    for (;;) {
      const params: PageParams = { limit: PAGE_SIZE, ...(startingAfter === undefined ? {} : { starting_after: startingAfter }) };
      const page = await withRetries(() => list(params), deps.retry, countRequest);
      yield asStoredJson<Array<{ id: string }>>(page.data);
      const last = page.data[page.data.length - 1];
      if (!page.has_more || last === undefined) return;
      startingAfter = last.id;
    }
  }

  async function completeItems(subscription: StripeSubscription): Promise<StripeSubscription> {
    if (!subscription.items.has_more) return subscription;
    const items: StripeSubscriptionItem[] = [];
    for await (const page of pages(subscriptionItemsLister(deps.stripe, subscription.id))) {
      items.push(...(page as StripeSubscriptionItem[]));
    }
    return { ...subscription, items: { ...subscription.items, data: items, has_more: false } };
  }

  const listedPrices = new Set<string>();

  /**
   * Items beyond the 10 embedded ones, and prices created after the price listing (embedded in their
   * items without tiers): fetched only where needed, so every stored subscription can be priced.
   */
  async function completeSubscriptions(subscriptions: StripeSubscription[]): Promise<StripeSubscription[]> {
    // One at a time: these look-ups are rare, and a burst of them would only meet the rate limit.
    const completed: StripeSubscription[] = [];
    for (const subscription of subscriptions) completed.push(await completeItems(subscription));
    const missingPrices = new Set(completed.flatMap((sub) => sub.items.data.map((item) => item.price.id)).filter((id) => !listedPrices.has(id)));
    const prices: Array<{ id: string }> = [];
    for (const id of missingPrices) {
      const price = await withRetries(() => deps.stripe.prices.retrieve(id, { expand: ['tiers'] }), deps.retry, countRequest);
      prices.push(asStoredJson(price));
      listedPrices.add(id);
    }
    await deps.objects.upsert('price', prices, deps.clockMs());
    return completed;
  }

  try {
    for (const { type, list } of fullSyncListers(deps.stripe)) {
      const listedFrom = deps.clockMs();
      const seen: string[] = [];
      for await (let page of pages(list)) {
        if (type === 'subscription') page = await completeSubscriptions(page as StripeSubscription[]);
        await deps.objects.upsert(type, page, deps.clockMs());
        for (const object of page) seen.push(object.id);
      }
      if (type === 'price') for (const id of seen) listedPrices.add(id);
      counts[type] = seen.length;
      if (TYPES_LISTED_WITHOUT_DELETED.has(type)) {
        const deleted = await deps.objects.markDeletedExcept(type, seen, listedFrom);
        if (deleted.length > 0) counts[`${type}_deleted`] = deleted.length;
      }
    }
  } catch (error) {
    throw new SyncError(describeStripeFailure(error), requests, counts, error);
  }
  return { counts, requests };
}

/** A reason fit for the API and logs: Stripe's own message and status, never a key or a request body. */
export function describeStripeFailure(error: unknown): string {
  const e = error as { type?: string; statusCode?: number; message?: string };
  const status = e.statusCode === undefined ? '' : ` (HTTP ${e.statusCode})`;
  const message = (e.message ?? String(error)).replace(/\b(sk|rk)_(test|live)_[A-Za-z0-9*]+/g, '$1_$2_****');
  return `${e.type ?? 'Error'}${status}: ${message}`;
}
