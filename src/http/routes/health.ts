import type { FastifyInstance } from 'fastify';
import type { RevenueService } from '../../service/revenue-service.ts';

/**
 * Cheap and open. Unhealthy (503) only when the store can't be reached; degraded (still 200: a restart
 * would not mend it) while events wait after a failure or are set aside, since the figures fall behind.
 */
export function healthRoutes(app: FastifyInstance, service: RevenueService): void {
  app.get('/health', async (_request, reply) => {
    const database = (await service.isDatabaseReachable()) ? 'ok' : 'unreachable';
    const { retryingEvents, deadEvents } = service.view().freshness.backlog;
    const events = deadEvents > 0 ? 'dead_events' : retryingEvents > 0 ? 'retrying' : 'ok';
    const status = database !== 'ok' ? 'unhealthy' : events !== 'ok' ? 'degraded' : 'healthy';
    return reply.code(database === 'ok' ? 200 : 503).send({
      status,
      service: 'revenue-agent',
      database,
      events,
      dead_events: deadEvents,
      source: service.source,
    });
  });
}
