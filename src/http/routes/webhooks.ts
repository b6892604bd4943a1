import type { FastifyInstance } from 'fastify';
import type { ServiceMetrics } from '../../observability/service-metrics.ts';
import type { RevenueService } from '../../service/revenue-service.ts';
import { apiVersionWatch } from '../../stripe/api-version-watch.ts';
import { verifyWebhook, WebhookRejection } from '../../stripe/webhook-verification.ts';
import { MAX_BODY_BYTES } from '../body-limit.ts';
import { errorBody } from '../errors.ts';

const NOT_CONFIGURED =
  'Webhooks are off: set STRIPE_WEBHOOK_SECRET to the signing secret (whsec_…) of this endpoint, from the ' +
  'Stripe dashboard (Developers → Webhooks) or from `stripe listen`. Unsigned events are never accepted.';

/**
 * Stripe's webhook endpoint. The signature covers the raw bytes, so this scope takes every body as a
 * buffer. Anything but a 200 leaves the store untouched; a store failure is a 5xx, so that Stripe retries.
 */
export function webhookRoutes(app: FastifyInstance, service: RevenueService, metrics: ServiceMetrics): void {
  const noteApiVersion = apiVersionWatch((version, expected) =>
    app.log.warn(
      { api_version: version, expected },
      'webhook events arrive in another Stripe API version than this service reads; set the endpoint to the expected version in the Stripe dashboard',
    ),
  );
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_BODY_BYTES }, (_request, body, done) => done(null, body));

    scope.post('/webhooks/stripe', async (request, reply) => {
      if (service.webhookSecrets.length === 0) {
        metrics.webhook('unknown', 'not_configured');
        return reply.code(503).send(errorBody('webhooks_not_configured', NOT_CONFIGURED));
      }
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const header = request.headers['stripe-signature'];
      let event;
      try {
        event = verifyWebhook(raw, Array.isArray(header) ? header[0] : header, service.webhookSecrets);
      } catch (error) {
        metrics.webhook('unknown', 'rejected');
        if (error instanceof WebhookRejection) return reply.code(400).send(errorBody(error.code, error.message));
        throw error;
      }
      noteApiVersion(event.api_version);
      let duplicate: boolean;
      try {
        ({ duplicate } = await service.receiveEvent(event));
      } catch (error) {
        metrics.webhook(event.type, 'failed');
        throw error;
      }
      metrics.webhook(event.type, duplicate ? 'duplicate' : 'stored');
      request.log.debug({ event: event.id, type: event.type, duplicate }, 'webhook received');
      return reply.code(200).send({ received: true, id: event.id, type: event.type, duplicate });
    });
  });
}
