import type Stripe from 'stripe';
import type { ObjectType, StripeInvoice, StripeSubscription } from '../metrics/stripe-shapes.ts';
import { describeStripeFailure } from './describe-failure.ts';
import { fullSyncListers } from './listers.ts';
import type { StripeReader } from './stripe-reader.ts';

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

/** Where a sync's pages go: this folder only reads from Stripe. */
export interface SyncSink {
  /** One page of complete objects; `version` is when its request was sent. */
  page(type: ObjectType, objects: Array<{ id: string }>, version: number): Promise<void>;
  /**
   * A type was listed to its end; its first page was requested at `listedFrom`. Returns how many stored
   * objects the listing showed to be deleted.
   */
  listed(type: ObjectType, listedFrom: number): Promise<number>;
}

/**
 * Lists every synced type to the end and hands each page over as it arrives, complete: subscriptions
 * with every item, invoices with every line. The next page is fetched while the sink stores this one.
 * A failure stops the sync; what was handed over stays, since each page is a true, newer state.
 */
export async function runFullSync(deps: { stripe: Stripe; reader: StripeReader; clockMs: () => number; sink: SyncSink }): Promise<SyncResult> {
  const { reader, sink } = deps;
  const counts: Record<string, number> = {};
  try {
    for (const { type, list } of fullSyncListers(deps.stripe)) {
      const listedFrom = deps.clockMs();
      let count = 0;
      for await (const page of reader.pages(list, deps.clockMs)) {
        let objects = page.objects;
        // One at a time: these look-ups are rare, and a burst of them would only meet the rate limit.
        if (type === 'subscription') {
          const complete: StripeSubscription[] = [];
          for (const sub of objects as StripeSubscription[]) complete.push(await reader.completeItems(sub));
          objects = complete;
        }
        if (type === 'invoice') {
          const complete: StripeInvoice[] = [];
          for (const invoice of objects as StripeInvoice[]) complete.push(await reader.completeLines(invoice));
          objects = complete;
        }
        await sink.page(type, objects, page.requestedAt);
        count += objects.length;
      }
      counts[type] = count;
      const deleted = await sink.listed(type, listedFrom);
      if (deleted > 0) counts[`${type}_deleted`] = deleted;
    }
  } catch (error) {
    throw new SyncError(describeStripeFailure(error), reader.requests, counts, error);
  }
  return { counts, requests: reader.requests };
}
