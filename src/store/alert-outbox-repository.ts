import type { Alert } from '../alerts/alert-body.ts';
import { FEED_CHANNEL, type FeedAlert } from '../alerts/feed-channel.ts';
import type { Queryable } from './database.ts';

/** The alert outbox: each alert, written with the change behind it, and one delivery per channel it goes to. */
export function alertOutboxRepository(db: Queryable) {
  return {
    /** Alerts already written (same id), and deliveries already there (same alert and channel), are left as they are. */
    async add(alerts: readonly Alert[]): Promise<void> {
      if (alerts.length === 0) return;
      const rows = JSON.stringify(alerts);
      await db.query(
        `insert into alert_outbox (id, body, urgent)
         select r.id, r.body, r.urgent from jsonb_to_recordset($1::jsonb) as r(id text, body jsonb, urgent boolean)
         on conflict (id) do nothing`,
        [rows],
      );
      await db.query(
        `insert into alert_deliveries (alert_id, channel)
         select r.id, c.channel from jsonb_to_recordset($1::jsonb) as r(id text, channels jsonb), jsonb_array_elements_text(r.channels) as c(channel)
         on conflict (alert_id, channel) do nothing`,
        [rows],
      );
    },

    /** The newest alerts the feed has delivered, newest first. */
    async feed(limit: number): Promise<FeedAlert[]> {
      return db.query<FeedAlert>(
        `select a.id, a.body, a.created_at as "createdAt" from alert_outbox a
         join alert_deliveries d on d.alert_id = a.id and d.channel = $2 and d.status = 'delivered'
         order by a.created_at desc, a.id desc limit $1`,
        [limit, FEED_CHANNEL],
      );
    },
  };
}
