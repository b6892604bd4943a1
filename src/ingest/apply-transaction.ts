import { LOCK_SQL, type Database, type Queryable } from '../store/database.ts';

/**
 * Every change to objects and the revenue derived from them runs in one of these: a transaction that
 * first takes the store's apply lock. Derivations read what others wrote, so two at once could each
 * miss the other's change (a price updated while a subscription on it is priced); one at a time, each
 * reads the last one's committed result. They are short, so waiting is brief.
 */
export function inApplyTransaction<T>(db: Database, work: (tx: Queryable) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.query(LOCK_SQL.transaction, ['apply']);
    return work(tx);
  });
}
