import { randomUUID } from 'node:crypto';
import type Stripe from 'stripe';
import type { Config } from '../config/config.ts';
import { lastSyncOf, livemodeOfKey, type AccountStatus } from '../ingest/account-status.ts';
import type { DerivationCounters, UnpricedHandler, UnreadableHandler } from '../ingest/derivation-context.ts';
import { rederiveIfSettingsChanged } from '../ingest/derivation-settings.ts';
import { ChangeFollower } from '../ingest/change-follower.ts';
import { EventInbox } from '../ingest/event-inbox.ts';
import { DrainLoop } from '../ingest/drain-loop.ts';
import { EventProcessor, type EventFailure, type EventRetryPolicy } from '../ingest/event-processor.ts';
import { freshnessOf, readSyncFreshness, type Backlog, type Freshness } from '../ingest/freshness.ts';
import { RevenueDeriver } from '../ingest/revenue-deriver.ts';
import { RevenueFigures } from '../ingest/revenue-figures.ts';
import { SyncCoordinator, type SyncOutcome, type SyncProgress, type SyncStart } from '../ingest/sync-coordinator.ts';
import { monthBounds, type RevenueLedger, type TrialConversion } from '../metrics/history/index.ts';
import type { RatesConfig, Snapshot } from '../metrics/index.ts';
import type { StripeEvent } from '../metrics/stripe-shapes.ts';
import type { Database, NoticeTopic } from '../store/database.ts';
import { eventsRepository, type DeadEvent } from '../store/events-repository.ts';
import { revenueSubscriptionsRepository } from '../store/revenue-subscriptions-repository.ts';
import { revenueReads, type RevenueReads } from './revenue-reads.ts';
import { syncRunsRepository } from '../store/sync-runs-repository.ts';
import { eventsSince } from '../stripe/events-catch-up.ts';
import { RequestScheduler } from '../stripe/request-scheduler.ts';
import { defaultRetryPolicy, type RetryPolicy } from '../stripe/retry.ts';
import { StripeReader, type ReaderPacing } from '../stripe/stripe-reader.ts';

export type DataSource = 'stripe' | 'demo';

export interface RevenueView {
  snapshot: Snapshot;
  freshness: Freshness;
  /** Replaced, not changed, when it changes. */
  status: AccountStatus;
  source: DataSource | 'none';
  configured: boolean;
  /** Said wherever the figures are shown: demo data, or no account configured. */
  notice: string | undefined;
}

/** What history is answered from: the ledger of every customer's MRR changes, as of now. */
export interface HistoryView {
  ledger: RevenueLedger;
  /** Unix seconds. */
  now: number;
  /** The trials that ended in a month ('YYYY-MM'), and how many converted. */
  trialConversion(month: string): Promise<TrialConversion>;
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
  history(): HistoryView;
  /** Read queries for the drill-down, customers and activity. */
  readonly reads: RevenueReads;
  /** Whether there is a Stripe account to sync from (a key, or the demo's emulator). */
  readonly canSync: boolean;
  /**
   * Undefined when there is no Stripe account to sync from. `skipIfSyncedWithinMs`: with other instances on
   * the store, none is started when one of them finished a sync that recently (their scheduled syncs don't pile up).
   */
  requestSync(trigger: string, options?: { skipIfSyncedWithinMs?: number }): SyncStart | undefined;
  /** The sync this process is running, as far as it has got. */
  syncProgress(): SyncProgress | undefined;
  /** Stores a verified event durably, then applies it; a redelivery is recognised and changes nothing. */
  receiveEvent(event: StripeEvent): Promise<{ duplicate: boolean }>;
  /**
   * Stores and applies the events Stripe has sent since the newest one stored (or since the last sync
   * began), which webhooks did not bring. Returns how many were new.
   */
  catchUpEvents(): Promise<number>;
  /** When the last verified webhook was stored (before a restart too); undefined before the first. */
  lastWebhookAt(): Date | undefined;
  /** The events set aside because they could not be applied, the most recent first. */
  deadEvents(limit: number): Promise<DeadEvent[]>;
  /** Puts events set aside back in line and applies them; `undefined`: every one. Returns the ids put back. */
  retryDeadEvents(ids: readonly string[] | undefined): Promise<string[]>;
  /** Resolves when every stored event has been applied (or has to wait for Stripe). */
  eventsSettled(): Promise<void>;
  /** Resolves when every derivation owed (time's own changes included) is done, and the events before it applied. */
  derivationsSettled(): Promise<void>;
  /** How much derivation work has been done since start. */
  readonly counters: Readonly<DerivationCounters>;
  isDatabaseReachable(): Promise<boolean>;
  /** Ends a running sync at its next request (the next start resumes it) and starts no more; resolves once it stopped. */
  interruptSync(): Promise<void>;
  /** Applies the events stored (what can't wait for Stripe), then stops; a running sync is waited for. */
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
  onUnreadable?: UnreadableHandler;
  /** Events that failed: waiting for a retry, or set aside. */
  onEventFailure?: (failure: EventFailure) => void;
  /** Applying events failed as a whole (the store unreachable); it is tried again shortly. */
  onEventStepError?: (error: unknown) => void;
  eventRetry?: EventRetryPolicy;
  onDerivationError?: (error: unknown) => void;
  /** After each batch of events this instance applied, with how many. */
  onEventsApplied?: (events: number) => void;
  /** Reading what other instances sharing the store did failed; it is tried again shortly. */
  onSharedStoreError?: (error: unknown) => void;
}

const CLOCK_MARGIN_SECONDS = 300;
/** With other instances on the store: how often to read what a lost notice would have said, and to try to become the applier of events. */
const SHARED_TICK_MS = 5_000;
const PRUNE_EVERY_TICKS = 12;
/** Who applies stored events when instances share the store: one at a time, the holder of this lock. */
const APPLIER_LOCK = 'events applier';

const sameBacklog = (a: Backlog, b: Backlog) =>
  a.pendingEvents === b.pendingEvents &&
  a.oldestPendingAt?.getTime() === b.oldestPendingAt?.getTime() &&
  a.retryingEvents === b.retryingEvents &&
  a.deadEvents === b.deadEvents &&
  a.lastEventError === b.lastEventError;

export async function createRevenueService(deps: RevenueServiceDeps): Promise<RevenueService> {
  const nowSeconds = deps.nowSeconds ?? (() => Math.floor(Date.now() / 1000));
  const retry = deps.retry ?? defaultRetryPolicy;
  const scheduler = new RequestScheduler(deps.config.stripe.maxRequestsPerSecond);
  const live: ReaderPacing = { retry, scheduler, priority: 'live' };
  const { db } = deps;
  const runs = syncRunsRepository(db);
  const events = eventsRepository(db);
  const inbox = new EventInbox(db);
  const rates: RatesConfig = { reportingCurrency: deps.config.metrics.reportingCurrency, rates: deps.config.metrics.rates };
  const ctx = {
    policy: deps.config.metrics.discountPolicy,
    rates,
    now: nowSeconds,
    onUnpriced: deps.onUnpriced ?? (() => undefined),
    onUnreadable: deps.onUnreadable ?? (() => undefined),
    counters: { subscriptionsPriced: 0, historiesDerived: 0 },
    // No rule, no alert: the derivation then costs what it did before alerts existed.
    ...(deps.config.alerts.rules.length > 0
      ? { alerts: { livemode: () => status.livemode, rules: deps.config.alerts.rules, accountMrr: () => figures.current().mrr } }
      : {}),
  };
  // Until the service is built, notices are not acted on: it reads everything once it is.
  let hear: { notice(topic: NoticeTopic): void; lost(): void; listening(): void } | undefined;
  let connectionError: string | null = null;
  const origin = randomUUID();
  const link = db.link(origin, {
    onNotice: (topic) => hear?.notice(topic),
    onLost: (reason) => {
      connectionError ??= `${reason} (since ${new Date().toISOString()}); reconnecting: changes made through other instances may be missing`;
      hear?.lost();
    },
    onListening: () => hear?.listening(),
  });
  const loaded = await RevenueFigures.loadAt(db, rates);
  const { figures } = loaded;
  const follower = new ChangeFollower({ db, link, origin, rates, ...loaded, ...(deps.onSharedStoreError ? { onError: deps.onSharedStoreError } : {}) });
  if (link.shared) figures.keepJournal(follower);
  const deriver = new RevenueDeriver({ db, ctx, figures, ...(deps.onDerivationError ? { onError: deps.onDerivationError } : {}) });
  let sync = await readSyncFreshness(runs);
  let freshness = freshnessOf(sync, await events.backlog(), connectionError);
  const refreshFreshness = (changes: { sync?: typeof sync; backlog?: Backlog }) => {
    sync = changes.sync ?? sync;
    freshness = freshnessOf(sync, changes.backlog ?? freshness.backlog, connectionError);
  };
  // An applied event (here or at another instance) is the newest word on the figures, as a finished sync is.
  const appliedNow = () => refreshFreshness({ sync: { ...sync, asOf: new Date() } });
  // Re-read after every applied batch or failure; a read asked for while one runs is folded into one more.
  const backlog = new DrainLoop(async () => {
    const current = await events.backlog();
    if (!sameBacklog(current, freshness.backlog)) {
      refreshFreshness({ backlog: current });
      figures.publish();
    }
    return 'done';
  }, 1_000);
  // The demo's account is the emulator's, in test mode; a key names its own mode; else the events say.
  const keyLivemode = deps.source === 'demo' ? false : livemodeOfKey(deps.config.stripe.secretKey);
  const newestWebhook = await events.newestWebhook();
  let status: AccountStatus = {
    livemode: keyLivemode ?? newestWebhook?.livemode ?? null,
    lastSync: lastSyncOf(await runs.latest()),
    lastWebhookAt: newestWebhook?.receivedAt ?? null,
  };
  const updateStatus = (changes: Partial<AccountStatus>) => (status = { ...status, ...changes });
  const notice = deps.notice ?? (deps.source === 'none' ? NOT_CONFIGURED_NOTICE : undefined);
  const view = (): RevenueView => ({ snapshot: figures.current(), freshness, status, source: deps.source, configured: deps.source === 'stripe', notice });

  const coordinator = deps.stripe && new SyncCoordinator({
      db,
      stripe: deps.stripe,
      pacing: { ...live, priority: 'background' },
      ctx,
      figures,
      deriver,
    });
  const processor = new EventProcessor({
    db,
    ctx,
    figures,
    deriver,
    reader: deps.stripe && new StripeReader(deps.stripe, live),
    clockMs: Date.now,
    mayApply: () => link.tryHold(APPLIER_LOCK),
    ...(deps.eventRetry ? { retry: deps.eventRetry } : {}),
    onApplied: (applied) => {
      deps.onEventsApplied?.(applied);
      appliedNow();
      link.notify('applied');
      void backlog.drain();
    },
    onFailure: (failure) => {
      deps.onEventFailure?.(failure);
      void backlog.drain();
    },
    ...(deps.onEventStepError ? { onStepError: deps.onEventStepError } : {}),
  });
  // Events stored before a crash or restart but never applied, if this instance is the one to apply them.
  await link.ready;
  await processor.drain();
  // Derivations owed from before a restart, or everything when the settings changed; then time's own changes.
  const owed = rederiveIfSettingsChanged(db, ctx, figures)
    .then(() => deriver.oweDue())
    .then(() => deriver.drain())
    .catch((error: unknown) => deps.onDerivationError?.(error));
  deriver.startClock();

  // What the other instances sharing the store did: their syncs, and the events they stored and applied
  // (the backlog is re-read by its own loop).
  const othersState = new DrainLoop(
    async () => {
      void backlog.drain();
      const [syncFreshness, latestRun, newest] = await Promise.all([readSyncFreshness(runs), runs.latest(), events.newestWebhook()]);
      const before = JSON.stringify([freshness, status]);
      const newestAsOf = Math.max(syncFreshness.asOf?.getTime() ?? 0, sync.asOf?.getTime() ?? 0);
      refreshFreshness({ sync: { ...syncFreshness, asOf: newestAsOf === 0 ? null : new Date(newestAsOf) } });
      // This instance's own sync is told by requestSync: its run may not be recorded yet.
      const lastSync = coordinator?.isRunning() ? status.lastSync : lastSyncOf(latestRun);
      updateStatus({ lastSync, lastWebhookAt: newest?.receivedAt ?? status.lastWebhookAt, livemode: keyLivemode ?? newest?.livemode ?? status.livemode });
      if (JSON.stringify([freshness, status]) !== before) figures.publish();
      return 'done';
    },
    1_000,
    deps.onSharedStoreError,
  );
  // Back with the others: catch up until it has, then say the figures are whole again.
  const rejoin = async (): Promise<void> => {
    try {
      await follower.resume();
    } catch (error) {
      deps.onSharedStoreError?.(error);
      setTimeout(() => void rejoin(), 1_000).unref();
      return;
    }
    connectionError = null;
    refreshFreshness({});
    figures.publish();
    void othersState.drain();
    void processor.drain();
  };
  hear = {
    notice(topic) {
      if (topic === 'change') void follower.catchUp();
      if (topic === 'applied') appliedNow();
      if (topic === 'events') void processor.drain();
      void othersState.drain();
    },
    lost() {
      refreshFreshness({});
      figures.publish();
    },
    listening: () => void rejoin(),
  };
  let ticks = 0;
  const sharedTick =
    link.shared &&
    setInterval(() => {
      void follower.catchUp();
      void processor.drain();
      void othersState.drain();
      if (++ticks % PRUNE_EVERY_TICKS === 0) follower.prune().catch((error: unknown) => deps.onSharedStoreError?.(error));
    }, SHARED_TICK_MS);
  if (sharedTick) sharedTick.unref();

  function requestSync(trigger: string, options: { skipIfSyncedWithinMs?: number } = {}): SyncStart | undefined {
    const { lastSync } = status;
    const recent = lastSync.result === 'ok' && lastSync.at !== null && Date.now() - lastSync.at.getTime() < (options.skipIfSyncedWithinMs ?? 0);
    if (coordinator && link.shared && recent) return { started: false, runId: Promise.resolve(undefined) };
    const start = coordinator?.start(trigger);
    if (!start?.started) return start;
    updateStatus({ lastSync: { at: new Date(), result: 'running', error: null } });
    figures.publish();
    link.notify('sync');
    const done = start.done.then(async (outcome) => {
      const syncFreshness = await readSyncFreshness(runs);
      const lastSync = lastSyncOf(await runs.latest());
      refreshFreshness({ sync: syncFreshness });
      updateStatus({ lastSync });
      figures.publish();
      link.notify('sync');
      deps.onSyncFinished?.(outcome);
      return outcome;
    });
    return { started: true, done };
  }

  return {
    source: deps.source,
    webhookSecrets: deps.config.stripe.webhookSecrets,
    view,
    rates,
    history: () => ({
      ledger: figures.ledger,
      now: nowSeconds(),
      async trialConversion(month) {
        const { start, end } = monthBounds(month);
        return revenueSubscriptionsRepository(db).trialConversion(start, end, nowSeconds());
      },
    }),
    reads: revenueReads(db),
    subscribe: (listener) => figures.subscribe(() => listener(view())),
    requestSync,
    syncProgress: () => coordinator?.progress(),
    async receiveEvent(event) {
      const stored = await inbox.insert(event, 'webhook');
      updateStatus({ lastWebhookAt: new Date(), livemode: keyLivemode ?? event.livemode ?? status.livemode });
      if (stored) {
        link.notify('events');
        processor.noteArrival();
        const { pendingEvents, oldestPendingAt } = freshness.backlog;
        refreshFreshness({ backlog: { ...freshness.backlog, pendingEvents: pendingEvents + 1, oldestPendingAt: oldestPendingAt ?? new Date() } });
        void processor.drain();
      }
      return { duplicate: !stored };
    },
    async catchUpEvents() {
      // One instance asks for the store: the one that applies events.
      if (!(await link.tryHold(APPLIER_LOCK))) return 0;
      // With no event stored yet, from when the last sync began, by our clock: a margin covers Stripe's differing.
      const lastSync = await runs.latest('succeeded');
      const since = (await events.newestCreated()) ?? (lastSync && Math.floor(lastSync.startedAt.getTime() / 1000) - CLOCK_MARGIN_SECONDS);
      if (!deps.stripe || since === undefined) return 0;
      const missed = await eventsSince(deps.stripe, new StripeReader(deps.stripe, live), since);
      const added = await events.insert(missed.map((event) => ({ event, source: 'catch_up' as const })));
      await processor.drain();
      return added.size;
    },
    lastWebhookAt: () => status.lastWebhookAt ?? undefined,
    deadEvents: (limit) => events.dead(limit),
    async retryDeadEvents(ids) {
      const revived = await events.revive(ids);
      if (revived.length > 0) {
        link.notify('events');
        await backlog.drain();
        void processor.drain();
      }
      return revived;
    },
    eventsSettled: () => processor.drain(),
    async derivationsSettled() {
      await owed;
      await processor.drain();
      await deriver.oweDue();
      await deriver.drain();
    },
    counters: ctx.counters,
    interruptSync: async () => coordinator?.interrupt(),
    canSync: coordinator !== undefined,
    async close() {
      await coordinator?.idle();
      // Events answered 200 are applied before the store closes, unless they wait for Stripe.
      await processor.drain();
      await processor.close();
      if (sharedTick) clearInterval(sharedTick);
      await follower.close();
      await othersState.close();
      await link.close();
      await backlog.close();
      await owed;
      await deriver.close();
    },
    async isDatabaseReachable() {
      try {
        await db.query('select 1');
        return true;
      } catch {
        return false;
      }
    },
  };
}
