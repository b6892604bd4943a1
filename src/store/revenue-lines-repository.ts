import type { CountedLine } from '../metrics/history/index.ts';
import type { Queryable } from './database.ts';

const COLUMNS = `invoice_id as "invoiceId", invoice_created as "invoiceCreated", customer_id as "customerId", currency,
  subscription_id as "subscriptionId", period_start as "start", period_end as "end", amount, price_id as "priceId", discounts`;

/** The counted lines of paid and open invoices: all history reads of an invoice. */
export function revenueLinesRepository(db: Queryable) {
  return {
    /**
     * Removes the lines of `invoiceIds` and adds `lines` (an invoice with none left, void say, has none).
     * Returns the customers whose lines were removed.
     */
    async replace(invoiceIds: readonly string[], lines: readonly CountedLine[]): Promise<string[]> {
      const removed =
        invoiceIds.length === 0
          ? []
          : await db.query<{ customerId: string }>(
              'delete from revenue_invoice_lines where invoice_id = any($1::text[]) returning customer_id as "customerId"',
              [invoiceIds],
            );
      const customers = [...new Set(removed.map((r) => r.customerId))];
      if (lines.length === 0) return customers;
      await db.query(
        `insert into revenue_invoice_lines (invoice_id, line_number, customer_id, subscription_id, invoice_created, currency,
           period_start, period_end, amount, price_id, discounts)
         select r."invoiceId", (row_number() over (partition by r."invoiceId"))::int, r."customerId", r."subscriptionId",
                r."invoiceCreated", r.currency, r.start, r."end", r.amount, r."priceId", r.discounts
         from jsonb_to_recordset($1::jsonb) as r("invoiceId" text, "customerId" text, "subscriptionId" text, "invoiceCreated" bigint,
           currency text, start bigint, "end" bigint, amount bigint, "priceId" text, discounts jsonb)`,
        [JSON.stringify(lines)],
      );
      return customers;
    },

    /** In each invoice's line order. */
    async byCustomers(customerIds: readonly string[]): Promise<CountedLine[]> {
      if (customerIds.length === 0) return [];
      return db.query<CountedLine>(
        `select ${COLUMNS} from revenue_invoice_lines where customer_id = any($1::text[]) order by invoice_created, invoice_id, line_number`,
        [customerIds],
      );
    },
  };
}
