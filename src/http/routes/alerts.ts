import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { DeliveryOutcome } from '../../alerts/delivery-outcome.ts';
import type { AlertsControl, ChannelState } from '../../service/alert-delivery.ts';
import type { DeadDelivery } from '../../store/alert-deliveries-repository.ts';
import { errorBody } from '../errors.ts';
import { feedAlertJson } from '../feed-alert-json.ts';
import { parseQuery } from '../parse-query.ts';
import { storedText } from '../stored-text.ts';

const limit = (max: number, fallback: number) => {
  const message = `limit must be a whole number from 1 to ${max}`;
  return z.coerce.number({ error: message }).int(message).min(1, message).max(max, message).default(fallback);
};
const channelName = storedText('the channel name must be 1 to 64 characters', { min: 1, max: 64 });
const deadQuery = z.object({ limit: limit(500, 100) });
const feedQuery = z.object({ limit: limit(100, 20) });
const retryParams = z.object({ id: storedText('the alert id must be 1 to 255 characters', { min: 1, max: 255 }) });
const retryQuery = z.object({ channel: channelName.optional() });
// The body may be empty, or not an object at all when sent without one: no channel named is every channel.
const testBody = z.preprocess((body) => (typeof body === 'object' && body !== null ? body : {}), z.object({ channel: channelName.optional() }));

const NOT_RUNNING = 'Alerts are not running in this process.';

const channelJson = ({ name, kind, disabled }: ChannelState) =>
  disabled === undefined ? { name, kind, disabled: false } : { name, kind, disabled: true, disabled_at: disabled.disabledAt.toISOString(), reason: disabled.reason };

const deadJson = (delivery: DeadDelivery) => ({
  id: delivery.id,
  channel: delivery.channel,
  type: delivery.type,
  attempts: delivery.attempts,
  reason: delivery.reason,
  created_at: delivery.createdAt.toISOString(),
  dead_at: delivery.deadAt.toISOString(),
});

function outcomeJson(channel: string, outcome: DeliveryOutcome) {
  switch (outcome.kind) {
    case 'accepted':
      return { channel, delivered: true, status: outcome.status, ...(outcome.note ? { note: outcome.note } : {}) };
    case 'gone':
      return { channel, delivered: false, status: outcome.status, reason: 'the receiver answered 410 Gone: the endpoint is disabled' };
    case 'failed':
      return { channel, delivered: false, status: outcome.status, reason: outcome.reason };
  }
}

/**
 * Per channel: deliveries given up (listed, and replayed once the receiver is mended), whether a 410 has
 * disabled the channel's endpoint, and a test alert sent now; and the dashboard's feed of alerts. Never a
 * URL or a secret.
 */
export function alertRoutes(app: FastifyInstance, alerts: AlertsControl | undefined): void {
  const unknownChannel = (name: string) => errorBody('not_found', `no alert channel named ${JSON.stringify(name)}; there are ${alerts?.channelNames().join(', ')}`);

  app.get('/api/alerts/dead', async (request) => {
    const { limit } = parseQuery(deadQuery, request.query);
    if (alerts === undefined) return { channels: [], alerts: [] };
    const [channels, dead] = await Promise.all([alerts.channels(), alerts.deadDeliveries(limit)]);
    return { channels: channels.map(channelJson), alerts: dead.map(deadJson) };
  });

  app.post('/api/alerts/dead/:id/retry', async (request, reply) => {
    const { id } = parseQuery(retryParams, request.params);
    const { channel } = parseQuery(retryQuery, request.query);
    if (alerts === undefined) return reply.code(409).send(errorBody('not_running', NOT_RUNNING));
    if (channel !== undefined && !alerts.channelNames().includes(channel)) return reply.code(404).send(unknownChannel(channel));
    const channels = await alerts.retryDead(id, channel);
    if (channels.length === 0) return reply.code(404).send(errorBody('not_found', `no dead delivery of this alert${channel === undefined ? '' : ` on ${channel}`}`));
    return { retried: [id], channels };
  });

  app.post('/api/alerts/test', async (request, reply) => {
    const { channel } = parseQuery(testBody, request.body);
    if (alerts === undefined) return reply.code(409).send(errorBody('not_running', NOT_RUNNING));
    if (channel !== undefined && !alerts.channelNames().includes(channel)) return reply.code(404).send(unknownChannel(channel));
    return { channels: (await alerts.sendTest(channel)).map((tested) => outcomeJson(tested.channel, tested.outcome)) };
  });

  app.get('/api/alerts/feed', async (request) => {
    const { limit } = parseQuery(feedQuery, request.query);
    if (alerts === undefined) return { alerts: [] };
    return { alerts: (await alerts.feed(limit)).map(feedAlertJson) };
  });
}
