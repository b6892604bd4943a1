import type Stripe from 'stripe';
import type { ObjectType, StripeInvoice, StripeSubscription } from '../metrics/stripe-shapes.ts';
import { describeFailure } from './describe-failure.ts';
import { fullSyncListers, type Lister } from './listers.ts';
import { PAGE_SIZE, type StripeReader } from './stripe-reader.ts';
import { SlicedListing, type Created, type ListingCheckpoint, type TimeSlice } from './time-slices.ts';

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
  /**
   * One page of complete objects (perhaps none, when the page held only another slice's), with what the
   * type's listing has left once it is stored, to be stored with it. `version` is when its request was
   * sent. Pages may come concurrently.
   */
  page(type: ObjectType, objects: Array<{ id: string }>, version: number, checkpoint: ListingCheckpoint): Promise<void>;
  /**
   * A type was listed to its end, every page of it stored; its first page was requested at `listedFrom`
   * (by the sync resumed, if this one resumed it). Returns how many stored objects the listing showed
   * to be deleted.
   */
  listed(type: ObjectType, listedFrom: number): Promise<number>;
}

export interface SyncDeps {
  stripe: Stripe;
  reader: StripeReader;
  clockMs: () => number;
  sink: SyncSink;
  /** Pages listed at once: enough to keep the rate limit busy at Stripe's latency. */
  workers: number;
  /** Objects listed so far by type, kept up to date as pages are handed over: the sync's progress. */
  counts?: Record<string, number>;
  /** What a failed sync's listings had left, by type: listed from there, not from the start. */
  resume?: ReadonlyMap<string, ListingCheckpoint>;
}

/**
 * Lists every synced type to the end and hands each page over as it arrives, complete: subscriptions
 * with every item, invoices with every line. The types are listed together, each in time slices, by
 * `workers` at once; a type that waits for others (subscriptions for the catalog) starts when they end.
 * A failure stops the sync; what was handed over stays, since each page is a true, newer state.
 */
export async function runFullSync(deps: SyncDeps): Promise<SyncResult> {
  const counts = deps.counts ?? {};
  try {
    await listTogether(fullSyncListers(deps.stripe), deps, counts);
  } catch (error) {
    throw new SyncError(describeFailure(error), deps.reader.requests, counts, error);
  }
  return { counts, requests: deps.reader.requests };
}

interface TypeListing {
  lister: Lister;
  slices: SlicedListing;
  listedFrom: number;
  /** Its end is being, or has been, handed to the sink. */
  reported: boolean;
  /** Listed and handed over: types waiting for it may start. */
  done: boolean;
}

async function listTogether(listers: readonly Lister[], deps: SyncDeps, counts: Record<string, number>): Promise<void> {
  const startedAt = deps.clockMs();
  const listings: TypeListing[] = listers.map((lister) => {
    const resumed = deps.resume?.get(lister.type);
    return {
      lister,
      slices: new SlicedListing(Math.floor(startedAt / 1000), resumed && (resumed.done ? [] : resumed.slices)),
      listedFrom: resumed?.listedFrom ?? startedAt,
      reported: false,
      done: false,
    };
  });
  for (const { lister } of listings) counts[lister.type] = 0;
  const progress = new Progress();
  let failure: { error: unknown } | undefined;

  const report = async (listing: TypeListing) => {
    listing.reported = true;
    const deleted = await deps.sink.listed(listing.lister.type, listing.listedFrom);
    if (deleted > 0) counts[`${listing.lister.type}_deleted`] = deleted;
    listing.done = true;
    progress.notify();
  };
  // A resumed type with nothing left is handed over at once.
  for (const listing of listings) if (listing.slices.finished) await report(listing);

  const listSlice = async (listing: TypeListing, slice: TimeSlice) => {
    const { type, list } = listing.lister;
    for (let more = true; more && !failure; ) {
      const params = { limit: PAGE_SIZE, created: { gte: slice.gte, lt: slice.lt }, ...(slice.cursor ? { starting_after: slice.cursor } : {}) };
      const page = await deps.reader.page(list, params, deps.clockMs);
      const listed = listing.slices.listed(slice, page.objects as Created[], page.hasMore);
      more = listed.more;
      progress.notify();
      const objects = await complete(deps.reader, type, listed.keep);
      const checkpoint = { listedFrom: listing.listedFrom, done: false, slices: listing.slices.checkpoint({ slice, exhausted: !more }) };
      await deps.sink.page(type, objects, page.requestedAt, checkpoint);
      slice.storedCursor = slice.cursor;
      counts[type]! += objects.length;
    }
  };

  const worker = async () => {
    while (!failure) {
      const next = takeWork(listings.filter((listing) => mayStart(listing, listings)));
      if (!next) {
        if (listings.every((l) => l.slices.finished)) return;
        await progress.next();
        continue;
      }
      const [listing, slice] = next;
      try {
        await listSlice(listing, slice);
      } catch (error) {
        failure ??= { error };
      } finally {
        listing.slices.done(slice);
        progress.notify();
      }
      if (!failure && listing.slices.finished && !listing.reported) await report(listing);
    }
  };

  const results = await Promise.allSettled(Array.from({ length: Math.max(1, deps.workers) }, worker));
  const crashed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) throw failure.error;
  if (crashed) throw crashed.reason;
}

/** A type starts once every type it waits for is listed and handed over. */
function mayStart(listing: TypeListing, listings: readonly TypeListing[]): boolean {
  return (listing.lister.after ?? []).every((type) => listings.find((other) => other.lister.type === type)?.done ?? true);
}

/** A waiting slice of any type, else the older half of the active slice with the most time left. */
function takeWork(listings: readonly TypeListing[]): [TypeListing, TimeSlice] | undefined {
  const byRemaining = [...listings].sort((a, b) => b.slices.widestRemaining - a.slices.widestRemaining);
  for (const listing of byRemaining) {
    const slice = listing.slices.take();
    if (slice) return [listing, slice];
  }
  return undefined;
}

/** Subscriptions embed at most 10 items and invoices their first lines; the rest are fetched, all at once. */
async function complete(reader: StripeReader, type: ObjectType, objects: Array<{ id: string }>): Promise<Array<{ id: string }>> {
  if (type === 'subscription') return Promise.all((objects as StripeSubscription[]).map((sub) => reader.completeItems(sub)));
  if (type === 'invoice') return Promise.all((objects as StripeInvoice[]).map((invoice) => reader.completeLines(invoice)));
  return objects;
}

/** Wakes idle workers when a page arrives (a slice may now be split) or a slice ends. */
class Progress {
  private waiters: Array<() => void> = [];

  next(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
