import type { FastifyInstance } from 'fastify';
import type { ServiceMetrics } from '../observability/service-metrics.ts';

/** Each answer's time, labelled by the route's pattern (never the path itself: ids would make a series each). */
export function timeRequests(app: FastifyInstance, metrics: ServiceMetrics): void {
  app.addHook('onResponse', (request, reply, done) => {
    metrics.httpRequest(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
}
