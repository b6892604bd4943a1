import type { StripeEvent, StripeSubscription } from '../metrics/stripe-shapes.ts';
import type { Database } from '../store/database.ts';
import { eventsRepository } from '../store/events-repository.ts';
import { objectsRepository } from '../store/objects-repository.ts';
import type { StripeReader } from '../stripe/stripe-reader.ts';
import { describeStripeFailure } from '../stripe/describe-failure.ts';
import { eventTarget } from './event-target.ts';
import type { RevenueSnapshot } from './revenue-snapshot.ts';

const BATCH = 100;
const RETRY_DELAY_MS = 5_000;

/**
 * Applies stored events one at a time, in arrival order. Each object write and its event's "processed"
 * mark commit together, so a crash in between leaves the event to be applied again at the next start.
 * Webhooks, the /v1/events catch-up and start-up recovery all come through here.
 */
export class EventProcessor {
  private draining: Promise<void> | undefined;
  private again = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly deps: {
      db: Database;
      snapshot: RevenueSnapshot;
      /** With a key, objects are re-fetched; without one (webhook-only), the payload is applied. */
      reader: StripeReader | undefined;
      clockMs: () => number;
      onError?: (event: StripeEvent, reason: string) => void;
    },
  ) {}

  /** Applies every stored, unapplied event; resolves when none is left or one has to wait for a retry. */
  drain(): Promise<void> {
    if (this.draining) {
      this.again = true;
      return this.draining;
    }
    this.draining = this.drainLoop().finally(() => (this.draining = undefined));
    return this.draining;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    await this.draining;
  }

  private async drainLoop(): Promise<void> {
    const events = eventsRepository(this.deps.db);
    do {
      this.again = false;
      for (;;) {
        if (this.closed) return;
        const batch = await events.unprocessed(BATCH);
        if (batch.length === 0) break;
        for (const { event } of batch) {
          if (!(await this.apply(event))) {
            this.scheduleRetry();
            return;
          }
        }
      }
    } while (this.again);
  }

  /** False when the event could not be applied now (Stripe unreachable); it stays first in line. */
  private async apply(event: StripeEvent): Promise<boolean> {
    const { db, reader } = this.deps;
    const target = eventTarget(event);
    let state: { object: { id: string; deleted?: boolean }; deleted: boolean; version: number } | undefined;
    let newPrices: Array<{ id: string }> = [];
    if (target) {
      try {
        state = reader
          ? { ...(await reader.current(target.type, target.id)), version: this.deps.clockMs() }
          : { object: target.payload, deleted: target.deleted, version: event.created * 1000 };
        if (reader && target.type === 'subscription' && !state.deleted) {
          newPrices = await this.unknownPrices(reader, state.object as StripeSubscription);
        }
      } catch (error) {
        const reason = describeStripeFailure(error);
        await eventsRepository(db).markFailed(event.id, reason);
        this.deps.onError?.(event, reason);
        return false;
      }
    }
    await db.transaction(async (tx) => {
      if (target && state) {
        const object = state.deleted ? { ...state.object, deleted: true } : state.object;
        await objectsRepository(tx).upsert('price', newPrices, state.version);
        await objectsRepository(tx).upsert(target.type, [object], state.version);
      }
      await eventsRepository(tx).markProcessed(event.id);
    });
    const [newPrice] = newPrices;
    // A new price re-prices everything, this subscription included.
    if (newPrice) await this.deps.snapshot.applyStoredChange('price', newPrice.id);
    else if (target) await this.deps.snapshot.applyStoredChange(target.type, target.id);
    return true;
  }

  /**
   * A subscription can arrive before the `price.created` of its new price; an item's embedded price has
   * no tiers, so the price itself is fetched.
   */
  private async unknownPrices(reader: StripeReader, subscription: StripeSubscription): Promise<Array<{ id: string }>> {
    const known = this.deps.snapshot.pricingData().prices;
    const missing = new Set(subscription.items.data.map((item) => item.price.id).filter((id) => !known.has(id)));
    const prices = [];
    for (const id of missing) prices.push(await reader.price(id));
    return prices;
  }

  private scheduleRetry(): void {
    if (this.closed || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.drain();
    }, RETRY_DELAY_MS);
    this.retryTimer.unref();
  }
}
