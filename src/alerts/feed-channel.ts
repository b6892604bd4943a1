import type { AlertBody } from './alert-body.ts';
import type { AlertChannel } from './alert-channel.ts';

/** The channel whose delivered alerts are the dashboard's feed. */
export const FEED_CHANNEL = 'feed';

export interface FeedAlert {
  id: string;
  body: AlertBody;
  createdAt: Date;
}

export type FeedListener = (alert: FeedAlert) => void;

/** Who hears of alerts as the feed delivers them: the event streams of this instance. */
export class AlertFeed {
  private readonly listeners = new Set<FeedListener>();

  /** Returns what stops the listening. */
  subscribe(listener: FeedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(alert: FeedAlert): void {
    for (const listener of this.listeners) listener(alert);
  }
}

/**
 * The dashboard's feed: the delivery row marked delivered is the feed itself (GET /api/alerts/feed), and
 * the alert is told to the event streams open on this instance as it is delivered.
 */
export function feedChannel(feed: AlertFeed): AlertChannel {
  return {
    name: FEED_CHANNEL,
    kind: 'feed',
    endpoint: undefined,
    async send(body, id) {
      feed.publish({ id, body, createdAt: new Date() });
      return { kind: 'accepted', status: null };
    },
  };
}
