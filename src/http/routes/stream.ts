import type { FastifyInstance } from 'fastify';
import type { RevenueService } from '../../service/revenue-service.ts';
import { revenueJsonRenderer } from '../revenue-body.ts';

const HEARTBEAT_MS = 15_000;

/**
 * Server-Sent Events: the figures at once, then again whenever they change. The body of each `revenue`
 * event is exactly what GET /api/revenue answers.
 */
export function streamRoutes(app: FastifyInstance, service: RevenueService, now: () => Date): void {
  const revenueJson = revenueJsonRenderer();
  app.get('/api/stream', (request, reply) => {
    reply.hijack();
    const response = reply.raw;
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    let id = 0;
    const send = () => {
      response.write(`id: ${++id}\nevent: revenue\ndata: ${revenueJson(service.view(), now())}\n\n`);
    };
    send();
    const unsubscribe = service.subscribe(send);
    // Comments keep proxies from closing a quiet connection.
    const heartbeat = setInterval(() => response.write(': keep-alive\n\n'), HEARTBEAT_MS);
    request.raw.on('close', () => {
      unsubscribe();
      clearInterval(heartbeat);
    });
  });
}
