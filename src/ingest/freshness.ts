import type { Backlog } from '../store/events-repository.ts';
import type { SyncRunsRepository } from '../store/sync-runs-repository.ts';

export type { Backlog };

/** What the last syncs say: figures as of the last success, and the failure since, if any. */
export interface SyncFreshness {
  asOf: Date | null;
  syncError: string | null;
}

/**
 * How current the served figures are. Stale while the latest sync has failed, while events wait after a
 * failure, or while events are set aside: each leaves the figures short of what Stripe has said.
 */
export interface Freshness {
  asOf: Date | null;
  stale: boolean;
  /** Why they are stale; being cut off from the other instances first, then the sync's failure. */
  lastError: string | null;
  /** Set while this instance is cut off from the others sharing the store. */
  connectionError: string | null;
  backlog: Backlog;
}

export async function readSyncFreshness(runs: SyncRunsRepository): Promise<SyncFreshness> {
  const lastSuccess = await runs.latest('succeeded');
  const lastFailure = await runs.latest('failed');
  const failedSinceSuccess = lastFailure !== undefined && (lastSuccess === undefined || lastFailure.id > lastSuccess.id);
  return { asOf: lastSuccess?.finishedAt ?? null, syncError: failedSinceSuccess ? lastFailure.error : null };
}

/** `connectionError`: this instance is cut off from the others sharing the store, so may miss their changes. */
export function freshnessOf(sync: SyncFreshness, backlog: Backlog, connectionError: string | null = null): Freshness {
  const syncError = sync.syncError === null ? null : `the last sync failed: ${sync.syncError}`;
  const lastError = connectionError ?? syncError ?? eventsError(backlog);
  return { asOf: sync.asOf, stale: lastError !== null, lastError, connectionError, backlog };
}

function eventsError({ deadEvents, retryingEvents, lastEventError }: Backlog): string | null {
  const reason = lastEventError ?? 'unknown';
  if (deadEvents > 0) return `${deadEvents} Stripe event${deadEvents === 1 ? '' : 's'} could not be applied and ${deadEvents === 1 ? 'was' : 'were'} set aside (see /api/events/dead); last reason: ${reason}`;
  if (retryingEvents > 0) return `${retryingEvents} Stripe event${retryingEvents === 1 ? '' : 's'} waiting to be retried; last reason: ${reason}`;
  return null;
}
