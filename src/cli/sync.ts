import { loadConfigOrExit } from '../config/load-config-or-exit.ts';
import type { RevenueService } from '../service/revenue-service.ts';
import type { Database } from '../store/database.ts';
import { syncRunsRepository } from '../store/sync-runs-repository.ts';
import { withStore } from './running-service.ts';
import type { SyncResult } from './sync-result.ts';
import { reportProgressWhile, totalListed } from './sync-progress.ts';
import { syncThroughService } from './sync-through-service.ts';

/** One full sync, by the running service when one holds the store, by this process otherwise. */
export async function syncOnce(): Promise<number> {
  const config = loadConfigOrExit();
  return withStore(config, {
    viaService: async (running) => printResult(await syncThroughService(running)),
    viaStore: async (store) => printResult(await syncInStore(store)),
  });
}

async function syncInStore({ db, service }: { db: Database; service: RevenueService }): Promise<SyncResult> {
  const last = await syncRunsRepository(db).latest('succeeded');
  const start = service.requestSync('cli');
  if (start === undefined) return { status: 'not_configured' };
  const outcome = await reportProgressWhile(
    start.started ? start.done : start.runId.then((runId) => ({ status: 'busy' as const, runId })),
    async () => service.syncProgress(),
    last && totalListed(last.counts),
  );
  if (outcome.status === 'busy') return outcome;
  const { run } = outcome;
  return outcome.status === 'failed'
    ? { status: 'failed', runId: run.id, error: run.error }
    : { status: 'succeeded', runId: run.id, counts: run.counts, requests: run.requests };
}

function printResult(result: SyncResult): number {
  switch (result.status) {
    case 'not_configured':
      process.stderr.write('revenue-agent: STRIPE_SECRET_KEY is not set: there is no account to sync\n');
      return 1;
    case 'busy':
      process.stderr.write(`revenue-agent: another sync is running${result.runId ? ` (#${result.runId})` : ''}\n`);
      return 1;
    case 'too_soon':
      process.stderr.write(`revenue-agent: the service synced on request moments ago; try again in ${result.retryAfterSeconds} s (SYNC_REQUEST_MIN_SECONDS)\n`);
      return 1;
    case 'failed':
      process.stderr.write(`revenue-agent: sync #${result.runId} failed: ${result.error}\n`);
      return 1;
    case 'succeeded': {
      const counts = Object.entries(result.counts).map(([type, n]) => `${n} ${type}`);
      process.stdout.write(`sync #${result.runId} succeeded: ${counts.join(', ')} (${result.requests} requests)\n`);
      return 0;
    }
  }
}
