import type { FastifyInstance } from 'fastify';
import { DrainLoop } from '../../ingest/drain-loop.ts';
import type { ServiceMetrics } from '../../observability/service-metrics.ts';
import type { RevenueService } from '../../service/revenue-service.ts';
import type { AlertsControl } from '../../service/alert-delivery.ts';
import { activityBody } from '../activity-body.ts';
import { errorBody } from '../errors.ts';
import { feedAlertJson } from '../feed-alert-json.ts';
import { STREAM_RETRY_AFTER_SECONDS, type HttpLimits } from '../limits.ts';
import { revenueJsonRenderer } from '../revenue-body.ts';
import { SseBroadcaster } from '../sse-broadcaster.ts';

const STREAM_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
};

const FEED_LENGTH = 20;
const FEED_RETRY_MS = 5_000;

/**
 * Server-Sent Events: the figures at once, then again whenever they change. The body of each `revenue`
 * event is exactly what GET /api/revenue answers; it is rendered once per change for all clients.
 * After it, an `activity` event carries what GET /api/activity?limit=20 answers: read from the store once
 * per change for every client (changes that come while it is read fold into one more read), and kept
 * for clients that join until the next change. An `alert` event carries each alert as the dashboard's
 * feed delivers it on this instance, as GET /api/alerts/feed lists it.
 */
export function streamRoutes(
  app: FastifyInstance,
  service: RevenueService,
  now: () => Date,
  limits: HttpLimits,
  metrics: ServiceMetrics,
  alerts: AlertsControl | undefined,
): void {
  const revenueJson = revenueJsonRenderer();
  const broadcaster = new SseBroadcaster(() => revenueJson(service.view(), now()), {
    maxClients: limits.maxStreamClients,
    maxBufferedBytes: limits.maxStreamBufferedBytes,
    heartbeatMs: limits.streamHeartbeatMs,
  });
  metrics.gauge('revenue_agent_sse_clients', 'Event streams open (GET /api/stream).', () => broadcaster.size);
  let activity: string | undefined;
  const feed = new DrainLoop(
    async () => {
      activity = JSON.stringify(await activityBody(service, FEED_LENGTH));
      broadcaster.publishEvent('activity', activity);
      return 'done';
    },
    FEED_RETRY_MS,
    (error) => app.log.error({ err: error }, 'could not read the activity feed for the event streams'),
  );
  const unsubscribe = service.subscribe(() => {
    // A failure here must not reach the service, which tells its other listeners too.
    try {
      broadcaster.publish();
    } catch (error) {
      app.log.error({ err: error }, 'could not send the new figures to the event streams');
    }
    // With no one listening, the feed is read when someone joins.
    activity = undefined;
    if (broadcaster.size > 0) void feed.drain();
  });
  const stopAlerts = alerts?.onFeedAlert((alert) => broadcaster.publishEvent('alert', JSON.stringify(feedAlertJson(alert))));
  // Before the server waits for its connections to finish: a stream never would.
  app.addHook('preClose', async () => {
    unsubscribe();
    stopAlerts?.();
    await feed.close();
    broadcaster.end(STREAM_RETRY_AFTER_SECONDS * 1000);
  });

  // GET would open a stream that a HEAD request never reads: HEAD gets the headers alone.
  app.head('/api/stream', (_request, reply) => {
    void reply.headers(STREAM_HEADERS).code(200).send();
  });

  app.get('/api/stream', { exposeHeadRoute: false }, (request, reply) => {
    if (!broadcaster.hasRoom()) {
      void reply
        .code(503)
        .header('retry-after', String(STREAM_RETRY_AFTER_SECONDS))
        .send(errorBody('too_many_streams', `${limits.maxStreamClients} event streams are open, the most served at once; try again later`));
      return;
    }
    reply.hijack();
    const response = reply.raw;
    // A stream is quiet between changes: the idle timeout is not for it (the heartbeat and buffer limit are).
    request.raw.socket?.setTimeout?.(0);
    // Hijacked, the reply's own headers (security, CORS, request id) go out only if handed on here.
    for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) response.setHeader(name, value);
    response.writeHead(200, STREAM_HEADERS);
    // The response closes when the client leaves, or is dropped.
    response.on('close', () => broadcaster.remove(response));
    broadcaster.add(response);
    if (activity !== undefined) broadcaster.sendEvent(response, 'activity', activity);
    else void feed.drain();
  });
}
