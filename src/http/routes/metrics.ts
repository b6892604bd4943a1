import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { toMajorUnits } from '../../metrics/index.ts';
import {
  formatDate,
  formatMonth,
  monthSummary,
  movementsSeries,
  mrrSeries,
  type Amount,
  type MovementTotals,
  type Ratio,
} from '../../metrics/history/index.ts';
import type { RevenueService } from '../../service/revenue-service.ts';
import { errorBody } from '../errors.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const rangeQuery = z.object({
  from: z.string().regex(DATE, 'from must be a date in YYYY-MM-DD form').optional(),
  to: z.string().regex(DATE, 'to must be a date in YYYY-MM-DD form').optional(),
  interval: z.enum(['day', 'week', 'month'], { error: 'interval must be day, week or month' }).default('month'),
});
const summaryQuery = z.object({
  period: z.string().regex(/^\d{4}-\d{2}$/, 'period must be a month in YYYY-MM form').optional(),
});

const DAY = 86_400;

/** Default range: the year up to today. */
function range(query: z.infer<typeof rangeQuery>, now: number) {
  const to = query.to ?? formatDate(now);
  const from = query.from ?? formatDate(Date.parse(`${to}T00:00:00Z`) / 1000 - 365 * DAY);
  return { from, to, interval: query.interval };
}

const percentOrNull = (r: Ratio) => (r.value === null ? null : Number(r.value));
const amountOrNull = (a: Amount, currency: string) => (a.value === null ? null : toMajorUnits(a.value, currency));

/**
 * History endpoints: every figure from the same MRR intervals, amounts in major units of the reporting
 * currency. Bad dates and ranges are 400s that say what is wrong.
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

  const parse = <T extends z.ZodType>(schema: T, query: unknown): z.infer<T> | string => {
    const parsed = schema.safeParse(query);
    return parsed.success ? parsed.data : parsed.error.issues.map((i) => i.message).join('; ');
  };
  const invalid = (reply: { code: (n: number) => { send: (b: unknown) => unknown } }, message: string) =>
    reply.code(400).send(errorBody('invalid_request', message));
  /** The engine throws RangeError for dates that don't exist and ranges it won't compute. */
  const orBadRequest = async <T>(reply: Parameters<typeof invalid>[0], compute: () => Promise<T>) => {
    try {
      return await compute();
    } catch (error) {
      if (error instanceof RangeError) return invalid(reply, error.message);
      throw error;
    }
  };

  app.get('/api/metrics/mrr', async (request, reply) => {
    const query = parse(rangeQuery, request.query);
    if (typeof query === 'string') return invalid(reply, query);
    return orBadRequest(reply, async () => {
      const { ledger, now } = service.history();
      const r = range(query, now);
      const points = mrrSeries(ledger, service.rates, r).map((p) => ({ date: p.date, mrr: major(p.mrr), customers: p.customers }));
      return { currency, interval: r.interval, from: r.from, to: r.to, points };
    });
  });

  app.get('/api/metrics/movements', async (request, reply) => {
    const query = parse(rangeQuery, request.query);
    if (typeof query === 'string') return invalid(reply, query);
    return orBadRequest(reply, async () => {
      const { ledger, now } = service.history();
      const r = range(query, now);
      const points = movementsSeries(ledger, service.rates, r).map((p) => ({ period: p.period, ...movementsInMajor(p) }));
      return { currency, interval: r.interval, from: r.from, to: r.to, points };
    });
  });

  app.get('/api/metrics/summary', async (request, reply) => {
    const query = parse(summaryQuery, request.query);
    if (typeof query === 'string') return invalid(reply, query);
    return orBadRequest(reply, async () => {
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
  });
}
