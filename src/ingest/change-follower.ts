import type { RatesConfig } from '../metrics/index.ts';
import type { Database, InstanceLink, Queryable } from '../store/database.ts';
import { revenueChangesRepository } from '../store/revenue-changes-repository.ts';
import { DrainLoop, type StepResult } from './drain-loop.ts';
import { RevenueChange } from './revenue-change.ts';
import { RevenueFigures, type ChangeJournal } from './revenue-figures.ts';

/** Changes read at once. */
const BATCH = 500;
const RETRY_DELAY_MS = 1_000;
/** How long the log keeps a change: longer than any instance can be away and still take the log on from where it was. */
export const CHANGE_LOG_KEEP_SECONDS = 15 * 60;
/** Away longer than this (no read of the log succeeded), an instance reloads its figures instead. */
const CATCH_UP_WITHIN_MS = 5 * 60_000;

/**
 * Keeps this instance's figures moving with the changes the other instances sharing the store commit:
 * writes its own to the log (and notifies on commit), reads theirs in order after the last one read.
 * Its own it has applied already, as it committed them.
 */
export class ChangeFollower implements ChangeJournal {
  private readonly loop = new DrainLoop(() => this.readNext(), RETRY_DELAY_MS, (error) => this.deps.onError?.(error));
  private lastReadAt = Date.now();
  private seq: number;

  constructor(
    private readonly deps: {
      db: Database;
      link: InstanceLink;
      origin: string;
      figures: RevenueFigures;
      rates: RatesConfig;
      /** The newest change the figures hold. */
      seq: number;
      onError?: (error: unknown) => void;
    },
  ) {
    this.seq = deps.seq;
  }

  async record(tx: Queryable, change: RevenueChange): Promise<void> {
    await revenueChangesRepository(tx).record(this.deps.origin, change.toJSON());
    await this.deps.link.notifyOnCommit(tx, 'change');
  }

  /** Reads what the others committed since the last read; resolves when nothing is left (or a failure waits for a retry). */
  catchUp(): Promise<void> {
    return this.loop.drain();
  }

  /**
   * After time away from the others (a dropped connection): takes the log on from where it was, or, away
   * for longer than it can be sure the log goes back, reloads the figures from the store.
   */
  async resume(): Promise<void> {
    if (Date.now() - this.lastReadAt <= CATCH_UP_WITHIN_MS) return this.catchUp();
    const { figures, seq } = await RevenueFigures.loadAt(this.deps.db, this.deps.rates);
    this.deps.figures.replaceWith(figures);
    this.seq = seq;
    this.lastReadAt = Date.now();
    this.deps.figures.publish();
    await this.catchUp();
  }

  async prune(): Promise<void> {
    await revenueChangesRepository(this.deps.db).prune(CHANGE_LOG_KEEP_SECONDS);
  }

  close(): Promise<void> {
    return this.loop.close();
  }

  private async readNext(): Promise<StepResult> {
    const rows = await revenueChangesRepository(this.deps.db).after(this.seq, this.deps.origin, BATCH);
    this.lastReadAt = Date.now();
    if (rows.length === 0) return 'done';
    const { figures } = this.deps;
    for (const row of rows) {
      figures.apply(RevenueChange.fromJSON(row.change));
      this.seq = row.seq;
    }
    figures.publish();
    return rows.length === BATCH ? 'more' : 'done';
  }
}
