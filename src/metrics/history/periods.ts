import { DAY_SECONDS, formatDate, formatMonth, nextPeriodStart, parseDate, periodStart, type Granularity } from './calendar.ts';

export interface SeriesRange {
  /** 'YYYY-MM-DD', inclusive. */
  from: string;
  /** 'YYYY-MM-DD', inclusive. */
  to: string;
  interval: Granularity;
}

/** One bucket of a series: [start, end) in unix seconds. */
export interface Period {
  start: number;
  end: number;
  /** 'YYYY-MM' for months; the first calendar day ('YYYY-MM-DD') for days and weeks. */
  label: string;
  /** 'YYYY-MM-DD' of the last day, where the point's MRR is measured (at end − 1 s, i.e. 23:59:59 UTC). */
  lastDay: string;
}

// Ten thousand buckets is 27 years of days: more is a mistake, and would only burn CPU.
export const MAX_PERIODS = 10_000;
const INTERVALS: ReadonlySet<string> = new Set(['day', 'week', 'month']);

/**
 * Calendar-aligned periods covering from..to. The first period starts at its calendar start (which may
 * precede `from`), so each period's movements equal the difference of two consecutive points; only the
 * last one is cut short, at the end of `to`.
 */
export function periodsBetween(range: SeriesRange): Period[] {
  if (!INTERVALS.has(range.interval)) throw new RangeError(`interval must be day, week or month, not "${String(range.interval)}"`);
  const from = parseDate(range.from);
  const stop = parseDate(range.to) + DAY_SECONDS;
  if (stop <= from) throw new RangeError(`from ${range.from} is after to ${range.to}`);
  const periods: Period[] = [];
  for (let start = periodStart(from, range.interval); start < stop; ) {
    if (periods.length === MAX_PERIODS) throw new RangeError(`more than ${MAX_PERIODS} periods; use a longer interval`);
    const next = nextPeriodStart(start, range.interval);
    const end = Math.min(next, stop);
    periods.push({
      start,
      end,
      label: range.interval === 'month' ? formatMonth(start) : formatDate(start),
      lastDay: formatDate(end - 1),
    });
    start = next;
  }
  return periods;
}
