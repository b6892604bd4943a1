import type { FastifyInstance } from 'fastify';
import { toMajorString, toMajorUnits } from '../../metrics/index.ts';
import { formatMonth, monthSummary, movementsSeries, mrrSeries, type Amount, type MovementTotals, type Ratio } from '../../metrics/history/index.ts';
import type { RevenueService } from '../../service/revenue-service.ts';
import { sendCsv } from '../csv-reply.ts';
import { range, rangeQuery, summaryQuery } from '../metrics-query.ts';
import { parseQuery } from '../parse-query.ts';

const MOVEMENT_KINDS = ['new', 'expansion', 'contraction', 'churn', 'reactivation', 'net'] as const;

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

  const decimal = (minor: number) => toMajorString(minor, currency);

  app.get('/api/metrics/mrr', async (request, reply) => {
    const query = parseQuery(rangeQuery, request.query);
    const { ledger, now } = service.history();
    const r = range(query, now);
    const series = mrrSeries(ledger, service.rates, r);
    if (query.format === 'csv') {
      return sendCsv(reply, `mrr-${r.from}-${r.to}.csv`, ['date', 'mrr', 'customers', 'currency'], series.map((p) => [p.date, decimal(p.mrr), p.customers, currency]));
    }
    const points = series.map((p) => ({ date: p.date, mrr: major(p.mrr), customers: p.customers }));
    return { currency, interval: r.interval, from: r.from, to: r.to, points };
  });

  app.get('/api/metrics/movements', async (request, reply) => {
    const query = parseQuery(rangeQuery, request.query);
    const { ledger, now } = service.history();
    const r = range(query, now);
    const series = movementsSeries(ledger, service.rates, r);
    if (query.format === 'csv') {
      const rows = series.map((p) => [p.period, ...MOVEMENT_KINDS.map((kind) => decimal(p[kind])), currency]);
      return sendCsv(reply, `movements-${r.from}-${r.to}.csv`, ['period', ...MOVEMENT_KINDS, 'currency'], rows);
    }
    const points = series.map((p) => ({ period: p.period, ...movementsInMajor(p) }));
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
