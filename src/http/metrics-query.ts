import { z } from 'zod';
import { formatDate, MAX_PERIODS, periodStart, type Granularity, type SeriesRange } from '../metrics/history/index.ts';
import { BadRequestError } from './errors.ts';

export const FIRST_YEAR = 1900;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
export const MONTH = /^(\d{4})-(\d{2})$/;

/** Whether a YYYY-MM-DD string names a day that exists (no 2026-02-30, no month 13), from FIRST_YEAR on. */
function isRealDate(text: string): boolean {
  const match = DATE.exec(text);
  if (match === null) return true; // the form's own check says so
  const [, year, month, day] = match.map(Number) as [number, number, number, number];
  const back = new Date(Date.UTC(year, month - 1, day));
  return year >= FIRST_YEAR && back.getUTCFullYear() === year && back.getUTCMonth() === month - 1 && back.getUTCDate() === day;
}

/** `?format=`: JSON unless CSV is asked for. */
export const formatField = z.enum(['json', 'csv'], { error: 'format must be json or csv' }).default('json');

/** An optional 'YYYY-MM-DD' day that exists, from FIRST_YEAR on; messages name the parameter. */
export const dateField = (name: string) =>
  z
    .string({ error: `${name} must be a date in YYYY-MM-DD form` })
    .regex(DATE, `${name} must be a date in YYYY-MM-DD form`)
    .refine(isRealDate, { error: (issue) => `${name}: ${String(issue.input)} is not a real calendar date (from ${FIRST_YEAR}-01-01 on)` })
    .optional();

export const rangeQuery = z
  .object({
    from: dateField('from'),
    to: dateField('to'),
    interval: z.enum(['day', 'week', 'month'], { error: 'interval must be day, week or month' }).default('month'),
    format: formatField,
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, {
    error: (issue) => {
      const q = issue.input as { from: string; to: string };
      return `from ${q.from} is after to ${q.to}`;
    },
  });
/** A month, 'YYYY-MM', from FIRST_YEAR on. */
export const monthField = z
    .string({ error: 'period must be a month in YYYY-MM form' })
    .regex(MONTH, 'period must be a month in YYYY-MM form')
    .refine((text) => {
      const match = MONTH.exec(text);
      if (match === null) return true; // the form's own check says so
      const [, year, month] = match.map(Number) as [number, number, number];
      return year >= FIRST_YEAR && month >= 1 && month <= 12;
    }, `period must be a month in YYYY-MM form, from ${FIRST_YEAR}-01 on`);

export const summaryQuery = z.object({ period: monthField.optional() });


const DAY = 86_400;

/** Default range: the year up to `to`, today unless given. A range the engine would refuse is a 400. */
export function range(query: z.infer<typeof rangeQuery>, now: number): SeriesRange {
  const to = query.to ?? formatDate(now);
  const from = query.from ?? formatDate(Math.max(Date.parse(`${to}T00:00:00Z`) / 1000 - 365 * DAY, Date.UTC(FIRST_YEAR, 0, 1) / 1000));
  if (from > to) throw new BadRequestError(`from ${from} is after to ${to}${query.to === undefined ? ' (today, as to is not given)' : ''}`);
  const periods = countPeriods(from, to, query.interval);
  if (periods > MAX_PERIODS) {
    throw new BadRequestError(`from ${from} to ${to} is ${periods} periods of a ${query.interval}, more than ${MAX_PERIODS}; use a longer interval or a shorter range`);
  }
  return { from, to, interval: query.interval };
}

/** How many calendar periods from..to spans (the first one starting on or before from). */
function countPeriods(from: string, to: string, interval: Granularity): number {
  const start = Date.parse(`${from}T00:00:00Z`) / 1000;
  const end = Date.parse(`${to}T00:00:00Z`) / 1000;
  if (interval === 'month') {
    const months = (text: string) => Number(text.slice(0, 4)) * 12 + Number(text.slice(5, 7));
    return months(to) - months(from) + 1;
  }
  const first = periodStart(start, interval);
  return Math.floor((end - first) / (interval === 'day' ? DAY : 7 * DAY)) + 1;
}

