import type { SyncRunsRepository } from '../store/sync-runs-repository.ts';

/** How current the served figures are: stale once the latest sync failed, until one succeeds again. */
export interface Freshness {
  asOf: Date | null;
  stale: boolean;
  lastError: string | null;
  backlog: Backlog;
}

/** Events received but not applied yet: how far the figures are behind what Stripe has said. */
export interface Backlog {
  pendingEvents: number;
  /** When the oldest of them was received. */
  oldestPendingAt: Date | null;
}

export async function readFreshness(runs: SyncRunsRepository, backlog: Backlog): Promise<Freshness> {
  const lastSuccess = await runs.latest('succeeded');
  const lastFailure = await runs.latest('failed');
  const failedSinceSuccess = lastFailure !== undefined && (lastSuccess === undefined || lastFailure.id > lastSuccess.id);
  return {
    asOf: lastSuccess?.finishedAt ?? null,
    stale: failedSinceSuccess,
    lastError: failedSinceSuccess ? lastFailure.error : null,
    backlog,
  };
}
