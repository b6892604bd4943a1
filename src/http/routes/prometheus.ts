import type { FastifyInstance } from 'fastify';
import { Gauge, Registry } from 'prom-client';
import type { RevenueService } from '../../service/revenue-service.ts';

/** Prometheus text format, read from the figures' freshness at each scrape: nothing is counted twice or goes stale. */
export function prometheusRoutes(app: FastifyInstance, service: RevenueService, now: () => Date): void {
  const registry = new Registry();
  const gauge = (name: string, help: string, read: () => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read());
      },
    });
  const freshness = () => service.view().freshness;
  gauge('revenue_agent_events_pending', 'Stripe events stored and waiting to be applied (those retrying included).', () => freshness().backlog.pendingEvents);
  gauge('revenue_agent_events_retrying', 'Stripe events waiting for a retry after a failed attempt.', () => freshness().backlog.retryingEvents);
  gauge('revenue_agent_events_dead', 'Stripe events set aside because they could not be applied (GET /api/events/dead).', () => freshness().backlog.deadEvents);
  gauge('revenue_agent_events_oldest_pending_age_seconds', 'Age of the oldest event waiting to be applied; 0 when none waits.', () => {
    const oldest = freshness().backlog.oldestPendingAt;
    return oldest === null ? 0 : Math.max(0, (now().getTime() - oldest.getTime()) / 1000);
  });
  gauge('revenue_agent_figures_stale', '1 when the figures are short of what Stripe has said (a failed sync, events retrying or set aside).', () => (freshness().stale ? 1 : 0));

  app.get('/metrics', async (_request, reply) => reply.type(registry.contentType).send(await registry.metrics()));
}
