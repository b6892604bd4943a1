import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { AlertsControl } from '../service/alert-delivery.ts';
import type { RevenueService } from '../service/revenue-service.ts';
import { accessControl, type AccessSettings } from './access/access-control.ts';
import { loginRoutes } from './access/login-routes.ts';
import { securityHeaders } from './access/security-headers.ts';
import { MAX_BODY_BYTES } from './body-limit.ts';
import { clientErrorHandler, frameworkErrors, registerErrorHandling } from './errors.ts';
import { DEFAULT_HTTP_LIMITS, type HttpLimits } from './limits.ts';
import { activityRoutes } from './routes/activity.ts';
import { alertRoutes } from './routes/alerts.ts';
import type { AlertsAdmin } from '../service/alerts-admin.ts';
import { changesRoutes } from './routes/changes.ts';
import { customerRoutes } from './routes/customers.ts';
import { deadEventRoutes } from './routes/dead-events.ts';
import { healthRoutes } from './routes/health.ts';
import { mcpRoutes } from './routes/mcp.ts';
import { metricsRoutes } from './routes/metrics.ts';
import { movementCustomersRoutes } from './routes/movement-customers.ts';
import { prometheusRoutes } from './routes/prometheus.ts';
import { revenueRoutes } from './routes/revenue.ts';
import { sessionRoutes } from './routes/session.ts';
import { streamRoutes } from './routes/stream.ts';
import { webRoutes } from './routes/web.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import { RequestsInFlight } from './requests-in-flight.ts';
import { echoRequestId, requestId } from './request-id.ts';
import { timeRequests } from './request-timing.ts';
import { ServiceMetrics } from '../observability/service-metrics.ts';

export interface AppOptions {
  service: RevenueService;
  logger: Logger | false;
  now?: () => Date;
  /** Timeouts and event-stream limits; tests shorten them. */
  limits?: Partial<HttpLimits>;
  /** Who may ask what (see access/access-control.ts); by default no token, loopback names only, no CORS. */
  access?: AccessSettings & { trustProxy: boolean };
  /** The least time between syncs asked for over HTTP; 0: no limit. */
  syncRequestMinSeconds?: number;
  /** What GET /metrics reports; the service's own, shared with what it observes outside HTTP. */
  metrics?: ServiceMetrics;
  /** The alerts' channels; absent where the service sends none (tests of other routes). */
  alerts?: AlertsControl;
  /** The alert rules' administration, over MCP; its changes need `adminToken`. */
  alertsAdmin?: { admin: AlertsAdmin; adminToken: string | undefined };
}

const DEFAULT_ACCESS = { dashboardToken: undefined, corsOrigins: [], trustProxy: false };
const DEFAULT_SYNC_REQUEST_MIN_SECONDS = 60;

declare module 'fastify' {
  interface FastifyInstance {
    /** What shutting down waits for once the server stops taking requests. */
    requestsInFlight: RequestsInFlight;
  }
}

/** Builds the HTTP app without listening, so tests can `inject` requests. */
export function buildApp(options: AppOptions): FastifyInstance {
  const limits: HttpLimits = { ...DEFAULT_HTTP_LIMITS, ...options.limits };
  const access = options.access ?? DEFAULT_ACCESS;
  const app = Fastify({
    loggerInstance: options.logger === false ? undefined : options.logger,
    bodyLimit: MAX_BODY_BYTES,
    // Ids in paths are checked by their routes (1 to 255 characters); Fastify's default of 100 would answer 414 first.
    routerOptions: { maxParamLength: 256 },
    // Two log lines per request would cost more than answering it; failures are logged where they happen.
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: requestId,
    // Closing lets the requests in flight finish (event streams are ended first, see routes/stream.ts).
    forceCloseConnections: 'idle',
    // A client that stalls is dropped, not held (see HttpLimits).
    connectionTimeout: limits.idleTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    http: {
      headersTimeout: Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs),
      connectionsCheckingInterval: limits.timeoutCheckIntervalMs,
    },
    clientErrorHandler,
    frameworkErrors,
    // Only behind a proxy of one's own: X-Forwarded-* then say the client's scheme (Secure cookies) and address.
    trustProxy: access.trustProxy,
  }) as unknown as FastifyInstance;
  const now = options.now ?? (() => new Date());
  app.decorate('requestsInFlight', new RequestsInFlight(app));
  echoRequestId(app);
  const metrics = options.metrics ?? new ServiceMetrics();
  timeRequests(app, metrics);
  // Before every route: the headers first, so that refusals carry them too.
  securityHeaders(app, access.corsOrigins);
  accessControl(app, access, () => now().getTime());
  registerErrorHandling(app);
  if (access.dashboardToken !== undefined) loginRoutes(app, access.dashboardToken, () => now().getTime());
  healthRoutes(app, options.service);
  sessionRoutes(app, access.dashboardToken);
  revenueRoutes(app, options.service, now, options.syncRequestMinSeconds ?? DEFAULT_SYNC_REQUEST_MIN_SECONDS);
  metricsRoutes(app, options.service);
  movementCustomersRoutes(app, options.service);
  changesRoutes(app, options.service);
  customerRoutes(app, options.service);
  activityRoutes(app, options.service);
  mcpRoutes(app, options.service, options.alertsAdmin);
  streamRoutes(app, options.service, now, limits, metrics, options.alerts);
  webhookRoutes(app, options.service, metrics);
  deadEventRoutes(app, options.service);
  alertRoutes(app, options.alerts);
  prometheusRoutes(app, options.service, now, metrics);
  webRoutes(app);
  return app;
}
