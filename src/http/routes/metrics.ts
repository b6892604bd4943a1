import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { toMajorUnits } from '../../metrics/index.ts';
import {
  formatDate,
  formatMonth,
  MAX_PERIODS,
  monthSummary,
  movementsSeries,
  mrrSeries,
  periodStart,
  type Amount,
  type Granularity,
  type MovementTotals,
  type Ratio,
  type SeriesRange,
} from '../../metrics/history/index.ts';
import type { RevenueService } from '../../service/revenue-service.ts';
import { BadRequestError } from '../errors.ts';
import { parseQuery } from '../parse-query.ts';

const FIRST_YEAR = 1900;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;

/** Whether a YYYY-MM-DD string names a day that exists (no 2026-02-30, no month 13), from FIRST_YEAR on. */
function isRealDate(text: string): boolean {
  const match = DATE.exec(text);
  if (match === null) return true; // the form's own check says so
  const [, year, month, day] = match.map(Number) as [number, number, number, number];
  const back = new Date(Date.UTC(year, month - 1, day));
  return year >= FIRST_YEAR && back.getUTCFullYear() === year && back.getUTCMonth() === month - 1 && back.getUTCDate() === day;
}

const date = (name: string) =>
  z
    .string({ error: `${name} must be a date in YYYY-MM-DD form` })
    .regex(DATE, `${name} must be a date in YYYY-MM-DD form`)
    .refine(isRealDate, { error: (issue) => `${name}: ${String(issue.input)} is not a real calendar date (from ${FIRST_YEAR}-01-01 on)` })
    .optional();

const rangeQuery = z
  .object({
    from: date('from'),
    to: date('to'),
    interval: z.enum(['day', 'week', 'month'], { error: 'interval must be day, week or month' }).default('month'),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, {
    error: (issue) => {
      const q = issue.input as { from: string; to: string };
      return `from ${q.from} is after to ${q.to}`;
    },
  });
const summaryQuery = z.object({
  period: z
    .string({ error: 'period must be a month in YYYY-MM form' })
    .regex(MONTH, 'period must be a month in YYYY-MM form')
    .refine((text) => {
      const match = MONTH.exec(text);
      if (match === null) return true; // the form's own check says so
      const [, year, month] = match.map(Number) as [number, number, number];
      return year >= FIRST_YEAR && month >= 1 && month <= 12;
    }, `period must be a month in YYYY-MM form, from ${FIRST_YEAR}-01 on`)
    .optional(),
});

const DAY = 86_400;

/** Default range: the year up to `to`, today unless given. A range the engine would refuse is a 400. */
function range(query: z.infer<typeof rangeQuery>, now: number): SeriesRange {
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

const percentOrNull = (r: Ratio) => (r.value === null ? null : Number(r.value));
const amountOrNull = (a: Amount, currency: string) => (a.value === null ? null : toMajorUnits(a.value, currency));

/**
 * History endpoints: every figure from the same MRR intervals, amounts in major units of the reporting
 * currency. Bad dates and ranges are 400s that say which parameter is wrong; anything else that fails is a 500.
 */
export function metricsRoutes(app: FastifyInstance, service: RevenueService): void {
  const currency = service.rates.reportingCurrency;
  const major = (minor: number) => toMajorUnits(minor, currency);
  const movementsInMajor = (m: MovementTotals) => ({
    new: major(m.new),
    expansion: major(m.expansion),
    contraction: major(m.contraction),
    churn: major(m.churn),
    reactivation: major(m.reactivation),
    net: major(m.net),
  });

  app.get('/api/metrics/mrr', async (request) => {
    const query = parseQuery(rangeQuery, request.query);
    const { ledger, now } = service.history();
    const r = range(query, now);
    const points = mrrSeries(ledger, service.rates, r).map((p) => ({ date: p.date, mrr: major(p.mrr), customers: p.customers }));
    return { currency, interval: r.interval, from: r.from, to: r.to, points };
  });

  app.get('/api/metrics/movements', async (request) => {
    const query = parseQuery(rangeQuery, request.query);
    const { ledger, now } = service.history();
    const r = range(query, now);
    const points = movementsSeries(ledger, service.rates, r).map((p) => ({ period: p.period, ...movementsInMajor(p) }));
    return { currency, interval: r.interval, from: r.from, to: r.to, points };
  });

  app.get('/api/metrics/summary', async (request) => {
    const query = parseQuery(summaryQuery, request.query);
    const history = service.history();
    const month = query.period ?? formatMonth(history.now);
    const trials = await history.trialConversion(month);
    const s = monthSummary(history.ledger, service.rates, trials, month, history.now);
    const reasons: Record<string, string> = {};
    const note = (name: string, value: { reason: string | null }) => value.reason !== null && (reasons[name] = value.reason);
    note('customer_churn_rate', s.customerChurnRate);
    note('gross_mrr_churn_rate', s.grossMrrChurn);
    note('net_mrr_churn_rate', s.netMrrChurn);
    note('arpa', s.arpa);
    note('ltv', s.ltv);
    note('quick_ratio', s.quickRatio);
    note('trial_conversion_rate', s.trialConversion.rate);
    return {
      period: s.month,
      currency,
      mrr_at_start: major(s.mrrAtStart),
      mrr_at_end: major(s.mrrAtEnd),
      paying_customers_at_start: s.payingCustomersAtStart,
      paying_customers_at_end: s.payingCustomersAtEnd,
      movements: movementsInMajor(s.movements),
      churned_customers: s.churnedCustomers,
      customer_churn_rate: percentOrNull(s.customerChurnRate),
      gross_mrr_churn_rate: percentOrNull(s.grossMrrChurn),
      net_mrr_churn_rate: percentOrNull(s.netMrrChurn),
      arpa: amountOrNull(s.arpa, currency),
      ltv: amountOrNull(s.ltv, currency),
      quick_ratio: percentOrNull(s.quickRatio),
      trials_ended: s.trialConversion.trialsEnded,
      trials_converted: s.trialConversion.converted,
      trial_conversion_rate: percentOrNull(s.trialConversion.rate),
      reasons,
    };
  });
}
