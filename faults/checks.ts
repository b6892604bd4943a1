/**
 * What must hold after a crash, read from the store while no service runs on it, and from the API once
 * the service has settled. Each check returns what differed (empty: it held) rather than throwing, so
 * that the campaign reports every mismatch with the kill that led to it.
 */
import { readdirSync } from 'node:fs';
import { loadConfig } from '../src/config/config.ts';
import type { EmulatorState } from '../src/emulator/index.ts';
import { toMajorUnits } from '../src/metrics/index.ts';
import { createRevenueService } from '../src/service/revenue-service.ts';
import type { Database } from '../src/store/database.ts';
import { derivedTables } from '../test/support/derived-state.ts';
import { expectedDefaultSnapshot } from '../test/support/expected-figures.ts';
import type { RevenueAnswer } from './service.ts';
import type { CampaignStore } from './store.ts';

export const MIGRATIONS = readdirSync(new URL('../src/store/migrations/', import.meta.url)).filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f)).length;

/** Acknowledged events: each stored (once: the id is the key). Returns the differences and how many wait unapplied. */
export async function acknowledgedStored(db: Database, acknowledged: string[]): Promise<{ problems: string[]; unapplied: number }> {
  const rows = await db.query<{ id: string; applied: boolean }>('select id, processed_at is not null as applied from stripe_events where id = any($1)', [acknowledged]);
  const stored = new Set(rows.map((r) => r.id));
  const missing = acknowledged.filter((id) => !stored.has(id));
  return {
    problems: missing.length > 0 ? [`${missing.length} acknowledged events not stored (e.g. ${missing.slice(0, 3).join(', ')})`] : [],
    unapplied: rows.filter((r) => !r.applied).length,
  };
}

/** After settling: every stored event applied (those refused or unanswered too, if they were stored). */
export async function everyStoredEventApplied(db: Database): Promise<string[]> {
  const rows = await db.query<{ id: string; attempts: number; last_error: string | null }>(
    'select id, attempts, last_error from stripe_events where processed_at is null order by arrival limit 3',
  );
  return rows.length === 0 ? [] : [`stored events left unapplied after settling: ${rows.map((r) => `${r.id} (${r.attempts} attempts: ${r.last_error})`).join('; ')}`];
}

/** The derived tables equal a rebuild from scratch of the same objects: no effect lost, none applied twice. */
export async function derivedEqualsRebuild(db: Database, store: CampaignStore): Promise<string[]> {
  const scratch = await store.scratch();
  try {
    const objects = await db.query('select type, id, customer_id, data, created, version, deleted from stripe_objects');
    for (let i = 0; i < objects.length; i += 500) {
      await scratch.db.query(
        `insert into stripe_objects (type, id, customer_id, data, created, version, deleted)
         select r.type, r.id, r.customer_id, r.data, r.created, r.version, r.deleted
         from jsonb_to_recordset($1::jsonb) as r(type text, id text, customer_id text, data jsonb, created bigint, version bigint, deleted boolean)`,
        [JSON.stringify(objects.slice(i, i + 500))],
      );
    }
    const service = await createRevenueService({ config: loadConfig({}), db: scratch.db, stripe: undefined, source: 'stripe' });
    await service.derivationsSettled();
    await service.close();
    const [kept, rebuilt] = [await derivedTables(db), await derivedTables(scratch.db)];
    const problems: string[] = [];
    for (const table of Object.keys(rebuilt)) {
      const extra = kept[table]!.filter((row) => !rebuilt[table]!.includes(row));
      const lacking = rebuilt[table]!.filter((row) => !kept[table]!.includes(row));
      if (extra.length + lacking.length > 0) problems.push(`${table}: ${extra.length} rows only in the store, ${lacking.length} only in the rebuild (e.g. ${(extra[0] ?? lacking[0])!.slice(0, 200)})`);
    }
    return problems;
  } finally {
    await scratch.drop();
  }
}

/** The served figures equal a clean recompute from the emulator's own objects. */
export function figuresMatch(served: RevenueAnswer, state: EmulatorState): string[] {
  const expected = expectedDefaultSnapshot(state);
  const want = {
    mrr: toMajorUnits(expected.mrr, expected.currency),
    customers: expected.payingCustomers,
    total_revenue: toMajorUnits(expected.totalRevenue, expected.currency),
    mrr_by_currency: Object.fromEntries(Object.entries(expected.mrrByCurrency).map(([c, minor]) => [c, toMajorUnits(minor, c)])),
  };
  const got = { mrr: served.mrr, customers: served.customers, total_revenue: served.total_revenue, mrr_by_currency: served.mrr_by_currency };
  const problems: string[] = [];
  for (const key of Object.keys(want) as Array<keyof typeof want>) {
    if (JSON.stringify(sorted(got[key])) !== JSON.stringify(sorted(want[key]))) problems.push(`${key}: served ${JSON.stringify(got[key])}, recomputed ${JSON.stringify(want[key])}`);
  }
  return problems;
}

const sorted = (value: unknown) => (typeof value === 'object' && value !== null ? Object.fromEntries(Object.entries(value).sort()) : value);

/** How far a migration got: 'before' (no table yet), 'during' (some applied), 'after' (all). */
export async function migrationStage(db: Database | undefined): Promise<'before' | 'during' | 'after'> {
  if (!db) return 'before';
  const [table] = await db.query<{ exists: boolean }>(`select to_regclass('schema_migrations') is not null as exists`);
  if (!table?.exists) return 'before';
  const [row] = await db.query<{ n: number }>('select count(*)::int as n from schema_migrations');
  return (row?.n ?? 0) < MIGRATIONS ? 'during' : 'after';
}
