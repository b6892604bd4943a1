import type { StripeEvent, StripeSubscription } from '../metrics/stripe-shapes.ts';
import type { Database } from '../store/database.ts';
import { eventsRepository } from '../store/events-repository.ts';
import type { StripeReader } from '../stripe/stripe-reader.ts';
import { describeStripeFailure } from '../stripe/describe-failure.ts';
import { applyObjects, type ObjectStates } from './apply-objects.ts';
import { DrainLoop, type StepResult } from './drain-loop.ts';
import { inApplyTransaction } from './apply-transaction.ts';
import type { DerivationContext } from './derivation-context.ts';
import { eventTarget } from './event-target.ts';
import { fetchUnknownPrices } from './fetch-unknown-prices.ts';
import type { RevenueDeriver } from './revenue-deriver.ts';
import type { RevenueFigures } from './revenue-figures.ts';

const RETRY_DELAY_MS = 5_000;

/**
 * Applies stored events one at a time, in arrival order. Each object write, the revenue derived from
 * it and its event's "processed" mark commit together, so a crash in between leaves the event to be
 * applied again at the next start. Webhooks, the /v1/events catch-up and start-up recovery all come
 * through here.
 */
export class EventProcessor {
  private readonly loop = new DrainLoop(() => this.applyNext(), RETRY_DELAY_MS);

  constructor(
    private readonly deps: {
      db: Database;
      ctx: DerivationContext;
      figures: RevenueFigures;
      deriver: RevenueDeriver;
      /** With a key, objects are re-fetched; without one (webhook-only), the payload is applied. */
      reader: StripeReader | undefined;
      clockMs: () => number;
      /** After each event is applied, before the figures are published. */
      onApplied?: () => void;
      onError?: (event: StripeEvent, reason: string) => void;
    },
  ) {}

  /** Applies every stored, unapplied event; resolves when none is left or one has to wait for a retry. */
  drain(): Promise<void> {
    return this.loop.drain();
  }

  close(): Promise<void> {
    return this.loop.close();
  }

  /** The first unapplied event in arrival order: the order that breaks same-second ties. */
  private async applyNext(): Promise<StepResult> {
    const [next] = await eventsRepository(this.deps.db).unprocessed(1);
    if (next === undefined) return 'done';
    return (await this.apply(next.event)) ? 'more' : 'retry';
  }

  /** False when the event could not be applied now (Stripe unreachable); it stays first in line. */
  private async apply(event: StripeEvent): Promise<boolean> {
    const { db, reader, ctx, figures } = this.deps;
    let states: ObjectStates[] = [];
    const target = eventTarget(event);
    if (target) {
      try {
        states = reader ? await this.current(reader, target) : [{ type: target.type, objects: [target.deleted ? { ...target.payload, deleted: true } : target.payload], version: event.created * 1000 }];
      } catch (error) {
        const reason = describeStripeFailure(error);
        await eventsRepository(db).markFailed(event.id, reason);
        this.deps.onError?.(event, reason);
        return false;
      }
    }
    const { change, deferred } = await inApplyTransaction(db, async (tx) => {
      const applied = await applyObjects(tx, states, ctx, 'now');
      await eventsRepository(tx).markProcessed(event.id);
      return applied;
    });
    figures.apply(change);
    this.deps.onApplied?.();
    figures.publish();
    if (deferred) void this.deps.deriver.drain();
    return true;
  }

  /**
   * The object as Stripe has it now, stamped with the time the request was sent, with the prices it
   * uses that the store doesn't hold yet.
   */
  private async current(reader: StripeReader, target: NonNullable<ReturnType<typeof eventTarget>>): Promise<ObjectStates[]> {
    const version = this.deps.clockMs();
    const state = await reader.current(target.type, target.id);
    const object = state.deleted ? { ...state.object, deleted: true } : state.object;
    const prices = target.type === 'subscription' && !state.deleted ? await fetchUnknownPrices(reader, this.deps.db, [object as StripeSubscription]) : [];
    return [
      { type: 'price', objects: prices, version },
      { type: target.type, objects: [object], version },
    ];
  }

}
