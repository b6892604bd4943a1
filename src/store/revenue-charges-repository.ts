import type { ChargeRevenue } from '../metrics/index.ts';
import type { Queryable } from './database.ts';

export interface ChargeRevenueRow extends ChargeRevenue {
  chargeId: string;
}

/** Each charge's net revenue (rule 9), so a change to one moves the total by its difference alone. */
export function revenueChargesRepository(db: Queryable) {
  return {
    /** Removes the rows of `chargeIds` and adds `rows`; returns the removed ones. */
    async replace(chargeIds: readonly string[], rows: readonly ChargeRevenueRow[]): Promise<ChargeRevenueRow[]> {
      const old =
        chargeIds.length === 0
          ? []
          : await db.query<ChargeRevenueRow>(
              'delete from revenue_charges where charge_id = any($1::text[]) returning charge_id as "chargeId", currency, amount',
              [chargeIds],
            );
      if (rows.length > 0) {
        await db.query(
          `insert into revenue_charges (charge_id, currency, amount)
           select r."chargeId", r.currency, r.amount from jsonb_to_recordset($1::jsonb) as r("chargeId" text, currency text, amount bigint)`,
          [JSON.stringify(rows)],
        );
      }
      return old;
    },

    async sums(): Promise<Array<{ currency: string; amount: number }>> {
      return db.query('select currency, sum(amount)::bigint as amount from revenue_charges group by currency');
    },
  };
}
