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
  readonly subscriptions = new Set<string>();
  readonly customers = new Set<string>();
  readonly histories = new Set<string>();

  static of(entries: readonly PendingDerivation[]): DerivationWork {
    const work = new DerivationWork();
    for (const { kind, id } of entries) work.add(kind, id);
    return work;
  }

  add(kind: PendingDerivation['kind'], id: string): void {
    if (kind === 'subscription') this.subscriptions.add(id);
    else if (kind === 'customer') this.customers.add(id);
    else this.histories.add(id);
  }

  get size(): number {
    return this.subscriptions.size + this.customers.size + this.histories.size;
  }

  entries(): PendingDerivation[] {
    return [
      ...[...this.subscriptions].map((id) => ({ kind: 'subscription' as const, id })),
      ...[...this.customers].map((id) => ({ kind: 'customer' as const, id })),
      ...[...this.histories].map((id) => ({ kind: 'history' as const, id })),
    ];
  }
}

/**
 * Prices what the work names and derives the history of every customer it reaches, reading only the
 * store: the same result whenever it runs, inline with a change or later from revenue_pending.
 */
export async function deriveRevenue(tx: Queryable, work: DerivationWork, ctx: DerivationContext): Promise<RevenueChange> {
  const subscriptions = new Set(work.subscriptions);
  if (work.customers.size > 0) {
    const customers = [...work.customers];
    for (const row of await revenueSubscriptionsRepository(tx).byCustomers(customers)) subscriptions.add(row.subscriptionId);
    for (const id of await objectsRepository(tx).idsByCustomers('subscription', customers)) subscriptions.add(id);
  }
  const priced = await priceSubscriptions(tx, [...subscriptions], ctx);
  const customers = new Set([...priced.customers, ...work.customers, ...work.histories]);
  return priced.change.merge(await deriveHistories(tx, [...customers], ctx));
}
