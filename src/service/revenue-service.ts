import type Stripe from 'stripe';
import type { Config } from '../config/config.ts';
import { readFreshness, type Freshness } from '../ingest/freshness.ts';
import { RevenueSnapshot, type UnpricedHandler } from '../ingest/revenue-snapshot.ts';
import { SyncCoordinator, type SyncOutcome, type SyncStart } from '../ingest/sync-coordinator.ts';
import type { Snapshot } from '../metrics/index.ts';
import type { Database } from '../store/database.ts';
import { objectsRepository } from '../store/objects-repository.ts';
import { syncRunsRepository } from '../store/sync-runs-repository.ts';
import { defaultRetryPolicy, type RetryPolicy } from '../stripe/retry.ts';

export type DataSource = 'stripe' | 'demo';

export interface RevenueView {
  snapshot: Snapshot;
  freshness: Freshness;
  source: DataSource | 'none';
  configured: boolean;
}

/** What the HTTP layer and the CLI ask of the running service. */
export interface RevenueService {
  readonly source: DataSource | 'none';
  view(): RevenueView;
  /** Undefined when there is no Stripe account to sync from. */
  requestSync(trigger: string): SyncStart | undefined;
  isDatabaseReachable(): Promise<boolean>;
  /** Waits for a running sync to finish. */
  close(): Promise<void>;
}

export interface RevenueServiceDeps {
  config: Config;
  db: Database;
  /** Undefined: nothing to sync from (no key, no demo emulator). */
  stripe: Stripe | undefined;
  source: DataSource | 'none';
  retry?: RetryPolicy;
  nowSeconds?: () => number;
  onSyncFinished?: (outcome: SyncOutcome) => void;
  onUnpriced?: UnpricedHandler;
}

export async function createRevenueService(deps: RevenueServiceDeps): Promise<RevenueService> {
  const nowSeconds = deps.nowSeconds ?? (() => Math.floor(Date.now() / 1000));
  const runs = syncRunsRepository(deps.db);
  const snapshot = new RevenueSnapshot(
    objectsRepository(deps.db),
    {
      rates: { reportingCurrency: deps.config.metrics.reportingCurrency, rates: deps.config.metrics.rates },
      discountPolicy: deps.config.metrics.discountPolicy,
    },
    nowSeconds,
    deps.onUnpriced,
  );
  await snapshot.rebuild();
  let freshness = await readFreshness(runs);

  const coordinator =
    deps.stripe === undefined
      ? undefined
      : new SyncCoordinator({
          db: deps.db,
          stripe: deps.stripe,
          snapshot,
          retry: deps.retry ?? defaultRetryPolicy,
        });

  function requestSync(trigger: string): SyncStart | undefined {
    const start = coordinator?.start(trigger);
    if (!start?.started) return start;
    const done = start.done.then(async (outcome) => {
      freshness = await readFreshness(runs);
      deps.onSyncFinished?.(outcome);
      return outcome;
    });
    return { started: true, done };
  }

  return {
    source: deps.source,
    view: () => ({ snapshot: snapshot.current(), freshness, source: deps.source, configured: deps.source === 'stripe' }),
    requestSync,
    close: async () => coordinator?.idle(),
    async isDatabaseReachable() {
      try {
        await deps.db.query('select 1');
        return true;
      } catch {
        return false;
      }
    },
  };
}
