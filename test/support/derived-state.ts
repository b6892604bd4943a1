import type { Config } from '../../src/config/config.ts';
import { RevenueFigures } from '../../src/ingest/revenue-figures.ts';
import { mrrSeries, movementsSeries, formatDate } from '../../src/metrics/history/index.ts';
import { createRevenueService, type RevenueService } from '../../src/service/revenue-service.ts';
import type { Database, Queryable } from '../../src/store/database.ts';
import { openTestDatabase } from './test-database.ts';

/** Every derived table, each as sorted rows: what an incremental store and a rebuilt one must share. */
const DERIVED_TABLES: Record<string, string> = {
  revenue_subscriptions: 'select * from revenue_subscriptions',
  revenue_refs: 'select * from revenue_refs',
  // Line numbers only keep an invoice's lines apart; which line gets which number is immaterial.
  revenue_invoice_lines: 'select invoice_id, customer_id, subscription_id, invoice_created, currency, period_start, period_end, amount, price_id, discounts from revenue_invoice_lines',
  revenue_intervals: 'select * from revenue_intervals',
  revenue_movements: 'select * from revenue_movements',
  revenue_customers: 'select * from revenue_customers',
  revenue_charges: 'select * from revenue_charges',
  revenue_pending: 'select * from revenue_pending',
};

export async function derivedTables(db: Queryable): Promise<Record<string, string[]>> {
  const tables: Record<string, string[]> = {};
  for (const [name, sql] of Object.entries(DERIVED_TABLES)) {
    tables[name] = (await db.query(sql)).map((row) => JSON.stringify(row, Object.keys(row).sort())).sort();
  }
  return tables;
}

/** A store holding exactly `source`'s objects, with everything derived from scratch by a new service. */
export async function rebuiltFrom(
  source: Database,
  config: Config,
  nowSeconds: () => number,
): Promise<{ db: Database; service: RevenueService; drop: () => Promise<void> }> {
  const { db, drop } = await openTestDatabase();
  const objects = await source.query('select type, id, customer_id, data, created, version, deleted from stripe_objects');
  for (let i = 0; i < objects.length; i += 500) {
    await db.query(
      `insert into stripe_objects (type, id, customer_id, data, created, version, deleted)
       select r.type, r.id, r.customer_id, r.data, r.created, r.version, r.deleted
       from jsonb_to_recordset($1::jsonb) as r(type text, id text, customer_id text, data jsonb, created bigint, version bigint, deleted boolean)`,
      [JSON.stringify(objects.slice(i, i + 500))],
    );
  }
  const service = await createRevenueService({ config, db, stripe: undefined, source: 'stripe', nowSeconds });
  await service.derivationsSettled();
  return { db, service, drop: async () => (await service.close(), await drop()) };
}

/** What the figures and history say: compared between an incremental service and a rebuilt one. */
export function servedFigures(service: RevenueService, from: string) {
  const history = service.history();
  const to = formatDate(history.now);
  return {
    snapshot: service.view().snapshot,
    mrrByDay: mrrSeries(history.ledger, service.rates, { from, to, interval: 'day' }),
    movementsByMonth: movementsSeries(history.ledger, service.rates, { from, to, interval: 'month' }),
  };
}

/** The figures a fresh start would load from this store: the in-memory sums must equal them. */
export async function loadedSnapshot(db: Queryable, service: RevenueService) {
  return (await RevenueFigures.load(db, service.rates)).current();
}
