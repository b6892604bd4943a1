import type { Database } from '../store/database.ts';
import { revenueHistoryRepository } from '../store/revenue-history-repository.ts';
import { revenuePendingRepository } from '../store/revenue-pending-repository.ts';
import { inApplyTransaction } from './apply-transaction.ts';
import type { DerivationContext } from './derivation-context.ts';
import { deriveRevenue, DerivationWork } from './derive-revenue.ts';
import { DrainLoop, type StepResult } from './drain-loop.ts';
import type { RevenueFigures } from './revenue-figures.ts';

/** Customers per batch: enough to amortise each transaction, few enough that events wait behind one only briefly. */
const BATCH = 200;
const RETRY_DELAY_MS = 5_000;
/** How often to look for customers whose figures time alone has changed (a discount ending, a period passing). */
const CLOCK_MS = 60_000;

/**
 * Derives what is owed in revenue_pending, batch by batch, each in its own transaction, publishing
 * each batch's change: a price used by thousands of subscriptions, a sync's customers, customers whose
 * figures time has changed. Events keep being applied between batches.
 */
export class RevenueDeriver {
  private readonly loop = new DrainLoop(() => this.deriveNext(), RETRY_DELAY_MS, (error) => this.deps.onError?.(error));
  private clock: NodeJS.Timeout | undefined;

  constructor(
    private readonly deps: {
      db: Database;
      ctx: DerivationContext;
      figures: RevenueFigures;
      onError?: (error: unknown) => void;
    },
  ) {}

  /** Resolves when nothing owed is left (or a failure has to wait for a retry). */
  drain(): Promise<void> {
    return this.loop.drain();
  }

  /** Every minute, owes again the customers whose figures time alone has changed by now. */
  startClock(): void {
    this.clock ??= setInterval(
      () =>
        void this.oweDue().then(
          () => this.drain(),
          (error: unknown) => this.deps.onError?.(error),
        ),
      CLOCK_MS,
    );
    this.clock.unref();
  }

  /** Customers whose figures time alone has changed by now are owed a derivation. */
  async oweDue(): Promise<void> {
    const { db, ctx } = this.deps;
    await inApplyTransaction(db, async (tx) => {
      const due = await revenueHistoryRepository(tx).due(ctx.now(), 10_000);
      await revenuePendingRepository(tx).add(due.map((id) => ({ kind: 'customer', id, customerId: id })));
    });
  }

  async close(): Promise<void> {
    clearInterval(this.clock);
    await this.loop.close();
  }

  /** One batch of customers, in its own transaction. */
  private async deriveNext(): Promise<StepResult> {
    const { db, ctx, figures } = this.deps;
    let change;
    try {
      change = await inApplyTransaction(db, async (tx) => {
        const entries = await revenuePendingRepository(tx).take(BATCH);
        if (entries.length === 0) return undefined;
        const derived = await deriveRevenue(tx, DerivationWork.of(entries), ctx);
        await figures.record(tx, derived);
        return derived;
      });
    } catch (error) {
      // The batch stays owed (its transaction rolled back); it is tried again later.
      this.deps.onError?.(error);
      return 'retry';
    }
    if (change === undefined) return 'done';
    figures.apply(change);
    figures.publish();
    return 'more';
  }
}
