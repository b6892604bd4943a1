import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';
import { buildApp } from '../http/app.ts';
import { listen } from '../http/server.ts';
import type { RevenueService } from '../service/revenue-service.ts';
import type { Database } from '../store/database.ts';
import type { EventRetryPolicy } from '../ingest/event-processor.ts';
import type { RetryPolicy } from '../stripe/retry.ts';
import { realDataSource } from './data-source.ts';
import { DEMO_NOTICE, DEMO_SCHEMA, startDemoAccount } from './demo-account.ts';
import { startEventsPoll } from './events-poll.ts';
import { openStore, STRIPE_SCHEMA } from './open-store.ts';
import { describeFailure } from '../stripe/describe-failure.ts';
import { ServiceMetrics } from '../observability/service-metrics.ts';
import { defaultAlertRetryPolicy, type AlertRetryPolicy } from '../alerts/retry-schedule.ts';
import { startAlertDelivery } from './alert-delivery-start.ts';
import { AlertClock } from '../service/alert-clock.ts';
import { alertsAdmin } from '../service/alerts-admin.ts';

/** How long requests in flight have to finish once shutting down begins. */
const REQUESTS_GRACE_MS = 5_000;

export interface RunningService {
  url: string;
  app: FastifyInstance;
  service: RevenueService;
  db: Database;
  /** Present when a rule is set off by time (metric, digest, trial ending). */
  alertClock: AlertClock | undefined;
  stop(): Promise<void>;
}

/**
 * Opens the store (migrating it), serves HTTP, syncs at start and then every SYNC_INTERVAL_MINUTES, and
 * asks /v1/events for what webhooks did not bring every EVENTS_POLL_SECONDS.
 * With no way in from Stripe (no key, no webhook secret) it runs the same pipeline on the demo account.
 */
export async function startService(options: {
  config: Config;
  logger: Logger;
  /** Tests keep PGlite in memory; the service keeps it under DATA_DIR. */
  inMemory?: boolean;
  schema?: string;
  retry?: RetryPolicy;
  eventRetry?: EventRetryPolicy;
  alertRetry?: AlertRetryPolicy;
  /** Tests read the clock-driven rules at times of their choosing (see AlertClock.tick). */
  alertClock?: { nowMs: () => number; intervalMs: number };
}): Promise<RunningService> {
  const { logger } = options;
  const demo = realDataSource(options.config) === 'none' ? await startDemoAccount(options.config) : undefined;
  const config = demo?.config ?? options.config;
  if (demo) logger.warn(`${DEMO_NOTICE}. Serving a generated demo account through the real pipeline.`);

  // Demo data never shares a store with real data or another instance, nor outlives the run: PGlite in
  // memory, or on a server a schema of this process's own, dropped when it stops.
  const metrics = new ServiceMetrics();
  const { db, service, stripe } = await openStore(config, {
    inMemory: options.inMemory,
    schema: options.schema ?? (demo ? DEMO_SCHEMA : STRIPE_SCHEMA),
    disposable: demo !== undefined,
    source: demo ? 'demo' : realDataSource(config),
    ...(demo ? { notice: `${DEMO_NOTICE}.` } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.eventRetry ? { eventRetry: options.eventRetry } : {}),
    onEventFailure: ({ events, reason, outcome }) => {
      const ids = events.map((event) => event.id);
      if (outcome === 'dead') logger.error({ events: ids, reason }, 'events set aside: they can not be applied (GET /api/events/dead; retry with POST /api/events/{id}/retry)');
      else logger.warn({ events: ids, reason }, 'events not applied yet; will retry');
    },
    onEventStepError: (error) => logger.error({ reason: describeFailure(error) }, 'applying events failed; will retry'),
    onDerivationError: (error) => logger.error({ reason: describeFailure(error) }, 'deriving revenue failed; will retry'),
    onEventsApplied: (events) => metrics.applied(events),
    onSharedStoreError: (error) => logger.error({ reason: describeFailure(error) }, 'reading what other instances changed failed; will retry'),
    onUnpriced: (subscription, reason) => logger.warn({ subscription, reason }, 'subscription left out of MRR'),
    onUnreadable: (type, id, reason) => logger.warn({ type, id, reason }, "object left out of the sync: its shape can't be read"),
    onSyncFinished: (outcome) => {
      metrics.sync(outcome);
      if (outcome.status === 'failed') logger.error({ sync: outcome.run.id, error: outcome.run.error }, 'sync failed');
      else if (outcome.status === 'succeeded') logger.info({ sync: outcome.run.id, counts: outcome.run.counts, requests: outcome.run.requests }, 'sync finished');
    },
  });
  const hasKey = config.stripe.secretKey !== undefined;
  if (!hasKey) logger.warn('STRIPE_SECRET_KEY is not set: no account to sync; figures come from webhooks only');
  if (stripe) metrics.observeStripe(stripe);
  const alerts = startAlertDelivery(db, config, options.alertRetry ?? defaultAlertRetryPolicy, logger);
  const alertClock = AlertClock.needed(config.alerts.rules)
    ? new AlertClock({
        db,
        rules: config.alerts.rules,
        service,
        ...options.alertClock,
        onError: (error) => logger.error({ reason: describeFailure(error) }, 'reading the metric, digest and trial rules failed; will retry'),
      })
    : undefined;
  alertClock?.start();
  const app = buildApp({
    service,
    logger,
    access: config.access,
    syncRequestMinSeconds: config.syncRequestMinSeconds,
    metrics,
    alerts,
    alertsAdmin: { admin: alertsAdmin(db, config.alerts.rules, alerts), adminToken: config.alerts.adminToken },
  });
  const url = await listen(app, config.http.host, config.http.port);
  // From here the CLI reaches this service over HTTP rather than the folder it holds.
  await db.dataDirLock?.advertiseUrl(url);
  logger.info({ url, store: db.kind, source: service.source }, 'revenue-agent listening');

  const syncInBackground = (trigger: string, options?: { skipIfSyncedWithinMs: number }) => {
    const start = service.requestSync(trigger, options);
    if (start?.started) void start.done.catch((error: unknown) => logger.error({ err: error }, 'sync crashed'));
  };
  let timer: NodeJS.Timeout | undefined;
  let stopPoll = () => {};
  if (config.stripe.webhookSecrets.length === 0) logger.warn('STRIPE_WEBHOOK_SECRET is not set: POST /webhooks/stripe answers 503');
  if (hasKey) {
    service.catchUpEvents().then(
      (added) => added > 0 && logger.info({ added }, 'caught up on events sent while the service was down'),
      (error: unknown) => logger.error({ err: error }, 'event catch-up failed'),
    );
    syncInBackground('start', { skipIfSyncedWithinMs: config.syncIntervalMinutes * 30_000 });
    if (config.syncIntervalMinutes > 0) {
      // Instances sharing the store each keep a timer; a sync another one finished in the last half interval will do.
      timer = setInterval(() => syncInBackground('timer', { skipIfSyncedWithinMs: config.syncIntervalMinutes * 30_000 }), config.syncIntervalMinutes * 60_000);
      timer.unref();
    }
    if (config.eventsPollSeconds > 0) stopPoll = startEventsPoll(service, config.eventsPollSeconds, logger);
  }
  demo?.startActivity(`${url}/webhooks/stripe`);

  return {
    url,
    app,
    service,
    db,
    alertClock,
    async stop() {
      clearInterval(timer);
      stopPoll();
      await alertClock?.stop();
      // Sends in flight are cut (and sent again after), not waited for up to their timeout.
      const alertsStopped = alerts.stop();
      // A sync would hold up a manual sync's request, and the close, for as long as it lists.
      await service.interruptSync();
      // Requests in flight are answered (new ones are refused); those still running at the grace's end are cut.
      await app.close();
      if (!(await app.requestsInFlight.settled(REQUESTS_GRACE_MS))) app.server.closeAllConnections();
      await service.close();
      await alertsStopped;
      await demo?.stop();
      await db.close();
    },
  };
}
