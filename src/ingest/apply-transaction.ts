import { LOCK_SQL, type Database, type Queryable } from '../store/database.ts';

/**
 * Every change to objects and the revenue derived from them runs in one of these: a transaction that
 * first takes the store's apply lock. Derivations read what others wrote, so two at once could each
 * miss the other's change (a price updated while a subscription on it is priced); one at a time, each
 * reads the last one's committed result. They are short, so waiting is brief.
 *
 * They commit without waiting for the disk. What they write can always be written again: an event stays
 * in the inbox, unapplied, until its apply is durable; a sync is recorded as succeeded only by a
 * synchronous commit, which makes every earlier one durable too. So a crash can lose an apply, never
 * split one, and never lose an acknowledged event.
 */
export function inApplyTransaction<T>(db: Database, work: (tx: Queryable) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.query(LOCK_SQL.transaction, ['apply']);
    await tx.query('set local synchronous_commit = off');
    return work(tx);
  });
}
