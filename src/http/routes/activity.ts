import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { RevenueService } from '../../service/revenue-service.ts';
import { activityBody } from '../activity-body.ts';
import { parseQuery } from '../parse-query.ts';

const LIMIT = 'limit must be a whole number from 1 to 100';
const activityQuery = z.object({ limit: z.coerce.number({ error: LIMIT }).int(LIMIT).min(1, LIMIT).max(100, LIMIT).default(20) });

/** The live feed's data: the latest MRR movements and payments, newest first (also sent as the stream's `activity` event). */
export function activityRoutes(app: FastifyInstance, service: RevenueService): void {
  app.get('/api/activity', async (request) => {
    const { limit } = parseQuery(activityQuery, request.query);
    return activityBody(service, limit);
  });
}
