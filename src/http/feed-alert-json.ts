import type { FeedAlert } from '../alerts/feed-channel.ts';

/** An alert as GET /api/alerts/feed lists it and the event stream's `alert` event carries it. */
export const feedAlertJson = (alert: FeedAlert) => ({ id: alert.id, type: alert.body.type, created_at: alert.createdAt.toISOString(), body: alert.body });
