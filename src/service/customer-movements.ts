import { customerMovementAmounts, LedgerCursor, type CustomerMovement } from '../metrics/history/index.ts';
import type { HistoryView, RevenueService } from './revenue-service.ts';

export interface NamedCustomerMovement extends CustomerMovement {
  name: string | null;
  email: string | null;
}

/**
 * Each customer's MRR changes in [start, end) (unix seconds), in reporting minor units, largest first.
 * Rounded as the movement bars are (see customerMovementAmounts), so they sum exactly to the change of
 * MRR between the two instants.
 */
export async function customerMovementsBetween(service: Pick<RevenueService, 'reads' | 'rates'>, history: HistoryView, start: number, end: number): Promise<NamedCustomerMovement[]> {
  const rows = end > start ? await service.reads.movements.between(start, end) : [];
  const cursor = new LedgerCursor(history.ledger, service.rates);
  cursor.advanceTo(start - 1);
  const who = new Map(rows.map((row) => [row.customerId, { name: row.name, email: row.email }]));
  return customerMovementAmounts(rows, cursor.totals, service.rates).map((m) => ({ ...m, ...who.get(m.customerId)! }));
}
