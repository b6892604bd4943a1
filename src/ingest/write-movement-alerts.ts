import { movementBodies, newRecentChanges, type CustomerMovements } from '../alerts/movement-alerts.ts';
import type { CustomerChange } from '../metrics/history/index.ts';
import type { RatesConfig } from '../metrics/index.ts';
import type { StripeCustomer } from '../metrics/stripe-shapes.ts';
import type { Queryable } from '../store/database.ts';
import { objectsRepository } from '../store/objects-repository.ts';
import type { CustomerHistoryRows, CustomerRevenueRow } from '../store/revenue-history-repository.ts';
import type { AlertSettings } from './derivation-context.ts';
import { writeRoutedAlerts, type WithMetadata } from './write-routed-alerts.ts';

/**
 * The old history comes back one row per currency: its changes are put back together (same instant and
 * kind), amounts sorted by currency as a derivation sorts them, to be compared with the new ones.
 */
function oldChangesByCustomer(rows: ReadonlyArray<CustomerChange & { customerId: string }>): Map<string, CustomerChange[]> {
  const joined = new Map<string, CustomerChange & { customerId: string }>();
  for (const row of rows) {
    const key = `${row.customerId}:${row.at}:${row.kind}`;
    const seen = joined.get(key);
    if (seen === undefined) joined.set(key, { ...row, amounts: [...row.amounts] });
    else seen.amounts.push(...row.amounts);
  }
  const byCustomer = new Map<string, CustomerChange[]>();
  for (const change of joined.values()) {
    change.amounts.sort((a, b) => a.currency.localeCompare(b.currency));
    byCustomer.set(change.customerId, [...(byCustomer.get(change.customerId) ?? []), change]);
  }
  return byCustomer;
}

/**
 * Writes the alerts the rules make of each recent movement these derivations brought, in their
 * transaction (the outbox): they commit with the change behind them or not at all. Customers' names are read only for those alerted.
 */
export async function writeMovementAlerts(
  tx: Queryable,
  histories: readonly CustomerHistoryRows[],
  old: { changes: ReadonlyArray<CustomerChange & { customerId: string }>; customers: readonly CustomerRevenueRow[] },
  ctx: { now: number; rates: RatesConfig; alerts: AlertSettings },
): Promise<void> {
  // No rule about movements: nothing to compare or read.
  if (!ctx.alerts.rules.some((rule) => rule.kind === 'movement')) return;
  const oldChanges = oldChangesByCustomer(old.changes);
  const oldNextChange = new Map(old.customers.map((c) => [c.customerId, c.nextChange]));
  const moved: CustomerMovements[] = histories
    .map((h) => ({
      customerId: h.customerId,
      changes: h.changes,
      intervals: h.intervals,
      oldChanges: oldChanges.get(h.customerId) ?? [],
      oldNextChange: oldNextChange.get(h.customerId) ?? null,
    }))
    .filter((customer) => newRecentChanges(customer, ctx.now).length > 0);
  if (moved.length === 0) return;
  const customers = new Map(
    (await objectsRepository(tx).getMany<StripeCustomer & WithMetadata>('customer', moved.map((c) => c.customerId))).map((r) => [r.id, r.data]),
  );
  const customer = (id: string) => ({ name: customers.get(id)?.name ?? null, email: customers.get(id)?.email ?? null });
  const livemode = ctx.alerts.livemode();
  const bodies = moved.flatMap((m) => movementBodies(m, { now: ctx.now, rates: ctx.rates, livemode, customer }));
  await writeRoutedAlerts(tx, bodies, ctx.alerts, customers);
}
