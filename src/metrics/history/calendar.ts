// UTC calendar arithmetic for history ranges. Dates are plain strings at the edge and unix seconds inside.
export type Granularity = 'day' | 'week' | 'month';

export const DAY_SECONDS = 86_400;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;

const toSeconds = (ms: number): number => Math.floor(ms / 1000);
const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** 'YYYY-MM-DD' → unix seconds at 00:00:00 UTC; throws RangeError on anything that is not a real date. */
export function parseDate(text: string): number {
  const match = DATE.exec(text);
  if (match === null) throw new RangeError(`"${text}" is not a date in YYYY-MM-DD form`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  // Date.UTC rolls 2025-02-30 over into March; a round trip catches that.
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) {
    throw new RangeError(`"${text}" is not a real calendar date`);
  }
  return toSeconds(ms);
}

/** 'YYYY-MM' → unix seconds at 00:00:00 UTC on the first of that month. */
export function parseMonth(text: string): number {
  const match = MONTH.exec(text);
  const month = match === null ? NaN : Number(match[2]);
  if (match === null || month < 1 || month > 12) throw new RangeError(`"${text}" is not a month in YYYY-MM form`);
  return toSeconds(Date.UTC(Number(match[1]), month - 1, 1));
}

export function formatDate(unixSeconds: number): string {
  const d = new Date(unixSeconds * 1000);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

export function formatMonth(unixSeconds: number): string {
  return formatDate(unixSeconds).slice(0, 7);
}

/** The first instant of the day, Monday-based week, or month that contains `t`. */
export function periodStart(t: number, interval: Granularity): number {
  const day = Math.floor(t / DAY_SECONDS) * DAY_SECONDS;
  if (interval === 'day') return day;
  const d = new Date(day * 1000);
  if (interval === 'week') return day - ((d.getUTCDay() + 6) % 7) * DAY_SECONDS; // getUTCDay: Sunday = 0
  return toSeconds(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
}

/** The first instant of the period after the one starting at `start`. */
export function nextPeriodStart(start: number, interval: Granularity): number {
  if (interval === 'day') return start + DAY_SECONDS;
  if (interval === 'week') return start + 7 * DAY_SECONDS;
  const d = new Date(start * 1000);
  return toSeconds(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
}
