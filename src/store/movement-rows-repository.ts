import type { MovementKind } from '../metrics/history/index.ts';
import type { Queryable } from './database.ts';

/** One currency of one customer's MRR change, with who the customer is (null when their object is not stored). */
export interface NamedMovementRow {
  customerId: string;
  at: number;
  kind: MovementKind;
  currency: string;
  amount: number;
  name: string | null;
  email: string | null;
}

const SELECT = `select m.customer_id as "customerId", m.at, m.kind, m.currency, m.amount,
       c.data->>'name' as name, c.data->>'email' as email`;
const JOIN_CUSTOMER = `left join stripe_objects c on c.type = 'customer' and c.id = m.customer_id`;

/** The stored MRR changes (revenue_movements), read by time through revenue_movements_at. */
export function movementRowsRepository(db: Queryable) {
  return {
    /** Every change in [start, end). */
    async between(start: number, end: number): Promise<NamedMovementRow[]> {
      return db.query<NamedMovementRow>(`${SELECT} from revenue_movements m ${JOIN_CUSTOMER} where m.at >= $1 and m.at < $2`, [start, end]);
    },

    /** The latest `limit` rows at or before `now`, newest first. */
    async latest(limit: number, now: number): Promise<NamedMovementRow[]> {
      return db.query<NamedMovementRow>(
        `${SELECT} from (select * from revenue_movements where at <= $2 order by at desc limit $1) m ${JOIN_CUSTOMER}
         order by m.at desc, m.customer_id, m.currency`,
        [limit, now],
      );
    },
  };
}
