import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AlertsControl } from '../../service/alert-delivery.ts';
import type { DeadAlert } from '../../store/alert-outbox-repository.ts';
import { errorBody } from '../errors.ts';
import { parseQuery } from '../parse-query.ts';
import { storedText } from '../stored-text.ts';

const LIMIT = 'limit must be a whole number from 1 to 500';
const listQuery = z.object({ limit: z.coerce.number({ error: LIMIT }).int(LIMIT).min(1, LIMIT).max(500, LIMIT).default(100) });
const retryParams = z.object({ id: storedText('the alert id must be 1 to 255 characters', { min: 1, max: 255 }) });

const NOT_CONFIGURED = 'No alert channel is configured: set ALERT_WEBHOOK_URL and ALERT_WEBHOOK_SECRET.';

const deadAlertJson = (alert: DeadAlert) => ({
  id: alert.id,
  type: alert.type,
  attempts: alert.attempts,
  reason: alert.reason,
  created_at: alert.createdAt.toISOString(),
  dead_at: alert.deadAt.toISOString(),
});

/**
 * Alerts that could not be delivered (listed, and replayed once the receiver is mended), whether the
 * endpoint is disabled by a 410, and a test alert sent now. Never the URL or the secret.
 */
export function alertRoutes(app: FastifyInstance, alerts: AlertsControl | undefined): void {
  app.get('/api/alerts/dead', async (request) => {
    const { limit } = parseQuery(listQuery, request.query);
    if (alerts === undefined) return { configured: false, endpoint: null, alerts: [] };
    const disabled = await alerts.disabledEndpoint();
    const endpoint = disabled === undefined ? { disabled: false } : { disabled: true, disabled_at: disabled.disabledAt.toISOString(), reason: disabled.reason };
    return { configured: true, endpoint, alerts: (await alerts.deadAlerts(limit)).map(deadAlertJson) };
  });

  app.post('/api/alerts/dead/:id/retry', async (request, reply) => {
    const { id } = parseQuery(retryParams, request.params);
    if (alerts === undefined) return reply.code(409).send(errorBody('not_configured', NOT_CONFIGURED));
    if (!(await alerts.retryDead(id))) return reply.code(404).send(errorBody('not_found', 'no dead alert has this id'));
    return { retried: [id] };
  });

  app.post('/api/alerts/test', async (_request, reply) => {
    if (alerts === undefined) return reply.code(409).send(errorBody('not_configured', NOT_CONFIGURED));
    const outcome = await alerts.sendTest();
    if (outcome.kind === 'accepted') return { delivered: true, status: outcome.status };
    if (outcome.kind === 'gone') return { delivered: false, status: outcome.status, reason: 'the receiver answered 410 Gone: the endpoint is disabled' };
    return { delivered: false, status: outcome.status, reason: outcome.reason };
  });
}
