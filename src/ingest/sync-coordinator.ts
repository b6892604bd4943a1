import type Stripe from 'stripe';
import type { ObjectType, StripeSubscription } from '../metrics/stripe-shapes.ts';
import type { Database } from '../store/database.ts';
import { objectsRepository } from '../store/objects-repository.ts';
import { revenuePendingRepository } from '../store/revenue-pending-repository.ts';
import { syncCursorsRepository } from '../store/sync-cursors-repository.ts';
import { syncRunsRepository, type SyncRun } from '../store/sync-runs-repository.ts';
import { analyzeTables, DERIVED_TABLES, SYNCED_TABLES, vacuumTables } from '../store/table-statistics.ts';
import { HISTORY_TYPES, TYPES_LISTED_WITHOUT_DELETED } from '../stripe/listers.ts';
import { StripeReader, type ReaderPacing } from '../stripe/stripe-reader.ts';
import { runFullSync, SyncError, type SyncSink } from '../stripe/sync.ts';
import type { ListingCheckpoint } from '../stripe/time-slices.ts';
import { applyObjects, type ObjectStates } from './apply-objects.ts';
import { inApplyTransaction } from './apply-transaction.ts';
import type { DerivationContext } from './derivation-context.ts';
import { fetchUnknownPrices } from './fetch-unknown-prices.ts';
import type { RevenueDeriver } from './revenue-deriver.ts';
import type { RevenueFigures } from './revenue-figures.ts';

/**
 * Pages listed at once: at Stripe's few hundred ms a page, about half the rate in flight keeps the limit
 * busy. With no limit (the emulator), a few suffice to keep this process busy.
 */
export function syncWorkers(ratePerSecond: number): number {
  return Number.isFinite(ratePerSecond) ? Math.min(48, Math.max(4, Math.ceil(ratePerSecond / 2))) : 4;
}

const SHUTTING_DOWN = 'the service is shutting down';

/** Named in a resumed sync's trigger. */
const RESUMING = 'resuming';
/** Older listings are not resumed: a full sync starts over. */
const RESUME_WITHIN_MS = 24 * 60 * 60_000;

export type SyncOutcome =
  | { status: 'succeeded'; run: SyncRun }
  | { status: 'failed'; run: SyncRun }
  | { status: 'busy'; runId: number | undefined };

/** A running sync, as far as it has got. */
export interface SyncProgress {
  runId: number;
  startedAt: Date;
  /** Objects listed so far, by type. */
  counts: Readonly<Record<string, number>>;
  /** Requests sent to Stripe so far, retries included. */
  requests: number;
}

export type SyncStart =
  | { started: true; done: Promise<SyncOutcome> }
  | { started: false; runId: Promise<number | undefined> };

/**
 * One sync at a time: in this process by the promise it keeps, across processes by the store's advisory
 * lock. Every run is recorded with its counts and, when it fails, its reason. Pages go through the one
 * apply path; the customers they touch are derived once, after everything history reads is listed.
 * The caller publishes the figures when the run is recorded.
 */
export class SyncCoordinator {
  private running: { runId: Promise<number | undefined>; done: Promise<SyncOutcome> } | undefined;
  private listing: { runId: number; startedAt: Date; counts: Record<string, number>; reader: StripeReader } | undefined;
  private interrupted = false;

  constructor(
    private readonly deps: {
      db: Database;
      stripe: Stripe;
      /** Background: event re-fetches go first. */
      pacing: ReaderPacing;
      ctx: DerivationContext;
      figures: RevenueFigures;
      deriver: RevenueDeriver;
    },
  ) {}

  /** The sync this process is running, as far as it has got; undefined when none is. */
  progress(): SyncProgress | undefined {
    const listing = this.listing;
    return listing && { runId: listing.runId, startedAt: listing.startedAt, counts: { ...listing.counts }, requests: listing.reader.requests };
  }

  /** Whether this process runs a sync (or is about to: before it has the lock, no run is recorded yet). */
  isRunning(): boolean {
    return this.running !== undefined;
  }

  /** Resolves once no sync is running, so the store is never closed under one. */
  async idle(): Promise<void> {
    await this.running?.done;
  }

  /**
   * Ends the running sync at its next request to Stripe, recorded as failed with the reason, so that the
   * next one resumes where it got to; starts none after it. Resolves once it has stopped.
   */
  async interrupt(): Promise<void> {
    this.interrupted = true;
    this.listing?.reader.stop(SHUTTING_DOWN);
    await this.idle();
  }

  start(trigger: string): SyncStart {
    if (this.running) return { started: false, runId: this.running.runId };
    if (this.interrupted) return { started: false, runId: Promise.resolve(undefined) };
    let reportRunId!: (id: number | undefined) => void;
    const runId = new Promise<number | undefined>((resolve) => (reportRunId = resolve));
    const done = this.execute(trigger, reportRunId).finally(() => {
      reportRunId(undefined);
      this.running = undefined;
    });
    this.running = { runId, done };
    return { started: true, done };
  }

  private async execute(trigger: string, reportRunId: (id: number) => void): Promise<SyncOutcome> {
    const { db } = this.deps;
    const runs = syncRunsRepository(db);
    const locked = await db.tryWithLock('sync', async (): Promise<SyncOutcome> => {
      await runs.failAbandoned();
      const resumable = await this.resumable();
      const run = await runs.start(resumable ? `${trigger}, ${RESUMING} #${resumable.runId}` : trigger);
      reportRunId(run.id);
      const cursors = syncCursorsRepository(db);
      // The resumed run's cursors become this run's, so that what this one stores moves them on.
      for (const [type, checkpoint] of resumable?.checkpoints ?? []) await cursors.save(run.id, type, checkpoint);
      await cursors.keepOnly(run.id);
      const reader = new StripeReader(this.deps.stripe, this.deps.pacing);
      if (this.interrupted) reader.stop(SHUTTING_DOWN);
      this.listing = { runId: run.id, startedAt: new Date(), counts: {}, reader };
      const outcome = await this.runRecorded(run.id, reader, this.listing.counts, resumable?.checkpoints).finally(() => (this.listing = undefined));
      if (outcome.status === 'succeeded') await cursors.keepOnly(undefined);
      // Housekeeping, not part of the outcome: a failure here is retried by the next sync.
      await vacuumTables(db, [...SYNCED_TABLES, ...DERIVED_TABLES]).catch(() => undefined);
      return outcome;
    });
    if (locked.locked) return locked.value;
    const other = await runs.latest('running');
    return { status: 'busy', runId: other?.id };
  }

  /**
   * The latest sync, when it failed (or its process died) recently, and what its listings had left. A
   * resumed sync that fails is not resumed again: the next one starts over, so that a cursor Stripe no
   * longer knows can't fail every sync after it.
   */
  private async resumable(): Promise<{ runId: number; checkpoints: Map<string, ListingCheckpoint> } | undefined> {
    const latest = await syncRunsRepository(this.deps.db).latest();
    if (!latest || latest.status !== 'failed' || latest.trigger.includes(RESUMING)) return undefined;
    if (Date.now() - latest.startedAt.getTime() > RESUME_WITHIN_MS) return undefined;
    const checkpoints = await syncCursorsRepository(this.deps.db).load(latest.id);
    return checkpoints.size > 0 ? { runId: latest.id, checkpoints } : undefined;
  }

  private async runRecorded(
    runId: number,
    reader: StripeReader,
    counts: Record<string, number>,
    resume: ReadonlyMap<string, ListingCheckpoint> | undefined,
  ): Promise<SyncOutcome> {
    const runs = syncRunsRepository(this.deps.db);
    try {
      const result = await runFullSync({
        stripe: this.deps.stripe,
        reader,
        clockMs: Date.now,
        sink: this.sink(reader, runId),
        workers: syncWorkers(this.deps.pacing.scheduler.ratePerSecond),
        counts,
        ...(resume ? { resume } : {}),
      });
      await this.deriveWhatWasOwed();
      return { status: 'succeeded', run: await runs.finish(runId, { status: 'succeeded', ...result }) };
    } catch (error) {
      const failure =
        error instanceof SyncError
          ? { counts: error.counts, requests: error.requests, error: error.message }
          : { counts: {}, requests: reader.requests, error: `internal error: ${(error as Error).message}` };
      // Pages stored before the failure are true newer states: the figures include them.
      await this.deriveWhatWasOwed().catch(() => undefined);
      return { status: 'failed', run: await runs.finish(runId, { status: 'failed', ...failure }) };
    }
  }

  /** Each page is stored with where its type's listing has got, in one transaction. */
  private sink(reader: StripeReader, runId: number): SyncSink {
    const { db, ctx, figures } = this.deps;
    const apply = async (batches: ObjectStates[], type: ObjectType, checkpoint: ListingCheckpoint) => {
      const { change } = await inApplyTransaction(db, async (tx) => {
        const applied = await applyObjects(tx, batches, ctx, 'sync');
        await syncCursorsRepository(tx).save(runId, type, checkpoint);
        await figures.record(tx, applied.change);
        return applied;
      });
      figures.apply(change);
    };
    const listed = new Set<ObjectType>();
    return {
      page: async (type, objects, version, checkpoint) => {
        const prices = type === 'subscription' ? await fetchUnknownPrices(reader, db, objects as StripeSubscription[]) : [];
        await apply([{ type: 'price', objects: prices, version }, { type, objects, version }], type, checkpoint);
      },
      listed: async (type, listedFrom) => {
        const gone = TYPES_LISTED_WITHOUT_DELETED.has(type) ? await objectsRepository(db).unlistedIds(type, listedFrom) : [];
        await apply([{ type, objects: gone.map((id) => ({ id, deleted: true })), version: listedFrom }], type, { listedFrom, done: true, slices: [] });
        const deleted = gone.length;
        listed.add(type);
        // Customers are derived while the rest is still being listed, planned from what was just written.
        if ([...HISTORY_TYPES].every((t) => listed.has(t))) {
          await analyzeTables(db, ['revenue_invoice_lines', 'revenue_refs', 'revenue_pending']);
          await this.releaseOwed();
        }
        return deleted;
      },
    };
  }

  /**
   * Under the apply lock like every other write to what is owed: pages and the deriver write those rows
   * while a sync releases them, and row locks taken in two orders deadlock.
   */
  private async release(): Promise<void> {
    await inApplyTransaction(this.deps.db, (tx) => revenuePendingRepository(tx).release());
  }

  private async releaseOwed(): Promise<void> {
    await this.release();
    void this.deps.deriver.drain();
  }

  private async deriveWhatWasOwed(): Promise<void> {
    await this.release();
    await this.deps.deriver.drain();
  }
}
