import { exitIfConfigError, loadConfigOrExit } from '../config/load-config-or-exit.ts';
import { openStore } from '../server/open-store.ts';
import { syncRunsRepository } from '../store/sync-runs-repository.ts';
import { describeProgress, totalListed } from './sync-progress.ts';

const PROGRESS_EVERY_MS = 5_000;

export async function syncOnce(): Promise<number> {
  const config = loadConfigOrExit();
  const { db, service } = await openStore(config).catch((error: unknown) => {
    exitIfConfigError(error);
    throw error;
  });
  try {
    const last = await syncRunsRepository(db).latest('succeeded');
    const start = service.requestSync('cli');
    if (start === undefined) {
      process.stderr.write('revenue-agent: STRIPE_SECRET_KEY is not set: there is no account to sync\n');
      return 1;
    }
    const lastTotal = last && totalListed(last.counts);
    const report = setInterval(() => {
      const progress = service.syncProgress();
      if (progress) process.stderr.write(`${describeProgress(progress, new Date(), lastTotal)}\n`);
    }, PROGRESS_EVERY_MS);
    let outcome;
    try {
      outcome = start.started ? await start.done : { status: 'busy' as const, runId: await start.runId };
    } finally {
      clearInterval(report);
    }
    if (outcome.status === 'busy') {
      process.stderr.write(`revenue-agent: another sync is running${outcome.runId ? ` (#${outcome.runId})` : ''}\n`);
      return 1;
    }
    if (outcome.status === 'failed') {
      process.stderr.write(`revenue-agent: sync #${outcome.run.id} failed: ${outcome.run.error}\n`);
      return 1;
    }
    const counts = Object.entries(outcome.run.counts).map(([type, n]) => `${n} ${type}`).join(', ');
    process.stdout.write(`sync #${outcome.run.id} succeeded: ${counts} (${outcome.run.requests} requests)\n`);
    return 0;
  } finally {
    await db.close();
  }
}
