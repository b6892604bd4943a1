/**
 * Billing-period arithmetic in UTC, the way Stripe bills: periods step from an anchor, and a monthly
 * anchor on the 31st bills on the last day of shorter months without drifting off the 31st.
 */

export type Interval = 'day' | 'week' | 'month' | 'year';

export const DAY = 86_400;
const FIXED_SECONDS: Partial<Record<Interval, number>> = { day: DAY, week: 7 * DAY };

function addMonthsClamped(ts: number, months: number): number {
  const d = new Date(ts * 1000);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  target.setUTCHours(d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds());
  return Math.floor(target.getTime() / 1000);
}

/** The boundary `n` periods after `anchor`. */
export function shiftPeriods(anchor: number, interval: Interval, count: number, n: number): number {
  const fixed = FIXED_SECONDS[interval];
  if (fixed !== undefined) return anchor + n * count * fixed;
  return addMonthsClamped(anchor, n * count * (interval === 'year' ? 12 : 1));
}

/** The period containing `asOf` (or the first one, if `asOf` is before the anchor). Constant time. */
export function periodAt(
  anchor: number,
  interval: Interval,
  count: number,
  asOf: number,
): { start: number; end: number } {
  let n: number;
  const fixed = FIXED_SECONDS[interval];
  if (fixed !== undefined) {
    n = Math.floor((asOf - anchor) / (count * fixed));
  } else {
    const a = new Date(anchor * 1000);
    const b = new Date(asOf * 1000);
    const months = (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + (b.getUTCMonth() - a.getUTCMonth());
    n = Math.floor(months / (count * (interval === 'year' ? 12 : 1)));
  }
  n = Math.max(0, n);
  while (n > 0 && shiftPeriods(anchor, interval, count, n) > asOf) n--;
  while (shiftPeriods(anchor, interval, count, n + 1) <= asOf) n++;
  return { start: shiftPeriods(anchor, interval, count, n), end: shiftPeriods(anchor, interval, count, n + 1) };
}
