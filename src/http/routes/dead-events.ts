import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { RevenueService } from '../../service/revenue-service.ts';
import type { DeadEvent } from '../../store/events-repository.ts';
import { errorBody } from '../errors.ts';
import { parseQuery } from '../parse-query.ts';
import { storedText } from '../stored-text.ts';

const LIMIT = 'limit must be a whole number from 1 to 500';
const listQuery = z.object({ limit: z.coerce.number({ error: LIMIT }).int(LIMIT).min(1, LIMIT).max(500, LIMIT).default(100) });
const retryParams = z.object({ id: storedText('the event id must be 1 to 255 characters', { min: 1, max: 255 }) });

const deadEventJson = (event: DeadEvent) => ({
  id: event.id,
  type: event.type,
  created: event.created,
  attempts: event.attempts,
  reason: event.reason,
  received_at: event.receivedAt.toISOString(),
  dead_at: event.deadAt.toISOString(),
});

/**
 * Events that could not be applied, set aside with their reason so the ones behind them went on: listed,
 * and put back in line once what stopped them is mended (a key's permission, a newer release).
 */
export function deadEventRoutes(app: FastifyInstance, service: RevenueService): void {
  app.get('/api/events/dead', async (request) => {
    const { limit } = parseQuery(listQuery, request.query);
    const events = await service.deadEvents(limit);
    return { dead_events: service.view().freshness.backlog.deadEvents, events: events.map(deadEventJson) };
  });

  app.post('/api/events/dead/retry', async () => ({ retried: await service.retryDeadEvents(undefined) }));

  app.post('/api/events/:id/retry', async (request, reply) => {
    const { id } = parseQuery(retryParams, request.params);
    const retried = await service.retryDeadEvents([id]);
    if (retried.length === 0) return reply.code(404).send(errorBody('not_found', 'no event with this id is set aside'));
    return { retried };
  });
}
