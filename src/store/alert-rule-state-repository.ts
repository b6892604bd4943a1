import type { Queryable } from './database.ts';

/** What a rule remembers between readings, changed only from the value read (so once across instances). */
export function alertRuleStateRepository(db: Queryable) {
  return {
    async get(rule: string, key: string): Promise<string | undefined> {
      const [row] = await db.query<{ value: string }>('select value from alert_rule_state where rule = $1 and key = $2', [rule, key]);
      return row?.value;
    },

    /** Rules paused now: until when (ISO 8601), or null until resumed. */
    async paused(): Promise<Map<string, string | null>> {
      const rows = await db.query<{ rule: string; value: string }>(
        `select rule, value from alert_rule_state where key = 'paused' and (value = 'indefinitely' or value::timestamptz > now())`,
      );
      return new Map(rows.map((r) => [r.rule, r.value === 'indefinitely' ? null : r.value]));
    },

    /** Pauses a rule until `until` (none: until resumed). */
    async pause(rule: string, until: Date | undefined): Promise<void> {
      await db.query(
        `insert into alert_rule_state (rule, key, value) values ($1, 'paused', $2)
         on conflict (rule, key) do update set value = excluded.value, updated_at = now()`,
        [rule, until?.toISOString() ?? 'indefinitely'],
      );
    },

    async resume(rule: string): Promise<void> {
      await db.query(`delete from alert_rule_state where rule = $1 and key = 'paused'`, [rule]);
    },

    /** Sets the value from `expected` (undefined: none yet); false when another reader changed it first. */
    async swap(rule: string, key: string, expected: string | undefined, value: string): Promise<boolean> {
      const rows =
        expected === undefined
          ? await db.query('insert into alert_rule_state (rule, key, value) values ($1, $2, $3) on conflict do nothing returning rule', [rule, key, value])
          : await db.query('update alert_rule_state set value = $4, updated_at = now() where rule = $1 and key = $2 and value = $3 returning rule', [rule, key, expected, value]);
      return rows.length > 0;
    },
  };
}
