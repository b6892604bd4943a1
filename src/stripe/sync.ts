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
  now: () => number;
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

  try {
    for (const { type, list } of fullSyncListers(deps.stripe)) {
      const listedFrom = deps.now();
      const seen: string[] = [];
      for await (let page of pages(list)) {
        if (type === 'subscription') {
          // One at a time: item look-ups are rare, and a burst of them would only meet the rate limit.
          const completed: StripeSubscription[] = [];
          for (const subscription of page as StripeSubscription[]) completed.push(await completeItems(subscription));
          page = completed;
        }
        await deps.objects.upsert(type, page, deps.now());
        for (const object of page) seen.push(object.id);
      }
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
