import type { StripeEvent } from '../metrics/stripe-shapes.ts';
import type { Queryable } from './database.ts';

export type EventSource = 'webhook' | 'catch_up';

export interface InboxEvent {
  id: string;
  event: StripeEvent;
  attempts: number;
}

export function eventsRepository(db: Queryable) {
  return {
    /** False when the event was already stored: a redelivery, which changes nothing. */
    async insert(event: StripeEvent, source: EventSource): Promise<boolean> {
      const rows = await db.query(
        `insert into stripe_events (id, type, created, event, source) values ($1, $2, $3, $4::jsonb, $5)
         on conflict (id) do nothing returning id`,
        [event.id, event.type, event.created, JSON.stringify(event), source],
      );
      return rows.length === 1;
    },

    /** Unapplied events in arrival order: the order that breaks same-second ties. */
    async unprocessed(limit: number): Promise<InboxEvent[]> {
      return db.query<InboxEvent>(
        'select id, event, attempts from stripe_events where processed_at is null order by arrival limit $1',
        [limit],
      );
    },

    async markProcessed(id: string): Promise<void> {
      await db.query('update stripe_events set processed_at = now(), last_error = null, attempts = attempts + 1 where id = $1', [id]);
    },

    async markFailed(id: string, error: string): Promise<void> {
      await db.query('update stripe_events set attempts = attempts + 1, last_error = $2 where id = $1', [id, error]);
    },

    /** The `created` of the newest stored event: where a catch-up after downtime starts. */
    async newestCreated(): Promise<number | undefined> {
      const [row] = await db.query<{ created: number | null }>('select max(created) as created from stripe_events');
      return row?.created ?? undefined;
    },

    async countUnprocessed(): Promise<number> {
      const [row] = await db.query<{ n: number }>('select count(*)::int as n from stripe_events where processed_at is null');
      return row?.n ?? 0;
    },
  };
}

export type EventsRepository = ReturnType<typeof eventsRepository>;
