import type { Queryable } from './database.ts';

export interface RecordedChange {
  seq: number;
  change: unknown;
}

/**
 * The log of committed changes to the figures that instances sharing the store read from each other.
 * Changes are serialised by the apply lock, so their sequence numbers rise in commit order: everything
 * up to a number read is already visible.
 */
export function revenueChangesRepository(db: Queryable) {
  return {
    async record(origin: string, change: unknown): Promise<void> {
      await db.query('insert into revenue_changes (origin, change) values ($1, $2)', [origin, JSON.stringify(change)]);
    },

    /** Changes after `seq` that another instance recorded, in order. */
    async after(seq: number, exceptOrigin: string, limit: number): Promise<RecordedChange[]> {
      return db.query<RecordedChange>(
        'select seq, change from revenue_changes where seq > $1 and origin <> $2 order by seq limit $3',
        [seq, exceptOrigin, limit],
      );
    },

    /** The newest sequence number recorded; 0 for none. */
    async newest(): Promise<number> {
      const [row] = await db.query<{ seq: number | null }>('select max(seq) as seq from revenue_changes');
      return row?.seq ?? 0;
    },

    async prune(olderThanSeconds: number): Promise<void> {
      await db.query(`delete from revenue_changes where recorded_at < now() - make_interval(secs => $1)`, [olderThanSeconds]);
    },
  };
}
