import type { AlertBody } from '../alerts/alert-body.ts';
import type { Queryable } from './database.ts';

export interface ClaimedDelivery {
  id: string;
  body: AlertBody;
  /** Including the one this claim is for. */
  attempts: number;
  /** Its rule lets it through quiet hours, cooldowns and caps. */
  urgent: boolean;
}

/** A channel's recent sending, for its pacing. */
export interface SentHistory {
  /** Epoch ms of the last message; null: none yet. */
  lastSentAt: number | null;
  /** Messages since `since` (a grouped one counts once). */
  sentToday: number;
}

export interface DeadDelivery {
  id: string;
  channel: string;
  type: string;
  attempts: number;
  reason: string | null;
  createdAt: Date;
  deadAt: Date;
}

/** Every channel's deliveries: given up ones, and replaying them. */
export function alertDeliveriesRepository(db: Queryable) {
  return {
    async listDead(limit: number): Promise<DeadDelivery[]> {
      return db.query<DeadDelivery>(
        `select d.alert_id as id, d.channel, a.body->>'type' as type, d.attempts, d.last_error as reason, d.created_at as "createdAt", d.dead_at as "deadAt"
         from alert_deliveries d join alert_outbox a on a.id = d.alert_id
         where d.status = 'dead' order by d.dead_at desc, d.alert_id, d.channel limit $1`,
        [limit],
      );
    },

    /**
     * The alert's dead deliveries (on one channel, or all of them) back in line, due now, with their attempts
     * counted afresh; returns the channels put back, none when no delivery of it is dead.
     */
    async retryDead(id: string, channel: string | undefined): Promise<string[]> {
      const rows = await db.query<{ channel: string }>(
        `update alert_deliveries set status = 'pending', attempts = 0, next_attempt_at = now(), dead_at = null
         where alert_id = $1 and status = 'dead' and ($2::text is null or channel = $2) returning channel`,
        [id, channel ?? null],
      );
      return rows.map((r) => r.channel).sort();
    },
  };
}

/** One channel's deliveries, claimed and settled by its sender. */
export function channelDeliveriesRepository(db: Queryable, channel: string) {
  return {
    /**
     * Takes up to `limit` deliveries that are due and that no live claim holds, for `leaseMs`; other senders
     * skip the rows locked meanwhile, so each goes out from one of them.
     */
    async claim(limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
      return db.query<ClaimedDelivery>(
        `update alert_deliveries d set claimed_until = now() + make_interval(secs => $2::float8 / 1000), attempts = d.attempts + 1
         from alert_outbox a
         where a.id = d.alert_id and d.channel = $3 and d.alert_id in (
           select alert_id from alert_deliveries
           where channel = $3 and status = 'pending' and next_attempt_at <= now() and (claimed_until is null or claimed_until < now())
           order by next_attempt_at limit $1
           for update skip locked)
         returning d.alert_id as id, a.body, d.attempts, a.urgent`,
        [limit, leaseMs, channel],
      );
    },

    /** `note` says how, when it was not a plain send (a dry run); `messageId`, the grouped message or digest it went in. */
    async delivered(id: string, note?: string, messageId?: string): Promise<void> {
      await db.query(
        `update alert_deliveries set status = 'delivered', delivered_at = now(), claimed_until = null, last_error = $3, message_id = $4
         where alert_id = $1 and channel = $2`,
        [id, channel, note ?? null, messageId ?? null],
      );
    },

    /** Held by the channel's pacing until then: the claim let go, the attempt not counted. */
    async holdUntil(ids: readonly string[], untilMs: number): Promise<void> {
      await db.query(
        `update alert_deliveries set next_attempt_at = to_timestamp($3::float8 / 1000), claimed_until = null, attempts = greatest(attempts - 1, 0)
         where alert_id = any($1::text[]) and channel = $2`,
        [ids, channel, untilMs],
      );
    },

    /** Held for the channel's next digest. */
    async deferToDigest(ids: readonly string[]): Promise<void> {
      await db.query(
        `update alert_deliveries set status = 'deferred', claimed_until = null, attempts = greatest(attempts - 1, 0), last_error = 'held for the next digest'
         where alert_id = any($1::text[]) and channel = $2`,
        [ids, channel],
      );
    },

    /** What was held for the digest, oldest first. */
    async deferred(limit: number): Promise<Array<{ id: string; body: AlertBody }>> {
      return db.query(
        `select d.alert_id as id, a.body from alert_deliveries d join alert_outbox a on a.id = d.alert_id
         where d.channel = $1 and d.status = 'deferred' order by d.created_at, d.alert_id limit $2`,
        [channel, limit],
      );
    },

    /** Delivered inside a digest (or a grouped message): each held delivery marked so, with that message's id. */
    async deliveredWithin(ids: readonly string[], messageId: string): Promise<void> {
      if (ids.length === 0) return;
      await db.query(
        `update alert_deliveries set status = 'delivered', delivered_at = now(), claimed_until = null, last_error = null, message_id = $3
         where alert_id = any($1::text[]) and channel = $2`,
        [ids, channel, messageId],
      );
    },

    async sentHistory(sinceMs: number): Promise<SentHistory> {
      const [row] = await db.query<{ last: number | null; count: number }>(
        `select (select (extract(epoch from max(delivered_at)) * 1000)::float8 from alert_deliveries where channel = $1 and status = 'delivered') as last,
                (select count(distinct coalesce(message_id, alert_id))::int from alert_deliveries
                 where channel = $1 and status = 'delivered' and delivered_at >= to_timestamp($2::float8 / 1000)) as count`,
        [channel, sinceMs],
      );
      return { lastSentAt: row?.last ?? null, sentToday: row?.count ?? 0 };
    },

    async retryLater(id: string, delayMs: number, reason: string): Promise<void> {
      await db.query(
        `update alert_deliveries set next_attempt_at = now() + make_interval(secs => $3::float8 / 1000), claimed_until = null, last_error = $4
         where alert_id = $1 and channel = $2`,
        [id, channel, delayMs, reason],
      );
    },

    /** Puts a claim back without counting the attempt: the alert was not at fault (its endpoint is disabled, the sender stopping). */
    async release(id: string): Promise<void> {
      await db.query('update alert_deliveries set claimed_until = null, attempts = greatest(attempts - 1, 0) where alert_id = $1 and channel = $2', [id, channel]);
    },

    async dead(id: string, reason: string): Promise<void> {
      await db.query(
        `update alert_deliveries set status = 'dead', dead_at = now(), claimed_until = null, last_error = $3 where alert_id = $1 and channel = $2`,
        [id, channel, reason],
      );
    },

    /** Milliseconds until the next pending delivery is due or its claim runs out; undefined when none waits. */
    async nextDueInMs(): Promise<number | undefined> {
      // Clamped here, not in SQL: greatest(0, null) is 0 there, which said "due now" with nothing waiting.
      const [row] = await db.query<{ ms: number | null }>(
        `select (extract(epoch from (min(greatest(next_attempt_at, coalesce(claimed_until, next_attempt_at))) - now())) * 1000)::float8 as ms
         from alert_deliveries where channel = $1 and status = 'pending'`,
        [channel],
      );
      return row?.ms == null ? undefined : Math.max(0, row.ms);
    },
  };
}
