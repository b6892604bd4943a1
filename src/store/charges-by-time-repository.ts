import type { Queryable } from './database.ts';

export interface StoredCharge {
  id: string;
  customerId: string | null;
  created: number;
  data: { status?: string; currency?: string; amount?: number; amount_captured?: number; amount_refunded?: number };
  name: string | null;
  email: string | null;
}

/** Charges by their `created` time, through the index stripe_objects_type_created (migration 008). */
export function chargesByTimeRepository(db: Queryable) {
  return {
    /** The latest `limit` charges created at or before `now`, newest first, with their customer's name and e-mail. */
    async latest(limit: number, now: number): Promise<StoredCharge[]> {
      return db.query<StoredCharge>(
        `select ch.id, ch.customer_id as "customerId", ch.created, ch.data, c.data->>'name' as name, c.data->>'email' as email
         from (select id, customer_id, created, data from stripe_objects
               where type = 'charge' and not deleted and created <= $2 order by created desc, id desc limit $1) ch
         left join stripe_objects c on c.type = 'customer' and c.id = ch.customer_id
         order by ch.created desc, ch.id desc`,
        [limit, now],
      );
    },

    /** Net revenue (revenue_charges) per currency of the charges created after `since`. */
    async netSince(since: number): Promise<Array<{ currency: string; amount: number }>> {
      return db.query(
        `select r.currency, sum(r.amount)::bigint as amount
         from stripe_objects o join revenue_charges r on r.charge_id = o.id
         where o.type = 'charge' and o.created > $1 group by r.currency`,
        [since],
      );
    },
  };
}
