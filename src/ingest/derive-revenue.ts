import type { Queryable } from '../store/database.ts';
import { objectsRepository } from '../store/objects-repository.ts';
import type { PendingDerivation } from '../store/revenue-pending-repository.ts';
import { revenueSubscriptionsRepository } from '../store/revenue-subscriptions-repository.ts';
import type { DerivationContext } from './derivation-context.ts';
import { deriveHistories } from './derive-history.ts';
import { priceSubscriptions } from './price-subscriptions.ts';
import { RevenueChange } from './revenue-change.ts';

/** Derivation work: subscriptions to price, customers to price whole, customers whose history alone is owed. */
export class DerivationWork {
  /** Subscription id → its customer. */
  readonly subscriptions = new Map<string, string>();
  readonly customers = new Set<string>();
  readonly histories = new Set<string>();

  static of(entries: readonly PendingDerivation[]): DerivationWork {
    const work = new DerivationWork();
    for (const entry of entries) {
      if (entry.kind === 'subscription') work.subscription(entry.id, entry.customerId);
      else if (entry.kind === 'customer') work.customer(entry.id);
      else work.history(entry.id);
    }
    return work;
  }

  subscription(id: string, customerId: string): void {
    this.subscriptions.set(id, customerId);
  }

  customer(id: string): void {
    this.customers.add(id);
  }

  history(customerId: string): void {
    this.histories.add(customerId);
  }

  get size(): number {
    return this.subscriptions.size + this.customers.size + this.histories.size;
  }

  entries(): PendingDerivation[] {
    return [
      ...[...this.subscriptions].map(([id, customerId]) => ({ kind: 'subscription' as const, id, customerId })),
      ...[...this.customers].map((id) => ({ kind: 'customer' as const, id, customerId: id })),
      ...[...this.histories].map((id) => ({ kind: 'history' as const, id, customerId: id })),
    ];
  }
}

/**
 * Prices what the work names and derives the history of every customer it reaches, reading only the
 * store: the same result whenever it runs, inline with a change or later from revenue_pending.
 */
export async function deriveRevenue(tx: Queryable, work: DerivationWork, ctx: DerivationContext): Promise<RevenueChange> {
  const subscriptions = new Set(work.subscriptions.keys());
  if (work.customers.size > 0) {
    const customers = [...work.customers];
    for (const row of await revenueSubscriptionsRepository(tx).byCustomers(customers)) subscriptions.add(row.subscriptionId);
    for (const id of await objectsRepository(tx).idsByCustomers('subscription', customers)) subscriptions.add(id);
  }
  const priced = await priceSubscriptions(tx, [...subscriptions], ctx);
  const customers = new Set([...priced.customers, ...work.customers, ...work.histories]);
  return priced.change.merge(await deriveHistories(tx, [...customers], ctx));
}
