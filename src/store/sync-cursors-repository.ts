import type { ListingCheckpoint } from '../stripe/time-slices.ts';
import type { Queryable } from './database.ts';

export function syncCursorsRepository(db: Queryable) {
  return {
    async save(runId: number, type: string, checkpoint: ListingCheckpoint): Promise<void> {
      await db.query(
        `insert into sync_cursors (run_id, type, state) values ($1, $2, $3::jsonb)
         on conflict (run_id, type) do update set state = excluded.state`,
        [runId, type, JSON.stringify(checkpoint)],
      );
    },

    async load(runId: number): Promise<Map<string, ListingCheckpoint>> {
      const rows = await db.query<{ type: string; state: ListingCheckpoint }>('select type, state from sync_cursors where run_id = $1', [runId]);
      return new Map(rows.map((row) => [row.type, row.state]));
    },

    /** Only the latest run's cursors can be resumed from: the rest go. */
    async keepOnly(runId: number | undefined): Promise<void> {
      await db.query('delete from sync_cursors where $1::bigint is null or run_id <> $1', [runId ?? null]);
    },
  };
}
