import type { CustomerChange, DailySum, MovementKind, MrrInterval } from '../metrics/history/index.ts';
import type { Queryable } from './database.ts';

export interface CustomerRevenueRow {
  customerId: string;
  paying: boolean;
  nextChange: number | null;
}

interface MovementRow {
  customerId: string;
  at: number;
  kind: MovementKind;
  currency: string;
  amount: number;
  customersDelta: number;
  churnCounted: boolean;
}

/** The changes' rows: one per currency, with the customer-level facts on the first. */
function movementRows(customerId: string, changes: readonly CustomerChange[]): MovementRow[] {
  return changes.flatMap((change) =>
    change.amounts.map(({ currency, amount }, k) => ({
      customerId,
      at: change.at,
      kind: change.kind,
      currency,
      amount,
      customersDelta: k === 0 ? Number(change.payingAfter) - Number(change.payingBefore) : 0,
      churnCounted: k === 0 && change.churnCounted,
    })),
  );
}

/**
 * Rows back into changes, one per row: the same sums in a ledger, since a change's customer-level facts
 * ride on its first row only.
 */
const asChange = (row: MovementRow): CustomerChange & { customerId: string } => ({
  customerId: row.customerId,
  at: row.at,
  kind: row.kind,
  payingBefore: row.customersDelta < 0,
  payingAfter: row.customersDelta > 0,
  amounts: [{ currency: row.currency, amount: row.amount }],
  churnCounted: row.churnCounted,
});

export interface CustomerHistoryRows {
  customerId: string;
  intervals: readonly MrrInterval[];
  changes: readonly CustomerChange[];
  paying: boolean;
  nextChange: number | null;
}

/** Per customer: MRR intervals, classified changes, whether they pay now, and when time changes that. */
export function revenueHistoryRepository(db: Queryable) {
  return {
    /** Replaces these customers' history; returns what they had before. */
    async replace(
      histories: readonly CustomerHistoryRows[],
    ): Promise<{ changes: Array<CustomerChange & { customerId: string }>; customers: CustomerRevenueRow[] }> {
      if (histories.length === 0) return { changes: [], customers: [] };
      const ids = histories.map((h) => h.customerId);
      await db.query('delete from revenue_intervals where customer_id = any($1::text[])', [ids]);
      const oldMovements = await db.query<MovementRow>(
        `delete from revenue_movements where customer_id = any($1::text[])
         returning customer_id as "customerId", at, kind, currency, amount, customers_delta as "customersDelta", churn_counted as "churnCounted"`,
        [ids],
      );
      const oldCustomers = await db.query<CustomerRevenueRow>(
        `delete from revenue_customers where customer_id = any($1::text[])
         returning customer_id as "customerId", paying, next_change as "nextChange"`,
        [ids],
      );
      const intervals = histories.flatMap((h) => h.intervals);
      if (intervals.length > 0) {
        await db.query(
          `insert into revenue_intervals (customer_id, subscription_id, currency, start_at, end_at, mrr)
           select r."customerId", r."subscriptionId", r.currency, r.start, r."end", r.mrr
           from jsonb_to_recordset($1::jsonb) as r("customerId" text, "subscriptionId" text, currency text, start bigint, "end" bigint, mrr bigint)`,
          [JSON.stringify(intervals)],
        );
      }
      const movements = histories.flatMap((h) => movementRows(h.customerId, h.changes));
      if (movements.length > 0) {
        await db.query(
          `insert into revenue_movements (customer_id, at, kind, currency, amount, customers_delta, churn_counted)
           select r."customerId", r.at, r.kind, r.currency, r.amount, r."customersDelta", r."churnCounted"
           from jsonb_to_recordset($1::jsonb) as r("customerId" text, at bigint, kind text, currency text, amount bigint,
             "customersDelta" smallint, "churnCounted" boolean)`,
          [JSON.stringify(movements)],
        );
      }
      await db.query(
        `insert into revenue_customers (customer_id, paying, next_change)
         select r."customerId", r.paying, r."nextChange"
         from jsonb_to_recordset($1::jsonb) as r("customerId" text, paying boolean, "nextChange" bigint)`,
        [JSON.stringify(histories.map(({ customerId, paying, nextChange }) => ({ customerId, paying, nextChange })))],
      );
      return { changes: oldMovements.map(asChange), customers: oldCustomers };
    },

    /** Customers whose figures time alone changes by `now`. */
    async due(now: number, limit: number): Promise<string[]> {
      const rows = await db.query<{ customerId: string }>(
        'select customer_id as "customerId" from revenue_customers where next_change <= $1 order by next_change limit $2',
        [now, limit],
      );
      return rows.map((r) => r.customerId);
    },

    async nextChange(): Promise<number | null> {
      const [row] = await db.query<{ at: number | null }>('select min(next_change) as at from revenue_customers');
      return row?.at ?? null;
    },

    async payingCustomers(): Promise<number> {
      const [row] = await db.query<{ n: number }>('select count(*)::int as n from revenue_customers where paying');
      return row?.n ?? 0;
    },

    /** Every customer's changes summed per day, kind and currency: the ledger, read at start. */
    async dailySums(): Promise<DailySum[]> {
      return db.query<DailySum>(
        `select floor(at / 86400)::bigint as day, kind, currency, sum(amount)::bigint as amount,
                sum(customers_delta)::int as "payingDelta", (count(*) filter (where churn_counted))::int as churned
         from revenue_movements group by 1, 2, 3`,
      );
    },
  };
}
