import type { Queryable } from './database.ts';

/** What a rule remembers between readings, changed only from the value read (so once across instances). */
export function alertRuleStateRepository(db: Queryable) {
  return {
    async get(rule: string, key: string): Promise<string | undefined> {
      const [row] = await db.query<{ value: string }>('select value from alert_rule_state where rule = $1 and key = $2', [rule, key]);
      return row?.value;
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
