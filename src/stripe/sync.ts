import type Stripe from 'stripe';
import type { StripeInvoice, StripeSubscription } from '../metrics/stripe-shapes.ts';
import type { ObjectsRepository } from '../store/objects-repository.ts';
import { fullSyncListers, TYPES_LISTED_WITHOUT_DELETED } from './listers.ts';
import type { RetryPolicy } from './retry.ts';
import { describeStripeFailure } from './describe-failure.ts';
import { StripeReader } from './stripe-reader.ts';

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
  const reader = new StripeReader(deps.stripe, deps.retry);
  const listedPrices = new Set<string>();

  /**
   * Items beyond the 10 embedded ones, and prices created after the price listing (embedded in their
   * items without tiers): fetched only where needed, so every stored subscription can be priced.
   */
  async function completeSubscriptions(subscriptions: StripeSubscription[]): Promise<StripeSubscription[]> {
    // One at a time: these look-ups are rare, and a burst of them would only meet the rate limit.
    const completed: StripeSubscription[] = [];
    for (const subscription of subscriptions) completed.push(await reader.completeItems(subscription));
    const missingPrices = new Set(completed.flatMap((sub) => sub.items.data.map((item) => item.price.id)).filter((id) => !listedPrices.has(id)));
    const prices: Array<{ id: string }> = [];
    for (const id of missingPrices) {
      prices.push(await reader.price(id));
      listedPrices.add(id);
    }
    await deps.objects.upsert('price', prices, deps.clockMs());
    return completed;
  }

  async function completeInvoices(invoices: StripeInvoice[]): Promise<StripeInvoice[]> {
    const completed: StripeInvoice[] = [];
    for (const invoice of invoices) completed.push(await reader.completeLines(invoice));
    return completed;
  }

  try {
    for (const { type, list } of fullSyncListers(deps.stripe)) {
      const listedFrom = deps.clockMs();
      const seen: string[] = [];
      for await (let page of reader.pages(list)) {
        if (type === 'subscription') page = await completeSubscriptions(page as StripeSubscription[]);
        if (type === 'invoice') page = await completeInvoices(page as StripeInvoice[]);
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
    throw new SyncError(describeStripeFailure(error), reader.requests, counts, error);
  }
  return { counts, requests: reader.requests };
}
