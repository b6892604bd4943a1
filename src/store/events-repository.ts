import type { StripeEvent } from '../metrics/stripe-shapes.ts';
import type { Queryable } from './database.ts';

export type EventSource = 'webhook' | 'catch_up';

/** Events received but not applied yet: how far the figures are behind what Stripe has said. */
export interface Backlog {
  /** Waiting to be applied, those retrying included; not those set aside. */
  pendingEvents: number;
  /** When the oldest of them was received. */
  oldestPendingAt: Date | null;
  /** Waiting after a failed attempt. */
  retryingEvents: number;
  /** Set aside: they can't be applied until someone retries them. */
  deadEvents: number;
  /** The most recent failure's reason, of an event retrying or set aside. */
  lastEventError: string | null;
}

export interface DeadEvent {
  id: string;
  type: string;
  created: number;
  attempts: number;
  reason: string;
  receivedAt: Date;
  deadAt: Date;
}

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

    /**
     * Events to apply now, in arrival order (the order that breaks same-second ties): not applied, not
     * set aside, and not waiting out a back-off.
     */
    async waiting(limit: number): Promise<InboxEvent[]> {
      return db.query<InboxEvent>(
        `select id, event, attempts from stripe_events
         where processed_at is null and dead_at is null and (retry_at is null or retry_at <= now())
         order by arrival limit $1`,
        [limit],
      );
    },

    /** How long until the first event waiting out a back-off is due; undefined when none is. */
    async nextRetryInMs(): Promise<number | undefined> {
      const [row] = await db.query<{ ms: number | string | null }>(
        `select extract(epoch from min(retry_at) - now()) * 1000 as ms from stripe_events
         where processed_at is null and dead_at is null and retry_at is not null`,
      );
      return row?.ms == null ? undefined : Math.max(0, Math.ceil(Number(row.ms)));
    },

    async markProcessed(ids: readonly string[]): Promise<void> {
      await db.query('update stripe_events set processed_at = now(), last_error = null, attempts = attempts + 1 where id = any($1::text[])', [ids]);
    },

    /**
     * The newest arrival among the events waiting: every one up to it was sent by Stripe before this was
     * read. Only waiting events can be marked covered, and they are read through their own index.
     */
    async arrivalMark(): Promise<number> {
      const [row] = await db.query<{ mark: string | null }>(
        'select arrival as mark from stripe_events where processed_at is null and dead_at is null order by arrival desc limit 1',
      );
      return Number(row?.mark ?? 0);
    },

    /**
     * Marks applied the unapplied events about these objects that arrived up to `mark`, read before the
     * objects were re-fetched: the states fetched after Stripe sent them include their changes, even of
     * events set aside because their own re-fetch failed.
     */
    /** Returns how many were marked. */
    async markCovered(objectIds: readonly string[], mark: number): Promise<number> {
      if (objectIds.length === 0) return 0;
      const rows = await db.query(
        `update stripe_events set processed_at = now(), last_error = null
         where processed_at is null and object_id = any($1::text[]) and arrival <= $2
         returning 1`,
        [objectIds, mark],
      );
      return rows.length;
    },

    /**
     * A failed attempt: the events wait `baseMs` doubled per attempt so far (at most `maxMs`), or are set
     * aside once they have had `deadAfter` attempts. Returns the ids set aside.
     */
    async markRetry(ids: readonly string[], reason: string, backoff: { baseMs: number; maxMs: number; deadAfter: number }): Promise<string[]> {
      const rows = await db.query<{ id: string; dead: boolean }>(
        `update stripe_events set attempts = attempts + 1, last_error = $2,
           retry_at = now() + least($3 * power(2, least(attempts, 30)), $4) * interval '1 millisecond',
           dead_at = case when attempts + 1 >= $5 then now() end
         where id = any($1::text[]) and processed_at is null
         returning id, dead_at is not null as dead`,
        [ids, reason, backoff.baseMs, backoff.maxMs, backoff.deadAfter],
      );
      return rows.filter((r) => r.dead).map((r) => r.id);
    },

    /** Sets events aside, with the reason they can't be applied. */
    async markDead(ids: readonly string[], reason: string): Promise<void> {
      await db.query(
        'update stripe_events set attempts = attempts + 1, last_error = $2, dead_at = now() where id = any($1::text[]) and processed_at is null',
        [ids, reason],
      );
    },

    /** The events set aside, the most recent first. */
    async dead(limit: number): Promise<DeadEvent[]> {
      const rows = await db.query<Omit<DeadEvent, 'deadAt' | 'receivedAt'> & { deadAt: Date | string; receivedAt: Date | string }>(
        `select id, type, created, attempts, last_error as reason, received_at as "receivedAt", dead_at as "deadAt"
         from stripe_events where processed_at is null and dead_at is not null
         order by dead_at desc, arrival desc limit $1`,
        [limit],
      );
      return rows.map((r) => ({ ...r, receivedAt: new Date(r.receivedAt), deadAt: new Date(r.deadAt) }));
    },

    /** Puts events set aside back in line, as new; `undefined` revives every one. Returns the ids revived. */
    async revive(ids: readonly string[] | undefined): Promise<string[]> {
      const rows = await db.query<{ id: string }>(
        `update stripe_events set dead_at = null, retry_at = null, attempts = 0
         where processed_at is null and dead_at is not null and ($1::text[] is null or id = any($1::text[]))
         returning id`,
        [ids ?? null],
      );
      return rows.map((r) => r.id);
    },

    /** The `created` of the newest stored event: where a catch-up after downtime starts. */
    async newestCreated(): Promise<number | undefined> {
      const [row] = await db.query<{ created: number | null }>('select max(created) as created from stripe_events');
      return row?.created ?? undefined;
    },

    /** The newest webhook stored: when, and the mode Stripe sent it in. */
    async newestWebhook(): Promise<{ receivedAt: Date; livemode: boolean | null } | undefined> {
      const [row] = await db.query<{ receivedAt: Date | string; livemode: boolean | null }>(
        `select received_at as "receivedAt", (event->>'livemode')::boolean as livemode
         from stripe_events where source = 'webhook' order by arrival desc limit 1`,
      );
      return row === undefined ? undefined : { receivedAt: new Date(row.receivedAt), livemode: row.livemode };
    },

    async backlog(): Promise<Backlog> {
      const [row] = await db.query<Omit<Backlog, 'oldestPendingAt'> & { oldestPendingAt: Date | string | null }>(
        `select count(*) filter (where dead_at is null)::int as "pendingEvents",
           min(received_at) filter (where dead_at is null) as "oldestPendingAt",
           count(*) filter (where dead_at is null and last_error is not null)::int as "retryingEvents",
           count(*) filter (where dead_at is not null)::int as "deadEvents",
           (array_agg(last_error order by coalesce(dead_at, retry_at) desc) filter (where last_error is not null))[1] as "lastEventError"
         from stripe_events where processed_at is null`,
      );
      const oldest = row?.oldestPendingAt ?? null;
      return {
        pendingEvents: row?.pendingEvents ?? 0,
        oldestPendingAt: oldest === null ? null : new Date(oldest),
        retryingEvents: row?.retryingEvents ?? 0,
        deadEvents: row?.deadEvents ?? 0,
        lastEventError: row?.lastEventError ?? null,
      };
    },
  };
}

export type EventsRepository = ReturnType<typeof eventsRepository>;
