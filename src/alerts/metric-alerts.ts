import { DAY_SECONDS, formatDate, parseDate } from '../metrics/history/index.ts';
import { Dec } from '../metrics/exact.ts';
import type { MrrThresholdAlertBody, MrrWeekOnWeekAlertBody } from './alert-body.ts';
import type { MetricRule } from './alert-rules.ts';

export type Side = 'above' | 'below';

/** At the threshold counts as above: reaching 100,000 is crossing it. */
export const sideOf = (mrr: number, threshold: number): Side => (mrr >= threshold ? 'above' : 'below');

export interface MetricReading {
  /** Unix seconds. */
  now: number;
  /** The account's MRR now, reporting minor units. */
  mrr: number;
  currency: string;
  livemode: boolean | null;
}

/** The alert for MRR having gone from one side of a threshold to the other; its id names the moment. */
export function thresholdBody(rule: MetricRule, threshold: number, to: Side, reading: MetricReading): MrrThresholdAlertBody {
  const direction = to === 'above' ? 'up' : 'down';
  return {
    id: `${rule.name}:mrr_threshold:${threshold}:${direction}:${reading.now}`,
    type: 'mrr_threshold',
    rule: rule.name,
    occurred_at: new Date(reading.now * 1000).toISOString(),
    livemode: reading.livemode,
    direction,
    threshold: { currency: reading.currency, amount: threshold },
    mrr: { currency: reading.currency, amount: reading.mrr },
  };
}

/**
 * MRR at the end of yesterday against the end of the day a week before it (the days GET /api/metrics/mrr
 * gives): an alert when it moved more than the rule's percent. One a day at most: the id names the day.
 */
export function weekOnWeekBody(rule: MetricRule, mrrAtEndOf: (day: string) => number, reading: MetricReading): MrrWeekOnWeekAlertBody | undefined {
  if (rule.weekOnWeekPct === undefined) return undefined;
  const to = formatDate(parseDate(formatDate(reading.now)) - DAY_SECONDS);
  const from = formatDate(parseDate(to) - 7 * DAY_SECONDS);
  const [before, after] = [mrrAtEndOf(from), mrrAtEndOf(to)];
  // From nothing, any MRR is an infinite rise: a threshold says that better.
  if (before <= 0) return undefined;
  const pct = new Dec(after - before).times(100).dividedBy(before);
  if (pct.abs().lte(rule.weekOnWeekPct)) return undefined;
  return {
    id: `${rule.name}:mrr_week_on_week:${to}`,
    type: 'mrr_week_on_week',
    rule: rule.name,
    occurred_at: new Date(reading.now * 1000).toISOString(),
    livemode: reading.livemode,
    from,
    to,
    mrr_at_from: { currency: reading.currency, amount: before },
    mrr_at_to: { currency: reading.currency, amount: after },
    change_pct: pct.toFixed(2),
  };
}
