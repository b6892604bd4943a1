import type { Alert, AlertBody } from '../alerts/alert-body.ts';
import type { Queryable } from './database.ts';

export interface ClaimedAlert {
  id: string;
  body: AlertBody;
  /** Including the one this claim is for. */
  attempts: number;
}

export interface DeadAlert {
  id: string;
  type: string;
  attempts: number;
  reason: string | null;
  createdAt: Date;
  deadAt: Date;
}

/** The alert outbox: written with the change behind each alert, claimed and settled by the senders. */
export function alertOutboxRepository(db: Queryable) {
  return {
    /** Alerts already written (same id) are left as they are. */
    async add(alerts: readonly Alert[]): Promise<void> {
      if (alerts.length === 0) return;
      await db.query(
        `insert into alert_outbox (id, body)
         select r.id, r.body from jsonb_to_recordset($1::jsonb) as r(id text, body jsonb)
         on conflict (id) do nothing`,
        [JSON.stringify(alerts)],
      );
    },

    /**
     * Takes up to `limit` alerts that are due and that no live claim holds, for `leaseMs`; other senders
     * skip the rows locked meanwhile, so each alert goes to one of them.
     */
    async claim(limit: number, leaseMs: number): Promise<ClaimedAlert[]> {
      return db.query<ClaimedAlert>(
        `update alert_outbox set claimed_until = now() + make_interval(secs => $2::float8 / 1000), attempts = attempts + 1
         where id in (
           select id from alert_outbox
           where status = 'pending' and next_attempt_at <= now() and (claimed_until is null or claimed_until < now())
           order by next_attempt_at limit $1
           for update skip locked)
         returning id, body, attempts`,
        [limit, leaseMs],
      );
    },

    async delivered(id: string): Promise<void> {
      await db.query(`update alert_outbox set status = 'delivered', delivered_at = now(), claimed_until = null, last_error = null where id = $1`, [id]);
    },

    async retryLater(id: string, delayMs: number, reason: string): Promise<void> {
      await db.query(
        `update alert_outbox set next_attempt_at = now() + make_interval(secs => $2::float8 / 1000), claimed_until = null, last_error = $3 where id = $1`,
        [id, delayMs, reason],
      );
    },

    /** Puts a claim back without counting the attempt: the alert was not at fault (its endpoint is disabled). */
    async release(id: string): Promise<void> {
      await db.query('update alert_outbox set claimed_until = null, attempts = greatest(attempts - 1, 0) where id = $1', [id]);
    },

    async dead(id: string, reason: string): Promise<void> {
      await db.query(`update alert_outbox set status = 'dead', dead_at = now(), claimed_until = null, last_error = $2 where id = $1`, [id, reason]);
    },

    async listDead(limit: number): Promise<DeadAlert[]> {
      return db.query<DeadAlert>(
        `select id, body->>'type' as type, attempts, last_error as reason, created_at as "createdAt", dead_at as "deadAt"
         from alert_outbox where status = 'dead' order by dead_at desc, id limit $1`,
        [limit],
      );
    },

    /** A dead alert back in line, due now, with its attempts counted afresh; false when none has this id. */
    async retryDead(id: string): Promise<boolean> {
      const rows = await db.query(
        `update alert_outbox set status = 'pending', attempts = 0, next_attempt_at = now(), dead_at = null where id = $1 and status = 'dead' returning id`,
        [id],
      );
      return rows.length > 0;
    },

    /** Milliseconds until the next pending alert is due or its claim runs out; undefined when none waits. */
    async nextDueInMs(): Promise<number | undefined> {
      // Clamped here, not in SQL: greatest(0, null) is 0 there, which said "due now" with nothing waiting.
      const [row] = await db.query<{ ms: number | null }>(
        `select (extract(epoch from (min(greatest(next_attempt_at, coalesce(claimed_until, next_attempt_at))) - now())) * 1000)::float8 as ms
         from alert_outbox where status = 'pending'`,
      );
      return row?.ms == null ? undefined : Math.max(0, row.ms);
    },
  };
}
