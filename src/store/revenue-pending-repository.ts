import type { Queryable } from './database.ts';

/** A subscription's price; all of a customer's prices and their history; or a customer's history alone. */
export type PendingKind = 'subscription' | 'customer' | 'history';

export interface PendingDerivation {
  kind: PendingKind;
  id: string;
  /** The customer it belongs to: what is owed for one customer is done together. */
  customerId: string;
}

/**
 * Derivations owed, written in the transaction of the change that owes them, so none is lost to a
 * crash. Every price derived is followed by its customer's history.
 */
export function revenuePendingRepository(db: Queryable) {
  return {
    async add(entries: readonly PendingDerivation[], heldBySync = false): Promise<void> {
      if (entries.length === 0) return;
      await db.query(
        `insert into revenue_pending (kind, id, customer_id, held_by_sync)
         select distinct on (r.kind, r.id) r.kind, r.id, r."customerId", $2::boolean
         from jsonb_to_recordset($1::jsonb) as r(kind text, id text, "customerId" text)
         on conflict (kind, id) do update set held_by_sync = revenue_pending.held_by_sync and excluded.held_by_sync`,
        [JSON.stringify(entries), heldBySync],
      );
    },

    /**
     * Removes and returns everything owed for up to `customers` customers, leaving what a running sync
     * holds: the caller derives it in its transaction.
     */
    async take(customers: number): Promise<PendingDerivation[]> {
      // Two statements: folded into one, the planner may scan the whole table once per deleted row.
      const next = await db.query<{ customerId: string }>(
        `select distinct customer_id as "customerId" from revenue_pending where not held_by_sync order by customer_id limit $1`,
        [customers],
      );
      if (next.length === 0) return [];
      return db.query<PendingDerivation>(
        `delete from revenue_pending where not held_by_sync and customer_id = any($1::text[])
         returning kind, id, customer_id as "customerId"`,
        [next.map((row) => row.customerId)],
      );
    },

    /** What a sync held back, released once it has listed everything history needs (or stopped). */
    async release(): Promise<void> {
      await db.query('update revenue_pending set held_by_sync = false where held_by_sync');
    },
  };
}
