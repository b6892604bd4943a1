import type { FastifyInstance } from 'fastify';
import { toMajorString } from '../../metrics/index.ts';
import type { RevenueService } from '../../service/revenue-service.ts';
import { monthSummaryJson, movementsHistory, movementsHistoryJson, mrrHistory, mrrHistoryJson } from '../answers/metrics-answers.ts';
import { sendCsv } from '../csv-reply.ts';
import { rangeQuery, summaryQuery } from '../metrics-query.ts';
import { parseQuery } from '../parse-query.ts';

const MOVEMENT_KINDS = ['new', 'expansion', 'contraction', 'churn', 'reactivation', 'net'] as const;

/**
 * History endpoints: every figure from the same MRR intervals, amounts in major units of the reporting
 * currency. Bad dates and ranges are 400s that say which parameter is wrong; anything else that fails is a 500.
 */
export function metricsRoutes(app: FastifyInstance, service: RevenueService): void {
  const currency = service.rates.reportingCurrency;
  const decimal = (minor: number) => toMajorString(minor, currency);

  app.get('/api/metrics/mrr', async (request, reply) => {
    const query = parseQuery(rangeQuery, request.query);
    const history = mrrHistory(service, query);
    if (query.format === 'csv') {
      const { from, to } = history.range;
      return sendCsv(reply, `mrr-${from}-${to}.csv`, ['date', 'mrr', 'customers', 'currency'], history.points.map((p) => [p.date, decimal(p.mrr), p.customers, currency]));
    }
    return mrrHistoryJson(history);
  });

  app.get('/api/metrics/movements', async (request, reply) => {
    const query = parseQuery(rangeQuery, request.query);
    const history = movementsHistory(service, query);
    if (query.format === 'csv') {
      const { from, to } = history.range;
      const rows = history.points.map((p) => [p.period, ...MOVEMENT_KINDS.map((kind) => decimal(p[kind])), currency]);
      return sendCsv(reply, `movements-${from}-${to}.csv`, ['period', ...MOVEMENT_KINDS, 'currency'], rows);
    }
    return movementsHistoryJson(history);
  });

  app.get('/api/metrics/summary', async (request) => monthSummaryJson(service, parseQuery(summaryQuery, request.query).period));
}
