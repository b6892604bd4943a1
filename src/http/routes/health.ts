import type { FastifyInstance } from 'fastify';
import type { RevenueService } from '../../service/revenue-service.ts';

export function healthRoutes(app: FastifyInstance, service: RevenueService): void {
  app.get('/health', async (_request, reply) => {
    const database = (await service.isDatabaseReachable()) ? 'ok' : 'unreachable';
    const healthy = database === 'ok';
    return reply.code(healthy ? 200 : 503).send({
      status: healthy ? 'healthy' : 'unhealthy',
      service: 'revenue-agent',
      database,
      source: service.source,
    });
  });
}
