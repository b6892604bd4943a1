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
    /**
     * Stores events in the order given; returns the ids that were new. An id already stored, or given
     * twice, is stored once: redeliveries change nothing.
     */
    async insert(events: ReadonlyArray<{ event: StripeEvent; source: EventSource }>): Promise<Set<string>> {
      if (events.length === 0) return new Set();
      const rows = await db.query<{ id: string }>(
        `insert into stripe_events (id, type, created, event, source)
         select r.event->>'id', r.event->>'type', (r.event->>'created')::bigint, r.event, r.source
         from rows from (jsonb_to_recordset($1::jsonb) as (event jsonb, source text)) with ordinality as r(event, source, n)
         order by r.n
         on conflict (id) do nothing returning id`,
        [JSON.stringify(events)],
      );
      return new Set(rows.map((r) => r.id));
    },

    /** Unapplied events in arrival order: the order that breaks same-second ties. */
    async unprocessed(limit: number): Promise<InboxEvent[]> {
      return db.query<InboxEvent>(
        'select id, event, attempts from stripe_events where processed_at is null order by arrival limit $1',
        [limit],
      );
    },

    async markProcessed(ids: readonly string[]): Promise<void> {
      await db.query('update stripe_events set processed_at = now(), last_error = null, attempts = attempts + 1 where id = any($1::text[])', [ids]);
    },

    /**
     * The newest arrival among the events waiting: every one up to it was sent by Stripe before this was
     * read. Only waiting events can be marked covered, and they are read through their own index.
     */
    async arrivalMark(): Promise<number> {
      const [row] = await db.query<{ mark: string | null }>('select arrival as mark from stripe_events where processed_at is null order by arrival desc limit 1');
      return Number(row?.mark ?? 0);
    },

    /**
     * Marks applied the waiting events about these objects that arrived up to `mark`, read before the
     * objects were re-fetched: the states fetched after Stripe sent them include their changes.
     */
    async markCovered(objectIds: readonly string[], mark: number): Promise<void> {
      if (objectIds.length === 0) return;
      await db.query(
        `update stripe_events set processed_at = now(), last_error = null
         where processed_at is null and object_id = any($1::text[]) and arrival <= $2`,
        [objectIds, mark],
      );
    },

    async markFailed(id: string, error: string): Promise<void> {
      await db.query('update stripe_events set attempts = attempts + 1, last_error = $2 where id = $1', [id, error]);
    },

    /** The `created` of the newest stored event: where a catch-up after downtime starts. */
    async newestCreated(): Promise<number | undefined> {
      const [row] = await db.query<{ created: number | null }>('select max(created) as created from stripe_events');
      return row?.created ?? undefined;
    },

    async backlog(): Promise<{ pendingEvents: number; oldestPendingAt: Date | null }> {
      const [row] = await db.query<{ pendingEvents: number; oldestPendingAt: Date | string | null }>(
        'select count(*)::int as "pendingEvents", min(received_at) as "oldestPendingAt" from stripe_events where processed_at is null',
      );
      const oldest = row?.oldestPendingAt ?? null;
      return { pendingEvents: row?.pendingEvents ?? 0, oldestPendingAt: oldest === null ? null : new Date(oldest) };
    },
  };
}

export type EventsRepository = ReturnType<typeof eventsRepository>;
