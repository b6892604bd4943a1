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

  // Whether this instance serves figures that are caught up. Not what a load balancer should check: most
  // reasons are the store's, shared by every instance, so all would be taken out at once (/health is).
  app.get('/ready', async (_request, reply) => {
    const reasons = await notReadyBecause(service);
    return reply.code(reasons.length === 0 ? 200 : 503).send({ ready: reasons.length === 0, reasons });
  });
}

async function notReadyBecause(service: RevenueService): Promise<string[]> {
  const { freshness } = service.view();
  const reasons: string[] = [];
  if (!(await service.isDatabaseReachable())) reasons.push('the database can not be reached');
  if (freshness.connectionError !== null) reasons.push(freshness.connectionError);
  if (service.canSync && freshness.asOf === null) reasons.push('the first sync has not finished');
  const { pendingEvents } = freshness.backlog;
  if (pendingEvents > 0) reasons.push(`${pendingEvents} Stripe event${pendingEvents === 1 ? '' : 's'} waiting to be applied`);
  return reasons;
}
