import type { AlertChannel } from '../alerts/alert-channel.ts';
import { dryRunChannel, type DryRunLog } from '../alerts/dry-run-channel.ts';
import { emailChannel } from '../alerts/email-channel.ts';
import { feedChannel, type AlertFeed } from '../alerts/feed-channel.ts';
import { strippingPersonalData } from '../alerts/personal-data.ts';
import { slackChannel } from '../alerts/slack-channel.ts';
import { webhookChannel } from '../alerts/webhook-channel.ts';
import type { AlertChannelConfig } from '../config/alert-channels.ts';

export interface ChannelOptions {
  allowPrivateNetwork: boolean;
  timeoutMs: number;
  feed: AlertFeed;
  stripPersonalData: boolean;
  /** Set in a dry run: what each channel but the feed would send goes here instead. */
  dryRun: DryRunLog | undefined;
}

/**
 * The channel a configuration names, ready to send: without personal data when so configured, and in a
 * dry run sending nothing. The feed sends nothing anyway: a dry run shows alerts there as ever.
 */
export function alertChannel(config: AlertChannelConfig, options: ChannelOptions): AlertChannel {
  const channel = sender(config, options);
  const outgoing = options.dryRun === undefined || channel.kind === 'feed' ? channel : dryRunChannel(channel, options.dryRun);
  return options.stripPersonalData ? strippingPersonalData(outgoing) : outgoing;
}

function sender(config: AlertChannelConfig, options: ChannelOptions): AlertChannel {
  const { target } = config;
  const destination = { allowPrivateNetwork: options.allowPrivateNetwork, timeoutMs: options.timeoutMs };
  switch (target.kind) {
    case 'webhook':
      return webhookChannel(config.name, { ...destination, url: target.url, secret: target.secret });
    case 'slack':
      return slackChannel(config.name, { ...destination, url: target.url });
    case 'email':
      return emailChannel(config.name, { ...destination, smtpUrl: target.smtpUrl, to: target.to, from: target.from });
    case 'feed':
      return feedChannel(options.feed);
  }
}

/** Where a channel sends, for logs: the host alone, never the URL (its path or query may be a token). */
export function channelHost(config: AlertChannelConfig): string | undefined {
  const { target } = config;
  switch (target.kind) {
    case 'webhook':
    case 'slack':
      return target.url.host;
    case 'email':
      return target.smtpUrl.host;
    case 'feed':
      return undefined;
  }
}
