import { FEED_CHANNEL } from '../alerts/feed-channel.ts';

/** Where a channel sends; URLs and secrets here are never shown. */
export type AlertChannelTarget =
  | { kind: 'webhook'; url: URL; secret: string }
  | { kind: 'slack'; url: URL }
  | { kind: 'email'; smtpUrl: URL; to: string[]; from: string }
  | { kind: 'feed' };

export interface AlertChannelConfig {
  /** What the alerts' deliveries, the API and the logs call it. */
  name: string;
  target: AlertChannelTarget;
}

/** The dashboard's feed is always on: every alert is there to see, whatever else is configured. */
export const FEED: AlertChannelConfig = { name: FEED_CHANNEL, target: { kind: 'feed' } };

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
    channels.push({ name: 'webhook', target: { kind: 'webhook', url: new URL(env.ALERT_WEBHOOK_URL), secret: env.ALERT_WEBHOOK_SECRET } });
  }
  if (env.SLACK_WEBHOOK_URL !== undefined) channels.push({ name: 'slack', target: { kind: 'slack', url: new URL(env.SLACK_WEBHOOK_URL) } });
  if (env.SMTP_URL !== undefined && env.ALERT_EMAIL_TO !== undefined && env.ALERT_EMAIL_FROM !== undefined) {
    channels.push({ name: 'email', target: { kind: 'email', smtpUrl: new URL(env.SMTP_URL), to: env.ALERT_EMAIL_TO, from: env.ALERT_EMAIL_FROM } });
  }
  return [...channels, FEED];
}
