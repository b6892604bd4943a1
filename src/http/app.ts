import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { RevenueService } from '../service/revenue-service.ts';
import { MAX_BODY_BYTES } from './body-limit.ts';
import { clientErrorHandler, registerErrorHandling } from './errors.ts';
import { DEFAULT_HTTP_LIMITS, type HttpLimits } from './limits.ts';
import { deadEventRoutes } from './routes/dead-events.ts';
import { healthRoutes } from './routes/health.ts';
import { metricsRoutes } from './routes/metrics.ts';
import { prometheusRoutes } from './routes/prometheus.ts';
import { revenueRoutes } from './routes/revenue.ts';
import { streamRoutes } from './routes/stream.ts';
import { webRoutes } from './routes/web.ts';
import { webhookRoutes } from './routes/webhooks.ts';

export interface AppOptions {
  service: RevenueService;
  logger: Logger | false;
  now?: () => Date;
  /** Timeouts and event-stream limits; tests shorten them. */
  limits?: Partial<HttpLimits>;
}

/** Builds the HTTP app without listening, so tests can `inject` requests. */
export function buildApp(options: AppOptions): FastifyInstance {
  const limits: HttpLimits = { ...DEFAULT_HTTP_LIMITS, ...options.limits };
  const app = Fastify({
    loggerInstance: options.logger === false ? undefined : options.logger,
    bodyLimit: MAX_BODY_BYTES,
    // Two log lines per request would cost more than answering it; failures are logged where they happen.
    logController: new LogController({ disableRequestLogging: true }),
    // Event streams never go idle; shutting down must not wait for their clients to leave.
    forceCloseConnections: true,
    // A client that stalls is dropped, not held (see HttpLimits).
    connectionTimeout: limits.idleTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    http: {
      headersTimeout: Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs),
      connectionsCheckingInterval: limits.timeoutCheckIntervalMs,
    },
    clientErrorHandler,
  }) as unknown as FastifyInstance;
  const now = options.now ?? (() => new Date());
  registerErrorHandling(app);
  healthRoutes(app, options.service);
  revenueRoutes(app, options.service, now);
  metricsRoutes(app, options.service);
  streamRoutes(app, options.service, now, limits);
  webhookRoutes(app, options.service);
  deadEventRoutes(app, options.service);
  prometheusRoutes(app, options.service, now);
  webRoutes(app);
  return app;
}
