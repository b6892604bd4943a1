import type { StripeEvent, StripeSubscription } from '../metrics/stripe-shapes.ts';
import type { Database } from '../store/database.ts';
import { eventsRepository } from '../store/events-repository.ts';
import { newestStates } from '../store/objects-repository.ts';
import type { StripeReader } from '../stripe/stripe-reader.ts';
import { describeStripeFailure } from '../stripe/describe-failure.ts';
import { applyObjects, type ObjectStates } from './apply-objects.ts';
import { DrainLoop, type StepResult } from './drain-loop.ts';
import { inApplyTransaction } from './apply-transaction.ts';
import type { DerivationContext } from './derivation-context.ts';
import { eventTarget, type EventTarget } from './event-target.ts';
import { fetchUnknownPrices } from './fetch-unknown-prices.ts';
import type { RevenueDeriver } from './revenue-deriver.ts';
import type { RevenueFigures } from './revenue-figures.ts';

const RETRY_DELAY_MS = 5_000;
/** Events taken at once: their objects are re-fetched together and applied in one transaction. */
const BATCH = 100;
/** Events landing this close together are a burst still arriving… */
const BURST_GAP_MS = 50;
/** …which a batch waits for, this long at most and once in a while at most, so each object in it costs one re-fetch. */
const MAX_SETTLE_MS = 1_000;
const SETTLE_EVERY_MS = 5_000;

/**
 * The batch's states, one write per type (each object once, with its own version) rather than one per
 * object, types in the order they first come: prices before the subscriptions that use them.
 */
function byType(states: readonly ObjectStates[]): ObjectStates[] {
  const merged = new Map<ObjectStates['type'], { objects: ObjectStates['objects'][number][]; versions: number[] }>();
  for (const { type, objects, version } of states) {
    const entry = merged.get(type) ?? { objects: [], versions: [] };
    objects.forEach((object, i) => {
      entry.objects.push(object);
      entry.versions.push(typeof version === 'number' ? version : version[i]!);
    });
    merged.set(type, entry);
  }
  return [...merged].map(([type, { objects, versions }]) => {
    const newest = newestStates(objects, versions);
    return { type, objects: newest.map((n) => n.object), version: newest.map((n) => n.version) };
  });
}

/** One object's events in a batch, in arrival order: one re-fetch covers them all. */
interface ObjectEvents {
  target: EventTarget;
  events: StripeEvent[];
}

/**
 * Applies stored events in arrival order, a batch at a time. The objects they name are re-fetched at
 * once (within the rate limit, before any sync's requests), one request per object however many of its
 * events are queued, since its current state covers them all. Each batch's object writes, the revenue
 * derived from them and its events' "processed" marks commit together, so a crash in between leaves
 * the events to be applied again at the next start. Webhooks, the /v1/events catch-up and start-up
 * recovery all come through here.
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
      /** After each batch is applied, before the figures are published. */
      onApplied?: () => void;
      onError?: (event: StripeEvent, reason: string) => void;
    },
  ) {}

  private lastArrival = -Infinity;
  private lastSettle = -Infinity;

  /** An event was stored. */
  noteArrival(): void {
    this.lastArrival = performance.now();
  }

  /** Applies every stored, unapplied event; resolves when none is left or one has to wait for a retry. */
  drain(): Promise<void> {
    return this.loop.drain();
  }

  close(): Promise<void> {
    return this.loop.close();
  }

  /**
   * The next batch in arrival order, the order that breaks same-second ties. An object whose re-fetch
   * fails (Stripe unreachable) keeps its events first in line for a retry; the others are applied.
   */
  private async applyNext(): Promise<StepResult> {
    const { db, ctx, figures } = this.deps;
    const inbox = eventsRepository(db);
    let batch = (await inbox.unprocessed(BATCH)).map((row) => row.event);
    if (batch.length === 0) return 'done';
    if (this.deps.reader && batch.length > 1 && (await this.settleBurst())) batch = (await inbox.unprocessed(BATCH)).map((row) => row.event);
    const mark = await inbox.arrivalMark();
    const { states, applied, fetched, failed } = await this.statesOf(batch);
    for (const { event, reason } of failed) {
      await inbox.markFailed(event.id, reason);
      this.deps.onError?.(event, reason);
    }
    if (applied.length > 0) {
      const { change, deferred } = await inApplyTransaction(db, async (tx) => {
        const result = await applyObjects(tx, byType(states), ctx, 'now');
        await eventsRepository(tx).markProcessed(applied.map((event) => event.id));
        // Later events about the same objects, already waiting beyond this batch, cost no re-fetch of their own.
        await eventsRepository(tx).markCovered(fetched, mark);
        return result;
      });
      figures.apply(change);
      this.deps.onApplied?.();
      figures.publish();
      if (deferred) void this.deps.deriver.drain();
    }
    return failed.length > 0 ? 'retry' : 'more';
  }

  /**
   * While a burst is landing (several events waiting, more arriving within BURST_GAP_MS of each other),
   * waits for it to land, up to MAX_SETTLE_MS: an object's events that are stored before its re-fetch is
   * sent are covered by it, one that lands after must be fetched again. At most once every
   * SETTLE_EVERY_MS, so a steady stream is slowed by a fifth at worst; a lone event never waits.
   * Says whether it waited.
   */
  private async settleBurst(): Promise<boolean> {
    const started = performance.now();
    if (started - this.lastSettle < SETTLE_EVERY_MS || started - this.lastArrival >= BURST_GAP_MS) return false;
    this.lastSettle = started;
    while (performance.now() - this.lastArrival < BURST_GAP_MS && performance.now() - started < MAX_SETTLE_MS) {
      await new Promise((resolve) => setTimeout(resolve, BURST_GAP_MS));
    }
    return true;
  }

  /** The new states the batch's events stand for, and which events they cover. */
  private async statesOf(batch: readonly StripeEvent[]): Promise<{
    states: ObjectStates[];
    applied: StripeEvent[];
    /** Ids of the objects re-fetched. */
    fetched: string[];
    failed: Array<{ event: StripeEvent; reason: string }>;
  }> {
    const { reader } = this.deps;
    if (!reader) {
      // Webhook-only: each payload in arrival order, versioned by its event's time.
      const states = batch.flatMap((event) => {
        const target = eventTarget(event);
        if (!target) return [];
        return [{ type: target.type, objects: [target.deleted ? { ...target.payload, deleted: true } : target.payload], version: event.created * 1000 }];
      });
      return { states, applied: [...batch], fetched: [], failed: [] };
    }
    const untargeted: StripeEvent[] = [];
    const byObject = new Map<string, ObjectEvents>();
    for (const event of batch) {
      const target = eventTarget(event);
      if (!target) untargeted.push(event);
      else {
        const key = `${target.type}:${target.id}`;
        const entry = byObject.get(key) ?? { target, events: [] };
        entry.events.push(event);
        byObject.set(key, entry);
      }
    }
    const objects = [...byObject.values()];
    const results = await Promise.allSettled(objects.map(({ target }) => this.current(reader, target)));
    const states: ObjectStates[] = [];
    const applied = [...untargeted];
    const fetched: string[] = [];
    const failed: Array<{ event: StripeEvent; reason: string }> = [];
    results.forEach((result, i) => {
      const { target, events } = objects[i]!;
      if (result.status === 'fulfilled') {
        states.push(...result.value);
        applied.push(...events);
        fetched.push(target.id);
      } else {
        const reason = describeStripeFailure(result.reason);
        failed.push(...events.map((event) => ({ event, reason })));
      }
    });
    return { states, applied, fetched, failed };
  }

  /**
   * The object as Stripe has it now, stamped with the time its request was sent, with the prices it
   * uses that the store doesn't hold yet.
   */
  private async current(reader: StripeReader, target: EventTarget): Promise<ObjectStates[]> {
    const state = await reader.current(target.type, target.id, this.deps.clockMs);
    const version = state.requestedAt;
    const object = state.deleted ? { ...state.object, deleted: true } : state.object;
    const prices = target.type === 'subscription' && !state.deleted ? await fetchUnknownPrices(reader, this.deps.db, [object as StripeSubscription]) : [];
    return [
      { type: 'price', objects: prices, version },
      { type: target.type, objects: [object], version },
    ];
  }
}
