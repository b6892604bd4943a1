import type { Logger } from 'pino';
import { AlertFeed } from '../alerts/feed-channel.ts';
import type { AlertRetryPolicy } from '../alerts/retry-schedule.ts';
import type { Config } from '../config/config.ts';
import { AlertDelivery } from '../service/alert-delivery.ts';
import { ChannelDelivery, type AlertDeliveryEvents } from '../service/channel-delivery.ts';
import type { Database } from '../store/database.ts';
import { describeFailure } from '../stripe/describe-failure.ts';
import { alertChannel, channelHost } from './alert-channels.ts';

/** Every configured channel's sender, started (the dashboard's feed always is); logs name a channel's host only. */
export function startAlertDelivery(db: Database, config: Config, policy: AlertRetryPolicy, logger: Logger): AlertDelivery {
  const feed = new AlertFeed();
  const hosts = new Map(config.alerts.channels.map((c) => [c.name, channelHost(c)]));
  const where = (channel: string) => ({ channel, host: hosts.get(channel) });
  const events: AlertDeliveryEvents = {
    onDelivered: (channel, alert, outcome) => logger.info({ alert, ...where(channel), status: outcome.status }, 'alert delivered'),
    onFailed: (channel, alert, reason, outcome) =>
      outcome === 'dead'
        ? logger.error(
            { alert, ...where(channel), reason },
            'alert not delivered: given up (GET /api/alerts/dead; replay with POST /api/alerts/dead/{id}/retry?channel={channel})',
          )
        : logger.warn({ alert, ...where(channel), reason }, 'alert not delivered yet; will retry'),
    onEndpointDisabled: (channel, reason) => logger.error({ ...where(channel), reason }, 'alert channel endpoint disabled'),
    onError: (channel, error) => logger.error({ channel, reason: describeFailure(error) }, 'sending alerts failed; will retry'),
  };
  const { allowPrivateNetwork, stripPersonalData, dryRun } = config.alerts;
  const options = {
    allowPrivateNetwork,
    timeoutMs: policy.timeoutMs,
    feed,
    stripPersonalData,
    dryRun: dryRun ? (entry: object) => logger.info(entry, 'alert not sent: dry run (ALERTS_DRY_RUN=true)') : undefined,
  };
  const digestsTo = new Set(config.alerts.rules.flatMap((rule) => (rule.kind === 'digest' ? rule.channels : [])));
  const senders = config.alerts.channels.map(
    (c) => new ChannelDelivery(db, alertChannel(c, options), policy, events, { policy: c.policy, hasDigest: digestsTo.has(c.name) }),
  );
  const delivery = new AlertDelivery(db, senders, feed, stripPersonalData);
  delivery.start();
  logger.info({ channels: config.alerts.channels.map((c) => c.name), dryRun, stripPersonalData }, 'alerts are sent to their channels');
  return delivery;
}
