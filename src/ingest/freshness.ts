import type { SyncRunsRepository } from '../store/sync-runs-repository.ts';

/** How current the served figures are: stale once the latest sync failed, until one succeeds again. */
export interface Freshness {
  asOf: Date | null;
  stale: boolean;
  lastError: string | null;
}

export async function readFreshness(runs: SyncRunsRepository): Promise<Freshness> {
  const lastSuccess = await runs.latest('succeeded');
  const lastFailure = await runs.latest('failed');
  const failedSinceSuccess = lastFailure !== undefined && (lastSuccess === undefined || lastFailure.id > lastSuccess.id);
  return {
    asOf: lastSuccess?.finishedAt ?? null,
    stale: failedSinceSuccess,
    lastError: failedSinceSuccess ? lastFailure.error : null,
  };
}
