import { RevenueDelta, toSnapshot, type RatesConfig, type Snapshot } from '../metrics/index.ts';
import { RevenueLedger } from '../metrics/history/index.ts';
import type { Queryable } from '../store/database.ts';
import { objectsRepository } from '../store/objects-repository.ts';
import { revenueChargesRepository } from '../store/revenue-charges-repository.ts';
import { revenueHistoryRepository } from '../store/revenue-history-repository.ts';
import { revenueSubscriptionsRepository } from '../store/revenue-subscriptions-repository.ts';
import type { RevenueChange } from './revenue-change.ts';

/**
 * The figures served, held in memory: per-currency sums and the daily ledger of MRR changes. Read from
 * the derived state's aggregates at start, then moved by each committed change's delta, never
 * recomputed from the account. Its size follows currencies and days, not customers.
 */
export class RevenueFigures {
  /** The sum of every change since an empty store. */
  private readonly sums = new RevenueDelta();
  readonly ledger = new RevenueLedger();
  private snapshot: Snapshot;
  private readonly listeners = new Set<(snapshot: Snapshot) => void>();

  constructor(private readonly rates: RatesConfig) {
    this.snapshot = toSnapshot(this.sums, rates);
  }

  static async load(db: Queryable, rates: RatesConfig): Promise<RevenueFigures> {
    const figures = new RevenueFigures(rates);
    const subscriptions = revenueSubscriptionsRepository(db);
    const mrr = await subscriptions.sums();
    const revenue = await revenueChargesRepository(db).sums();
    const history = revenueHistoryRepository(db);
    figures.sums.add({
      mrrByCurrency: new Map(mrr.map((row) => [row.currency, row.mrr])),
      churnByCurrency: new Map(mrr.map((row) => [row.currency, row.scheduledChurn])),
      revenueByCurrency: new Map(revenue.map((row) => [row.currency, row.amount])),
      payingCustomers: await history.payingCustomers(),
      customersTotal: await objectsRepository(db).countLiveCustomers(),
      unpricedSubscriptions: await subscriptions.countUnpriced(),
    });
    figures.ledger.recordSums(await history.dailySums());
    figures.snapshot = toSnapshot(figures.sums, rates);
    return figures;
  }

  current(): Snapshot {
    return this.snapshot;
  }

  /** Moves the figures by a committed change; `publish` tells the listeners. */
  apply(change: RevenueChange): void {
    this.sums.add(change.delta);
    this.ledger.record(change.removed, -1);
    this.ledger.record(change.added, 1);
    this.snapshot = toSnapshot(this.sums, this.rates);
  }

  publish(): void {
    for (const listener of this.listeners) listener(this.snapshot);
  }

  /** Called with every published snapshot; returns the unsubscribe function. */
  subscribe(listener: (snapshot: Snapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
