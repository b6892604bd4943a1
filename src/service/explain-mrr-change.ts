import { DAY_SECONDS, mrrSeries, parseDate, type MovementKind } from '../metrics/history/index.ts';
import { customerMovementsBetween, type NamedCustomerMovement } from './customer-movements.ts';
import type { HistoryView, RevenueService } from './revenue-service.ts';

export const MOVEMENT_TYPES: readonly MovementKind[] = ['new', 'expansion', 'contraction', 'churn', 'reactivation'];

export interface CustomerMrrChange {
  customerId: string;
  name: string | null;
  email: string | null;
  /** Reporting minor units. */
  change: number;
  movements: NamedCustomerMovement[];
}

/** Reporting minor units: `change` is mrrAtTo − mrrAtFrom, and so are the types' sum and the customers'. */
export interface MrrChangeExplained {
  mrrAtFrom: number;
  mrrAtTo: number;
  change: number;
  byType: Record<MovementKind, number>;
  /** Largest change first (then by id). */
  customers: CustomerMrrChange[];
}

/** Each customer's movements in the window, grouped, largest net change first (then by id). */
function byCustomer(movements: readonly NamedCustomerMovement[]): CustomerMrrChange[] {
  const customers = new Map<string, CustomerMrrChange>();
  for (const m of movements) {
    const entry = customers.get(m.customerId) ?? { customerId: m.customerId, name: m.name, email: m.email, change: 0, movements: [] };
    entry.change += m.amount;
    entry.movements.push(m);
    customers.set(m.customerId, entry);
  }
  return [...customers.values()].sort((a, b) => Math.abs(b.change) - Math.abs(a.change) || (a.customerId < b.customerId ? -1 : 1));
}

/**
 * Why MRR moved from the end of day `from` to the end of day `to` (YYYY-MM-DD, UTC, as GET /api/metrics/mrr
 * measures): by movement type and by customer, to the cent. explain_change and the digests both say this.
 */
export async function explainMrrChange(service: Pick<RevenueService, 'reads' | 'rates'>, history: HistoryView, from: string, to: string): Promise<MrrChangeExplained> {
  const mrrAt = (day: string) => mrrSeries(history.ledger, service.rates, { from: day, to: day, interval: 'day' })[0]!.mrr;
  // A day's MRR is measured at its last second, so the window is the days after `from` up to `to`.
  const movements = await customerMovementsBetween(service, history, parseDate(from) + DAY_SECONDS, parseDate(to) + DAY_SECONDS);
  const sum = (list: readonly NamedCustomerMovement[]) => list.reduce((total, m) => total + m.amount, 0);
  return {
    mrrAtFrom: mrrAt(from),
    mrrAtTo: mrrAt(to),
    change: sum(movements),
    byType: Object.fromEntries(MOVEMENT_TYPES.map((kind) => [kind, sum(movements.filter((m) => m.kind === kind))])) as Record<MovementKind, number>,
    customers: byCustomer(movements),
  };
}
