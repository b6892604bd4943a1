import type { Queryable } from './database.ts';

export type SyncStatus = 'running' | 'succeeded' | 'failed';

export interface SyncRun {
  id: number;
  trigger: string;
  status: SyncStatus;
  startedAt: Date;
  finishedAt: Date | null;
  counts: Record<string, number>;
  requests: number;
  error: string | null;
}

const COLUMNS = `id, trigger, status, started_at as "startedAt", finished_at as "finishedAt", counts, requests, error`;

export function syncRunsRepository(db: Queryable) {
  return {
    async start(trigger: string): Promise<SyncRun> {
      const [row] = await db.query<SyncRun>(
        `insert into sync_runs (trigger, status) values ($1, 'running') returning ${COLUMNS}`,
        [trigger],
      );
      return normalize(row!);
    },

    async finish(id: number, outcome: { status: 'succeeded' | 'failed'; counts: Record<string, number>; requests: number; error?: string }) {
      const [row] = await db.query<SyncRun>(
        `update sync_runs set status = $2, counts = $3::jsonb, requests = $4, error = $5, finished_at = now()
         where id = $1 returning ${COLUMNS}`,
        [id, outcome.status, JSON.stringify(outcome.counts), outcome.requests, outcome.error ?? null],
      );
      return normalize(row!);
    },

    /** Runs left `running` by a process that died can never finish; they are recorded as failed. */
    async failAbandoned(): Promise<number> {
      const rows = await db.query(
        `update sync_runs set status = 'failed', error = 'interrupted: the process stopped during the sync', finished_at = now()
         where status = 'running' returning id`,
      );
      return rows.length;
    },

    async latest(status?: SyncStatus): Promise<SyncRun | undefined> {
      const [row] = await db.query<SyncRun>(
        `select ${COLUMNS} from sync_runs where ($1::text is null or status = $1) order by id desc limit 1`,
        [status ?? null],
      );
      return row === undefined ? undefined : normalize(row);
    },
  };
}

function normalize(row: SyncRun): SyncRun {
  return {
    ...row,
    startedAt: new Date(row.startedAt),
    finishedAt: row.finishedAt === null ? null : new Date(row.finishedAt),
  };
}

export type SyncRunsRepository = ReturnType<typeof syncRunsRepository>;
