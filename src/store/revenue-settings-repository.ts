import type { Queryable } from './database.ts';

/** The settings the derived rows were computed with: the rates, the discount policy, the rules' version. */
export function revenueSettingsRepository(db: Queryable) {
  return {
    async fingerprint(): Promise<string | undefined> {
      const [row] = await db.query<{ fingerprint: string }>('select fingerprint from revenue_settings');
      return row?.fingerprint;
    },

    async setFingerprint(fingerprint: string): Promise<void> {
      await db.query(
        'insert into revenue_settings (singleton, fingerprint) values (true, $1) on conflict (singleton) do update set fingerprint = excluded.fingerprint',
        [fingerprint],
      );
    },
  };
}
