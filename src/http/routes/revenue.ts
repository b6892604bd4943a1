import type { FastifyInstance } from 'fastify';
import type { SyncProgress } from '../../ingest/sync-coordinator.ts';
import type { RevenueService } from '../../service/revenue-service.ts';
import { errorBody } from '../errors.ts';
import { revenueBody, revenueJsonRenderer } from '../revenue-body.ts';
import { syncRequestThrottle } from '../sync-request-throttle.ts';

/** A running sync as JSON: objects listed by type, and requests so far and per second. */
function progressBody(progress: SyncProgress | undefined, now: Date) {
  if (!progress) return null;
  const seconds = Math.max(0.001, (now.getTime() - progress.startedAt.getTime()) / 1000);
  return {
    sync_id: progress.runId,
    started_at: progress.startedAt.toISOString(),
    objects: progress.counts,
    requests: progress.requests,
    requests_per_second: Math.round((progress.requests / seconds) * 10) / 10,
  };
}

export function revenueRoutes(app: FastifyInstance, service: RevenueService, now: () => Date, syncRequestMinSeconds: number): void {
  const revenueJson = revenueJsonRenderer();
  const throttle = syncRequestThrottle(syncRequestMinSeconds, () => now().getTime());
  // Not async: the body is ready, and a promise per request costs more than answering it.
  app.get('/api/revenue', (_request, reply) => {
    void reply.type('application/json; charset=utf-8').send(revenueJson(service.view(), now()));
  });

  app.get('/api/revenue/sync', async () => {
    const progress = progressBody(service.syncProgress(), now());
    return { status: progress ? 'running' : 'idle', progress, timestamp: now().toISOString() };
  });

  app.post('/api/revenue/sync', async (request, reply) => {
    const wait = throttle.waitSeconds();
    if (wait > 0) {
      return reply
        .code(429)
        .header('retry-after', String(wait))
        .send(errorBody('sync_requested_too_soon', `A sync was asked for less than ${syncRequestMinSeconds} s ago; try again in ${wait} s.`));
    }
    const start = service.requestSync('api');
    if (start?.started) throttle.started();
    // The answer waits for a whole sync, which can take minutes: the idle timeout is not for it.
    if (start?.started) request.raw.socket?.setTimeout?.(0);
    if (start === undefined) {
      return reply
        .code(409)
        .send(errorBody('not_configured', 'There is no Stripe account to sync: set STRIPE_SECRET_KEY.'));
    }
    const outcome = start.started ? await start.done : { status: 'busy' as const, runId: await start.runId };
    const timestamp = now().toISOString();
    if (outcome.status === 'busy') {
      return reply.code(202).send({
        status: 'running',
        message: 'A sync is already running; its figures will be served when it finishes.',
        sync_id: outcome.runId ?? null,
        progress: progressBody(service.syncProgress(), now()),
        timestamp,
      });
    }
    const data = revenueBody(service.view(), now());
    if (outcome.status === 'failed') {
      return reply.code(502).send({
        status: 'error',
        message: `Sync failed: ${outcome.run.error}`,
        sync_id: outcome.run.id,
        data,
        timestamp,
      });
    }
    return reply.code(200).send({
      status: 'success',
      message: 'Revenue data synced',
      sync_id: outcome.run.id,
      counts: outcome.run.counts,
      requests: outcome.run.requests,
      data,
      timestamp,
    });
  });
}
