/**
 * The goals of issues 8 and 9, in one place: which figure must meet what, on which store. A figure with no
 * goal here is reported for information. Latency goals are judged at p99.
 */
import type { Unit } from './measurement.ts';

export type Condition =
  | { kind: 'below'; limit: number }
  | { kind: 'atLeast'; limit: number }
  | { kind: 'ratioAtMost'; limit: number }
  | { kind: 'ratioAtLeast'; limit: number }
  /** Every one of the baseline's count: e.g. every acknowledged event applied. */
  | { kind: 'all' }
  /** Scaling: the large account's figure within `limit`× the small one's, or within `slackMs` of it (timer noise). */
  | { kind: 'flat'; limit: number; slackMs: number };

export type Store = 'pglite' | 'postgres';

export function goalsFor(store: Store): ReadonlyMap<string, Condition[]> {
  const onPostgres = store === 'postgres';
  return new Map<string, Condition[]>([
    ['full sync', [{ kind: 'ratioAtMost', limit: 1.5 }]],
    ['start-up until figures', [{ kind: 'below', limit: 3 }]],
    ['price.updated → SSE p99', [{ kind: 'below', limit: 100 }]],
    ['customer.updated → SSE p99', [{ kind: 'below', limit: 50 }]],
    ['mrr by day after a change', [{ kind: 'below', limit: 200 }]],
    ['mrr by day cached', [{ kind: 'below', limit: 50 }]],
    ['service RSS after history', [{ kind: 'below', limit: onPostgres ? 256 : 512 }]],
    ['GET /api/revenue', [{ kind: 'ratioAtLeast', limit: 0.7 }]],
    ['webhook intake', onPostgres ? [{ kind: 'ratioAtLeast', limit: 0.7 }, { kind: 'atLeast', limit: 1000 }] : [{ kind: 'ratioAtLeast', limit: 0.7 }]],
    ['webhook intake p99', [{ kind: 'below', limit: onPostgres ? 50 : 200 }]],
    ['webhook intake: applied', [{ kind: 'all' }]],
    // Issue 10: every instance on one database serves a change within a second, wherever it arrived.
    ['change at one instance → SSE of another p99', [{ kind: 'below', limit: 1000 }]],
    ['change at the other → SSE of the first p99', [{ kind: 'below', limit: 1000 }]],
    ['second instance: start-up until figures', [{ kind: 'below', limit: 3 }]],
    ['webhook intake: stored when answered', [{ kind: 'all' }]],
    // Issue 9: the rate limit kept busy, and a burst applied at about one re-fetch per object.
    ['sync at 300 ms, 25/s', [{ kind: 'ratioAtLeast', limit: 0.9 }]],
    ['renewal burst: 300 subscriptions × 3 events', [{ kind: 'below', limit: 15 }]],
    ['renewal burst: 300 subscriptions × 3 events: requests per subscription', [{ kind: 'below', limit: 2 }]],
  ]);
}

/** The per-change figures that must not grow with the account. */
export const isPerChange = (name: string) => / → SSE p50$/.test(name) || / after a change$| cached$/.test(name);
export const SCALING_GOAL: Condition = { kind: 'flat', limit: 1.5, slackMs: 5 };

export function meets(condition: Condition, value: number, baseline: number | undefined): boolean {
  const ratio = baseline === undefined ? NaN : value / baseline;
  switch (condition.kind) {
    case 'below':
      return value < condition.limit;
    case 'atLeast':
      return value >= condition.limit;
    case 'ratioAtMost':
      return ratio <= condition.limit;
    case 'ratioAtLeast':
      return ratio >= condition.limit;
    case 'all':
      return value === baseline;
    case 'flat':
      return ratio <= condition.limit || value - (baseline ?? NaN) < condition.slackMs;
  }
}

export function describeGoal(condition: Condition, unit: Unit): string {
  const n = (x: number) => x.toLocaleString('en-US');
  switch (condition.kind) {
    case 'below':
      return `< ${n(condition.limit)} ${unit}`;
    case 'atLeast':
      return `≥ ${n(condition.limit)} ${unit}`;
    case 'ratioAtMost':
      return `≤ ${condition.limit}×`;
    case 'ratioAtLeast':
      return `≥ ${condition.limit}×`;
    case 'all':
      return 'all';
    case 'flat':
      return `≤ ${condition.limit}× (or +${condition.slackMs} ms)`;
  }
}
