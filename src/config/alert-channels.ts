import type { ChannelPolicy } from '../alerts/alert-rules.ts';
import { FEED_CHANNEL } from '../alerts/feed-channel.ts';

/** Where a channel sends; URLs and secrets here are never shown. */
export type AlertChannelTarget =
  | { kind: 'webhook'; url: URL; secret: string }
  | { kind: 'slack'; url: URL }
  | { kind: 'email'; smtpUrl: URL; to: string[]; from: string }
  | { kind: 'feed' };

export interface AlertChannelConfig {
  /** What rules, the alerts' deliveries, the API and the logs call it. */
  name: string;
  target: AlertChannelTarget;
  policy: ChannelPolicy;
}

/** No pacing: every alert goes as it comes, one message each. */
export const UNPACED: ChannelPolicy = { cooldownSeconds: 0, groupFrom: 0 };

/** The dashboard's feed is always there: the default rules send it every alert; a rules file chooses. */
export const FEED: AlertChannelConfig = { name: FEED_CHANNEL, target: { kind: 'feed' }, policy: UNPACED };

/** The channels the environment names, in a fixed order, the feed last. */
export function environmentChannels(env: {
  ALERT_WEBHOOK_URL?: string | undefined;
  ALERT_WEBHOOK_SECRET?: string | undefined;
  SLACK_WEBHOOK_URL?: string | undefined;
  SMTP_URL?: string | undefined;
  ALERT_EMAIL_TO?: string[] | undefined;
  ALERT_EMAIL_FROM?: string | undefined;
}): AlertChannelConfig[] {
  const channels: AlertChannelConfig[] = [];
  if (env.ALERT_WEBHOOK_URL !== undefined && env.ALERT_WEBHOOK_SECRET !== undefined) {
    channels.push({ name: 'webhook', target: { kind: 'webhook', url: new URL(env.ALERT_WEBHOOK_URL), secret: env.ALERT_WEBHOOK_SECRET }, policy: UNPACED });
  }
  if (env.SLACK_WEBHOOK_URL !== undefined) channels.push({ name: 'slack', target: { kind: 'slack', url: new URL(env.SLACK_WEBHOOK_URL) }, policy: UNPACED });
  if (env.SMTP_URL !== undefined && env.ALERT_EMAIL_TO !== undefined && env.ALERT_EMAIL_FROM !== undefined) {
    channels.push({ name: 'email', target: { kind: 'email', smtpUrl: new URL(env.SMTP_URL), to: env.ALERT_EMAIL_TO, from: env.ALERT_EMAIL_FROM }, policy: UNPACED });
  }
  return [...channels, FEED];
}
