import type { AlertChannelKind } from '../alerts/alert-channel.ts';
import type { DeliveryOutcome } from '../alerts/delivery-outcome.ts';
import type { AlertFeed, FeedAlert, FeedListener } from '../alerts/feed-channel.ts';
import { withoutPersonalData } from '../alerts/personal-data.ts';
import type { DisabledEndpoint } from '../store/alert-endpoints-repository.ts';
import { alertDeliveriesRepository, type DeadDelivery } from '../store/alert-deliveries-repository.ts';
import { alertOutboxRepository } from '../store/alert-outbox-repository.ts';
import type { Database } from '../store/database.ts';
import type { ChannelDelivery } from './channel-delivery.ts';

export interface ChannelState {
  name: string;
  kind: AlertChannelKind;
  /** Set while a 410 Gone keeps its deliveries waiting. */
  disabled: DisabledEndpoint | undefined;
}

/** What the HTTP API asks of the alerts. */
export interface AlertsControl {
  channelNames(): string[];
  channels(): Promise<ChannelState[]>;
  deadDeliveries(limit: number): Promise<DeadDelivery[]>;
  /** Puts the alert's dead deliveries back in line, on one channel or all; returns the channels, none when no delivery of it is dead. */
  retryDead(id: string, channel?: string): Promise<string[]>;
  /** Sends a sample alert through one channel, or every one, now, outside the outbox. */
  sendTest(channel?: string): Promise<Array<{ channel: string; outcome: DeliveryOutcome }>>;
  /** The newest alerts in the dashboard's feed, newest first. */
  feed(limit: number): Promise<FeedAlert[]>;
  /** Alerts as the feed delivers them on this instance; returns what stops the listening. */
  onFeedAlert(listener: FeedListener): () => void;
}

/** Every channel's sender, each on its own: one failing or disabled never delays another. */
export class AlertDelivery implements AlertsControl {
  constructor(
    private readonly db: Database,
    private readonly senders: readonly ChannelDelivery[],
    private readonly alertFeed: AlertFeed,
    /** The feed's list leaves out customers' names and e-mail addresses too. */
    private readonly stripPersonalData = false,
  ) {}

  start(): void {
    for (const sender of this.senders) sender.start();
  }

  async stop(): Promise<void> {
    await Promise.all(this.senders.map((sender) => sender.stop()));
  }

  channelNames(): string[] {
    return this.senders.map((sender) => sender.channel.name);
  }

  channels(): Promise<ChannelState[]> {
    return Promise.all(
      this.senders.map(async (sender) => ({ name: sender.channel.name, kind: sender.channel.kind, disabled: await sender.disabledEndpoint() })),
    );
  }

  deadDeliveries(limit: number): Promise<DeadDelivery[]> {
    return alertDeliveriesRepository(this.db).listDead(limit);
  }

  async retryDead(id: string, channel?: string): Promise<string[]> {
    const retried = await alertDeliveriesRepository(this.db).retryDead(id, channel);
    for (const sender of this.senders) if (retried.includes(sender.channel.name)) sender.nudge();
    return retried;
  }

  async sendTest(channel?: string): Promise<Array<{ channel: string; outcome: DeliveryOutcome }>> {
    const chosen = this.senders.filter((sender) => channel === undefined || sender.channel.name === channel);
    return Promise.all(chosen.map(async (sender) => ({ channel: sender.channel.name, outcome: await sender.sendTest() })));
  }

  async feed(limit: number): Promise<FeedAlert[]> {
    const alerts = await alertOutboxRepository(this.db).feed(limit);
    return this.stripPersonalData ? alerts.map((alert) => ({ ...alert, body: withoutPersonalData(alert.body) })) : alerts;
  }

  onFeedAlert(listener: FeedListener): () => void {
    return this.alertFeed.subscribe(listener);
  }
}
