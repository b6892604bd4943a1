import type Stripe from 'stripe';
import type { Database } from '../store/database.ts';
import { objectsRepository } from '../store/objects-repository.ts';
import { syncRunsRepository, type SyncRun } from '../store/sync-runs-repository.ts';
import type { RetryPolicy } from '../stripe/retry.ts';
import { runFullSync, SyncError } from '../stripe/sync.ts';
import type { RevenueSnapshot } from './revenue-snapshot.ts';

export type SyncOutcome =
  | { status: 'succeeded'; run: SyncRun }
  | { status: 'failed'; run: SyncRun }
  | { status: 'busy'; runId: number | undefined };

export type SyncStart =
  | { started: true; done: Promise<SyncOutcome> }
  | { started: false; runId: Promise<number | undefined> };

/**
 * One sync at a time: in this process by the promise it keeps, across processes by the store's advisory
 * lock. Every run is recorded with its counts and, when it fails, its reason.
 */
export class SyncCoordinator {
  private running: { runId: Promise<number | undefined>; done: Promise<SyncOutcome> } | undefined;

  constructor(
    private readonly deps: {
      db: Database;
      stripe: Stripe;
      snapshot: RevenueSnapshot;
      retry: RetryPolicy;
    },
  ) {}

  /** Resolves once no sync is running, so the store is never closed under one. */
  async idle(): Promise<void> {
    await this.running?.done;
  }

  start(trigger: string): SyncStart {
    if (this.running) return { started: false, runId: this.running.runId };
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
      const run = await runs.start(trigger);
      reportRunId(run.id);
      try {
        const result = await runFullSync({
          stripe: this.deps.stripe,
          objects: objectsRepository(db),
          retry: this.deps.retry,
          clockMs: Date.now,
        });
        await this.deps.snapshot.rebuild();
        return { status: 'succeeded', run: await runs.finish(run.id, { status: 'succeeded', ...result }) };
      } catch (error) {
        const failure =
          error instanceof SyncError
            ? { counts: error.counts, requests: error.requests, error: error.message }
            : { counts: {}, requests: 0, error: `internal error: ${(error as Error).message}` };
        // Pages stored before the failure are true newer states: the figures include them.
        await this.deps.snapshot.rebuild().catch(() => undefined);
        return { status: 'failed', run: await runs.finish(run.id, { status: 'failed', ...failure }) };
      }
    });
    if (locked.locked) return locked.value;
    const other = await runs.latest('running');
    return { status: 'busy', runId: other?.id };
  }
}
