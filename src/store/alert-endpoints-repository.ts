import type { Queryable } from './database.ts';

export interface DisabledEndpoint {
  disabledAt: Date;
  reason: string;
}

/** Endpoints that answered 410 Gone, by a digest of their URL. */
export function alertEndpointsRepository(db: Queryable) {
  return {
    async disabled(endpoint: string): Promise<DisabledEndpoint | undefined> {
      const [row] = await db.query<DisabledEndpoint>('select disabled_at as "disabledAt", reason from alert_endpoints where endpoint = $1', [endpoint]);
      return row;
    },

    async disable(endpoint: string, reason: string): Promise<void> {
      await db.query(
        `insert into alert_endpoints (endpoint, disabled_at, reason) values ($1, now(), $2)
         on conflict (endpoint) do update set disabled_at = excluded.disabled_at, reason = excluded.reason`,
        [endpoint, reason],
      );
    },

    async enable(endpoint: string): Promise<void> {
      await db.query('delete from alert_endpoints where endpoint = $1', [endpoint]);
    },
  };
}
