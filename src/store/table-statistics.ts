import type { Queryable } from './database.ts';

/** The tables a sync rewrites in bulk, and those the derivation after it fills. */
export const SYNCED_TABLES = ['stripe_objects', 'revenue_invoice_lines', 'revenue_refs'] as const;
export const DERIVED_TABLES = [
  'revenue_subscriptions',
  'revenue_intervals',
  'revenue_movements',
  'revenue_customers',
  'revenue_charges',
  'revenue_pending',
] as const;

type Table = (typeof SYNCED_TABLES)[number] | (typeof DERIVED_TABLES)[number];

/**
 * PGlite never vacuums or analyzes on its own, and a server may run without autovacuum: after a bulk
 * write the planner would plan from an empty table's statistics, and each re-sync's replaced rows would
 * stay as dead space. Each table is its own statement, so other work interleaves between them.
 */
export async function analyzeTables(db: Queryable, tables: readonly Table[]): Promise<void> {
  for (const table of tables) await db.query(`analyze ${table}`);
}

/** Reclaims the rows a sync replaced and refreshes statistics; outside any transaction. */
export async function vacuumTables(db: Queryable, tables: readonly Table[]): Promise<void> {
  for (const table of tables) await db.query(`vacuum (analyze) ${table}`);
}
