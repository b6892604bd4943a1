import type { SyncProgress } from '../ingest/sync-coordinator.ts';

const count = (n: number) => n.toLocaleString('en-US');

/** Objects counted per type, without the deletions a listing revealed. */
export const totalListed = (counts: Readonly<Record<string, number>>) =>
  Object.entries(counts)
    .filter(([type]) => !type.endsWith('_deleted'))
    .reduce((sum, [, n]) => sum + n, 0);

/**
 * One line on a running sync: objects by type, the request rate, and an estimate of the time left from
 * the last successful sync's size (the account's size is unknown until it has been listed once).
 * `lastTotal` is undefined before a first sync completes, null when its size can't be known here.
 */
export function describeProgress(progress: SyncProgress, now: Date, lastTotal: number | undefined | null): string {
  const seconds = Math.max(0.001, (now.getTime() - progress.startedAt.getTime()) / 1000);
  const listed = totalListed(progress.counts);
  const byType = Object.entries(progress.counts)
    .filter(([type, n]) => n > 0 && !type.endsWith('_deleted'))
    .map(([type, n]) => `${type} ${count(n)}`)
    .join(', ');
  const rate = `${(progress.requests / seconds).toFixed(1)} requests/s`;
  const objects = lastTotal ? `${count(listed)} of about ${count(lastTotal)} objects` : `${count(listed)} objects`;
  let left = lastTotal === null ? 'no estimate' : 'no estimate before a first sync completes';
  if (lastTotal && listed > 0) {
    const remaining = Math.max(0, ((lastTotal - listed) / listed) * seconds);
    left = remaining < 90 ? `about ${Math.ceil(remaining)} s left` : `about ${Math.ceil(remaining / 60)} min left`;
  }
  return `sync #${progress.runId}: ${objects}${byType ? ` (${byType})` : ''}, ${rate}, ${left}`;
}

const PROGRESS_EVERY_MS = 5_000;

/** Prints a line on the running sync every 5 s until `work` settles; a progress that can't be read is skipped. */
export async function reportProgressWhile<T>(
  work: Promise<T>,
  progress: () => Promise<SyncProgress | undefined>,
  lastTotal: number | undefined | null,
): Promise<T> {
  let settled = false;
  const timer = setInterval(() => {
    progress().then(
      (running) => running && !settled && process.stderr.write(`${describeProgress(running, new Date(), lastTotal)}\n`),
      () => undefined,
    );
  }, PROGRESS_EVERY_MS);
  try {
    return await work;
  } finally {
    settled = true;
    clearInterval(timer);
  }
}
