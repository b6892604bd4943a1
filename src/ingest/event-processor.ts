import type { StripeEvent, StripeSubscription } from '../metrics/stripe-shapes.ts';
import type { Database } from '../store/database.ts';
import { eventsRepository } from '../store/events-repository.ts';
import { newestStates } from '../store/objects-repository.ts';
import type { StripeReader } from '../stripe/stripe-reader.ts';
import { describeFailure } from '../stripe/describe-failure.ts';
import { applyObjects, type ObjectStates } from './apply-objects.ts';
import { DrainLoop, type StepResult } from './drain-loop.ts';
import { inApplyTransaction } from './apply-transaction.ts';
import type { DerivationContext } from './derivation-context.ts';
import { failureKind, type FailureKind } from './event-failure.ts';
import { eventTarget, type EventTarget } from './event-target.ts';
import { fetchUnknownPrices } from './fetch-unknown-prices.ts';
import type { RevenueDeriver } from './revenue-deriver.ts';
import type { RevenueFigures } from './revenue-figures.ts';

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

/** Events applied together or not at all: one object's events (one re-fetch covers them all), or one event. */
interface EventGroup {
  events: StripeEvent[];
  states: ObjectStates[];
  /** The object re-fetched for them, whose later events it covers. */
  fetched?: string;
}

interface FailedGroup {
  events: StripeEvent[];
  error: unknown;
}

/** How failed events wait: `baseMs` doubled per attempt up to `maxMs`; failures of unknown kind `deadAfter` attempts at most. */
export interface EventRetryPolicy {
  baseMs: number;
  maxMs: number;
  deadAfter: number;
}

export const defaultEventRetryPolicy: EventRetryPolicy = { baseMs: 5_000, maxMs: 300_000, deadAfter: 5 };

/** Transient failures (Stripe down, the database gone) never set an event aside on their own. */
const NEVER = 2 ** 31 - 1;

export interface EventFailure {
  events: readonly StripeEvent[];
  reason: string;
  /** Waiting to be tried again, or set aside until someone retries it. */
  outcome: 'retry' | 'dead';
}

/**
 * Applies stored events in arrival order, a batch at a time. The objects they name are re-fetched at
 * once (within the rate limit, before any sync's requests), one request per object however many of its
 * events are queued, since its current state covers them all. Each batch's object writes, the revenue
 * derived from them and its events' "processed" marks commit together, so a crash in between leaves
 * the events to be applied again at the next start. Webhooks, the /v1/events catch-up and start-up
 * recovery all come through here.
 *
 * An event that fails never holds up the ones behind it: a transient failure waits out a back-off, one
 * that can't succeed is set aside at once as a dead letter, one of unknown kind after a few attempts.
 */
export class EventProcessor {
  private readonly loop: DrainLoop;
  private readonly retry: EventRetryPolicy;

  constructor(
    private readonly deps: {
      db: Database;
      ctx: DerivationContext;
      figures: RevenueFigures;
      deriver: RevenueDeriver;
      /** With a key, objects are re-fetched; without one (webhook-only), the payload is applied. */
      reader: StripeReader | undefined;
      clockMs: () => number;
      /** Whether this instance is the one that applies events (instances sharing a store take turns); asked before each batch. */
      mayApply: () => Promise<boolean>;
      retry?: EventRetryPolicy;
      /** After each batch is applied, before the figures are published, with how many events it marked applied. */
      onApplied?: (events: number) => void;
      /** Events that failed, after they were marked to wait or set aside. */
      onFailure?: (failure: EventFailure) => void;
      /** A step that failed as a whole (the store unreachable); it is tried again shortly. */
      onStepError?: (error: unknown) => void;
    },
  ) {
    this.retry = deps.retry ?? defaultEventRetryPolicy;
    this.loop = new DrainLoop(() => this.applyNext(), this.retry.baseMs, (error) => deps.onStepError?.(error));
  }

  private lastArrival = -Infinity;
  private lastSettle = -Infinity;

  /** An event was stored. */
  noteArrival(): void {
    this.lastArrival = performance.now();
  }

  /** Applies every stored event that can be; resolves when none is left but those waiting out a back-off. Never rejects. */
  drain(): Promise<void> {
    return this.loop.drain();
  }

  close(): Promise<void> {
    return this.loop.close();
  }

  /** The next batch in arrival order, the order that breaks same-second ties. */
  private async applyNext(): Promise<StepResult> {
    if (!(await this.deps.mayApply())) return 'done';
    const inbox = eventsRepository(this.deps.db);
    const next = async () => (await inbox.waiting(BATCH)).map((row) => row.event);
    let batch = await next();
    if (batch.length === 0) {
      const wait = await inbox.nextRetryInMs();
      return wait === undefined ? 'done' : { retryAfterMs: wait };
    }
    if (this.deps.reader && batch.length > 1 && (await this.settleBurst())) batch = await next();
    const mark = await inbox.arrivalMark();
    const { groups, failed } = await this.statesOf(batch);
    for (const { events, error } of failed) await this.fail(events, error);
    if (groups.length > 0) await this.commitGroups(groups, mark);
    return 'more';
  }

  /** All groups in one transaction; if that fails for something in one of them, each on its own, so the others are still applied. */
  private async commitGroups(groups: readonly EventGroup[], mark: number): Promise<void> {
    try {
      await this.commit(groups, mark);
      return;
    } catch (error) {
      const kind = await this.kindOf(error);
      if (groups.length === 1 || kind === 'transient') return this.fail(groups.flatMap((g) => g.events), error, kind);
    }
    for (const group of groups) {
      try {
        await this.commit([group], mark);
      } catch (error) {
        await this.fail(group.events, error);
      }
    }
  }

  private async commit(groups: readonly EventGroup[], mark: number): Promise<void> {
    const { db, ctx, figures } = this.deps;
    const { change, deferred, applied } = await inApplyTransaction(db, async (tx) => {
      const result = await applyObjects(tx, byType(groups.flatMap((g) => g.states)), ctx, 'now');
      await figures.record(tx, result.change);
      const ids = groups.flatMap((g) => g.events.map((event) => event.id));
      await eventsRepository(tx).markProcessed(ids);
      // Later events about the same objects, already waiting beyond this batch, cost no re-fetch of their own.
      const covered = await eventsRepository(tx).markCovered(groups.flatMap((g) => (g.fetched === undefined ? [] : [g.fetched])), mark);
      return { ...result, applied: ids.length + covered };
    });
    figures.apply(change);
    this.deps.onApplied?.(applied);
    figures.publish();
    if (deferred) void this.deps.deriver.drain();
  }

  /** Marks events that failed to wait out a back-off, or sets them aside. */
  private async fail(events: readonly StripeEvent[], error: unknown, known?: FailureKind): Promise<void> {
    const kind = known ?? (await this.kindOf(error));
    const reason = describeFailure(error);
    const inbox = eventsRepository(this.deps.db);
    const ids = events.map((event) => event.id);
    let dead: ReadonlySet<string> = new Set(ids);
    if (kind === 'permanent') await inbox.markDead(ids, reason);
    else dead = new Set(await inbox.markRetry(ids, reason, { ...this.retry, deadAfter: kind === 'transient' ? NEVER : this.retry.deadAfter }));
    const retrying = events.filter((event) => !dead.has(event.id));
    if (retrying.length > 0) this.deps.onFailure?.({ events: retrying, reason, outcome: 'retry' });
    if (dead.size > 0) this.deps.onFailure?.({ events: events.filter((event) => dead.has(event.id)), reason, outcome: 'dead' });
  }

  /** An error of unknown kind while the database can't be reached is the database's, not the event's. */
  private async kindOf(error: unknown): Promise<FailureKind> {
    const kind = failureKind(error);
    if (kind !== 'unknown') return kind;
    const reachable = await this.deps.db.query('select 1').then(
      () => true,
      () => false,
    );
    return reachable ? 'unknown' : 'transient';
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

  /** The new states the batch's events stand for, grouped by what must be applied together, and the events whose states could not be had. */
  private async statesOf(batch: readonly StripeEvent[]): Promise<{ groups: EventGroup[]; failed: FailedGroup[] }> {
    const { reader } = this.deps;
    if (!reader) {
      // Webhook-only: each payload in arrival order, versioned by its event's time.
      const groups = batch.map((event): EventGroup => {
        const target = eventTarget(event);
        if (!target) return { events: [event], states: [] };
        const object = target.deleted ? { ...target.payload, deleted: true } : target.payload;
        return { events: [event], states: [{ type: target.type, objects: [object], version: event.created * 1000 }] };
      });
      return { groups, failed: [] };
    }
    const untargeted: StripeEvent[] = [];
    const byObject = new Map<string, { target: EventTarget; events: StripeEvent[] }>();
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
    const groups: EventGroup[] = untargeted.length > 0 ? [{ events: untargeted, states: [] }] : [];
    const failed: FailedGroup[] = [];
    results.forEach((result, i) => {
      const { target, events } = objects[i]!;
      if (result.status === 'fulfilled') groups.push({ events, states: result.value, fetched: target.id });
      else failed.push({ events, error: result.reason });
    });
    return { groups, failed };
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
