import type Stripe from 'stripe';
import type { Config } from '../config/config.ts';
import { EventProcessor } from '../ingest/event-processor.ts';
import { readFreshness, type Freshness } from '../ingest/freshness.ts';
import { RevenueHistory, type HistoryInputs } from '../ingest/revenue-history.ts';
import { RevenueSnapshot, type UnpricedHandler } from '../ingest/revenue-snapshot.ts';
import { SyncCoordinator, type SyncOutcome, type SyncStart } from '../ingest/sync-coordinator.ts';
import type { RatesConfig, Snapshot } from '../metrics/index.ts';
import type { StripeEvent } from '../metrics/stripe-shapes.ts';
import type { Database } from '../store/database.ts';
import { eventsRepository } from '../store/events-repository.ts';
import { objectsRepository } from '../store/objects-repository.ts';
import { syncRunsRepository } from '../store/sync-runs-repository.ts';
import { eventsSince } from '../stripe/events-catch-up.ts';
import { defaultRetryPolicy, type RetryPolicy } from '../stripe/retry.ts';
import { StripeReader } from '../stripe/stripe-reader.ts';

export type DataSource = 'stripe' | 'demo';

export interface RevenueView {
  snapshot: Snapshot;
  freshness: Freshness;
  source: DataSource | 'none';
  configured: boolean;
  /** Said wherever the figures are shown: demo data, or no account configured. */
  notice: string | undefined;
}

const NOT_CONFIGURED_NOTICE = 'Stripe is not configured: set STRIPE_SECRET_KEY to see your account.';

/** What the HTTP layer and the CLI ask of the running service. */
export interface RevenueService {
  readonly source: DataSource | 'none';
  /** Secrets that may have signed a webhook; empty: webhooks are refused. */
  readonly webhookSecrets: readonly string[];
  view(): RevenueView;
  /** Called with the new view after every change to the figures; returns the unsubscribe function. */
  subscribe(listener: (view: RevenueView) => void): () => void;
  readonly rates: RatesConfig;
  /** The MRR intervals and subscriptions behind the history figures, as of now. */
  history(): Promise<HistoryInputs>;
  /** Undefined when there is no Stripe account to sync from. */
  requestSync(trigger: string): SyncStart | undefined;
  /** Stores a verified event durably, then applies it; a redelivery is recognised and changes nothing. */
  receiveEvent(event: StripeEvent): Promise<{ duplicate: boolean }>;
  /** Stores and applies the events Stripe sent while the service was down. Returns how many were new. */
  catchUpEvents(): Promise<number>;
  /** Resolves when every stored event has been applied (or has to wait for Stripe). */
  eventsSettled(): Promise<void>;
  isDatabaseReachable(): Promise<boolean>;
  /** Waits for a running sync and event processing to finish. */
  close(): Promise<void>;
}

export interface RevenueServiceDeps {
  config: Config;
  db: Database;
  /** Undefined: nothing to sync from (no key, no demo emulator). */
  stripe: Stripe | undefined;
  source: DataSource | 'none';
  /** Demo mode says so with every figure. */
  notice?: string;
  retry?: RetryPolicy;
  nowSeconds?: () => number;
  onSyncFinished?: (outcome: SyncOutcome) => void;
  onUnpriced?: UnpricedHandler;
  onEventError?: (event: StripeEvent, reason: string) => void;
}

export async function createRevenueService(deps: RevenueServiceDeps): Promise<RevenueService> {
  const nowSeconds = deps.nowSeconds ?? (() => Math.floor(Date.now() / 1000));
  const retry = deps.retry ?? defaultRetryPolicy;
  const runs = syncRunsRepository(deps.db);
  const events = eventsRepository(deps.db);
  const objects = objectsRepository(deps.db);
  const settings = {
    rates: { reportingCurrency: deps.config.metrics.reportingCurrency, rates: deps.config.metrics.rates },
    discountPolicy: deps.config.metrics.discountPolicy,
  };
  const snapshot = new RevenueSnapshot(objects, settings, nowSeconds, deps.onUnpriced);
  await snapshot.rebuild();
  const history = new RevenueHistory(objects, snapshot, settings, nowSeconds);
  let freshness = await readFreshness(runs);
  const notice = deps.notice ?? (deps.source === 'none' ? NOT_CONFIGURED_NOTICE : undefined);
  const view = (): RevenueView => ({ snapshot: snapshot.current(), freshness, source: deps.source, configured: deps.source === 'stripe', notice });

  const coordinator = deps.stripe && new SyncCoordinator({ db: deps.db, stripe: deps.stripe, snapshot, retry });
  const processor = new EventProcessor({
    db: deps.db,
    snapshot,
    reader: deps.stripe && new StripeReader(deps.stripe, retry),
    clockMs: Date.now,
    ...(deps.onEventError ? { onError: deps.onEventError } : {}),
  });
  snapshot.subscribe(() => {
    // An applied change is the newest word on the figures, whichever way it came.
    freshness = { ...freshness, asOf: new Date() };
  });
  // Events stored before a crash or restart but never applied.
  await processor.drain();

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
    webhookSecrets: deps.config.stripe.webhookSecrets,
    view,
    rates: settings.rates,
    history: () => history.inputs(),
    subscribe: (listener) => snapshot.subscribe(() => listener(view())),
    requestSync,
    async receiveEvent(event) {
      const stored = await events.insert(event, 'webhook');
      if (stored) void processor.drain();
      return { duplicate: !stored };
    },
    async catchUpEvents() {
      const since = await events.newestCreated();
      if (!deps.stripe || since === undefined) return 0;
      let added = 0;
      for (const event of await eventsSince(deps.stripe, new StripeReader(deps.stripe, retry), since)) {
        if (await events.insert(event, 'catch_up')) added++;
      }
      await processor.drain();
      return added;
    },
    eventsSettled: () => processor.drain(),
    async close() {
      await coordinator?.idle();
      await processor.close();
    },
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
