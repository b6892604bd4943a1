import type { FastifyInstance } from 'fastify';
import type { ServiceMetrics } from '../../observability/service-metrics.ts';
import type { RevenueService } from '../../service/revenue-service.ts';

/** Prometheus text format: the counters kept as things happen, and gauges read from the figures' freshness at each scrape. */
export function prometheusRoutes(app: FastifyInstance, service: RevenueService, now: () => Date, metrics: ServiceMetrics): void {
  const freshness = () => service.view().freshness;
  const secondsSince = (then: Date | null) => (then === null ? Number.NaN : Math.max(0, (now().getTime() - then.getTime()) / 1000));
  metrics.gauge('revenue_agent_events_pending', 'Stripe events stored and waiting to be applied (those retrying included).', () => freshness().backlog.pendingEvents);
  metrics.gauge('revenue_agent_events_retrying', 'Stripe events waiting for a retry after a failed attempt.', () => freshness().backlog.retryingEvents);
  metrics.gauge('revenue_agent_events_dead', 'Stripe events set aside because they could not be applied (GET /api/events/dead).', () => freshness().backlog.deadEvents);
  metrics.gauge('revenue_agent_events_oldest_pending_age_seconds', 'Age of the oldest event waiting to be applied; 0 when none waits.', () => {
    const oldest = freshness().backlog.oldestPendingAt;
    return oldest === null ? 0 : secondsSince(oldest);
  });
  metrics.gauge('revenue_agent_figures_stale', '1 when the figures are short of what Stripe has said (a failed sync, events retrying or set aside).', () => (freshness().stale ? 1 : 0));
  metrics.gauge('revenue_agent_figures_age_seconds', 'Time since the figures were last brought up to date; NaN before the first time.', () => secondsSince(freshness().asOf));

  app.get('/metrics', async (_request, reply) => reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()));
}
