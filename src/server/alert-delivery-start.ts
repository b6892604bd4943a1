import type { Logger } from 'pino';
import type { AlertRetryPolicy } from '../alerts/retry-schedule.ts';
import type { Config } from '../config/config.ts';
import { AlertDelivery } from '../service/alert-delivery.ts';
import type { Database } from '../store/database.ts';
import { describeFailure } from '../stripe/describe-failure.ts';

/** The webhook channel's sender, started, when ALERT_WEBHOOK_URL is set; its log names the host only. */
export function startAlertDelivery(db: Database, config: Config, policy: AlertRetryPolicy, logger: Logger): AlertDelivery | undefined {
  const webhook = config.alerts.webhook;
  if (webhook === undefined) return undefined;
  const host = webhook.url.host;
  const delivery = new AlertDelivery(db, { ...webhook, allowPrivateNetwork: config.alerts.allowPrivateNetwork }, policy, {
    onDelivered: (alert, status) => logger.info({ alert, host, status }, 'alert delivered'),
    onFailed: (alert, reason, outcome) =>
      outcome === 'dead'
        ? logger.error({ alert, host, reason }, 'alert not delivered: given up (GET /api/alerts/dead; replay with POST /api/alerts/dead/{id}/retry)')
        : logger.warn({ alert, host, reason }, 'alert not delivered yet; will retry'),
    onEndpointDisabled: (reason) => logger.error({ host, reason }, 'alert webhook endpoint disabled'),
    onError: (error) => logger.error({ reason: describeFailure(error) }, 'sending alerts failed; will retry'),
  });
  delivery.start();
  logger.info({ host }, 'alerts are sent to the webhook');
  return delivery;
}
