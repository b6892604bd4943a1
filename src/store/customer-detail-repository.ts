import type { MovementKind } from '../metrics/history/index.ts';
import type { Queryable } from './database.ts';

export interface CustomerObjectRow {
  id: string;
  name: string | null;
  email: string | null;
  created: number | null;
}

export interface CustomerSubscriptionRow {
  id: string;
  /** The stored Stripe subscription; null when only its derived row is stored. */
  data: Record<string, unknown> | null;
  /** From revenue_subscriptions; null when the subscription is stored but counts toward no MRR. */
  currency: string | null;
  mrr: number | null;
  startDate: number | null;
  endedAt: number | null;
}

export interface CustomerMovementRow {
  at: number;
  kind: MovementKind;
  currency: string;
  amount: number;
}

export interface CustomerIntervalRow {
  currency: string;
  start: number;
  end: number | null;
  mrr: number;
}

/** One customer's object, subscriptions, MRR changes and MRR intervals, each read by customer id (indexed). */
export function customerDetailRepository(db: Queryable) {
  return {
    async customer(id: string): Promise<CustomerObjectRow | undefined> {
      const [row] = await db.query<CustomerObjectRow>(
        `select id, data->>'name' as name, data->>'email' as email, created
         from stripe_objects where type = 'customer' and id = $1 and not deleted`,
        [id],
      );
      return row;
    },

    /** The customers whose e-mail is this one, ignoring case, by id. */
    async idsWithEmail(email: string): Promise<string[]> {
      const rows = await db.query<{ id: string }>(
        `select id from stripe_objects where type = 'customer' and not deleted and lower(data->>'email') = lower($1) order by id`,
        [email],
      );
      return rows.map((row) => row.id);
    },

    async subscriptions(customerId: string): Promise<CustomerSubscriptionRow[]> {
      return db.query<CustomerSubscriptionRow>(
        `select coalesce(s.subscription_id, o.id) as id, o.data, s.currency, s.mrr, s.start_date as "startDate", s.ended_at as "endedAt"
         from (select * from revenue_subscriptions where customer_id = $1) s
         full join (select id, data from stripe_objects where type = 'subscription' and customer_id = $1 and not deleted) o
           on o.id = s.subscription_id
         order by coalesce(s.start_date, (o.data->>'created')::bigint) desc, 1`,
        [customerId],
      );
    },

    /** Newest first. */
    async movements(customerId: string): Promise<CustomerMovementRow[]> {
      return db.query<CustomerMovementRow>(
        'select at, kind, currency, amount from revenue_movements where customer_id = $1 order by at desc, currency',
        [customerId],
      );
    },

    async intervals(customerId: string): Promise<CustomerIntervalRow[]> {
      return db.query<CustomerIntervalRow>(
        'select currency, start_at as start, end_at as "end", mrr from revenue_intervals where customer_id = $1',
        [customerId],
      );
    },
  };
}
