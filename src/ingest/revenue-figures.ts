import { RevenueDelta, toSnapshot, type RatesConfig, type Snapshot } from '../metrics/index.ts';
import { RevenueLedger } from '../metrics/history/index.ts';
import type { Database, Queryable } from '../store/database.ts';
import { objectsRepository } from '../store/objects-repository.ts';
import { revenueChargesRepository } from '../store/revenue-charges-repository.ts';
import { revenueHistoryRepository } from '../store/revenue-history-repository.ts';
import { revenueChangesRepository } from '../store/revenue-changes-repository.ts';
import { revenueSubscriptionsRepository } from '../store/revenue-subscriptions-repository.ts';
import type { RevenueChange } from './revenue-change.ts';

/** Where a committed change is written for the other instances sharing the store, in its transaction. */
export interface ChangeJournal {
  record(tx: Queryable, change: RevenueChange): Promise<void>;
}

/**
 * The figures served, held in memory: per-currency sums and the daily ledger of MRR changes. Read from
 * the derived state's aggregates at start, then moved by each committed change's delta, never
 * recomputed from the account. Its size follows currencies and days, not customers.
 */
export class RevenueFigures {
  /** The sum of every change since an empty store. */
  private sums = new RevenueDelta();
  /** Replaced, not changed, when the figures are reloaded. */
  ledger = new RevenueLedger();
  private snapshot: Snapshot;
  private readonly listeners = new Set<(snapshot: Snapshot) => void>();
  private journal: ChangeJournal | undefined;

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

  /**
   * Loaded with the change log's newest entry in one snapshot of the store: the figures hold every change
   * up to `seq` and none after it, so that the log takes them on from there.
   */
  static async loadAt(db: Database, rates: RatesConfig): Promise<{ figures: RevenueFigures; seq: number }> {
    return db.transaction(async (tx) => {
      await tx.query('set transaction isolation level repeatable read');
      const seq = await revenueChangesRepository(tx).newest();
      return { figures: await RevenueFigures.load(tx, rates), seq };
    });
  }

  /** Every change committed from now on is also written to `journal`, for the other instances. */
  keepJournal(journal: ChangeJournal): void {
    this.journal = journal;
  }

  /** Called in the transaction that commits `change`, before `apply`. */
  async record(tx: Queryable, change: RevenueChange): Promise<void> {
    if (this.journal && !change.isEmpty()) await this.journal.record(tx, change);
  }

  /** Takes on freshly loaded figures (after time away from the others); `publish` tells the listeners. */
  replaceWith(loaded: RevenueFigures): void {
    this.sums = loaded.sums;
    this.ledger = loaded.ledger;
    this.snapshot = loaded.snapshot;
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
