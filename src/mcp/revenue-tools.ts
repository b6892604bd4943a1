import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { toMajorUnits } from '../metrics/index.ts';
import { formatDate, mrrSeries } from '../metrics/history/index.ts';
import { monthSummaryJson, movementsHistory, movementsHistoryJson, mrrHistory, mrrHistoryJson } from '../http/answers/metrics-answers.ts';
import { BadRequestError } from '../http/errors.ts';
import { dateField, monthField, rangeQuery } from '../http/metrics-query.ts';
import { parseQuery } from '../http/parse-query.ts';
import { revenueBody } from '../http/revenue-body.ts';
import type { RevenueService } from '../service/revenue-service.ts';
import { registerReadOnlyTool, type ToolLogger } from './read-only-tool.ts';

const money = (what: string) => z.number().describe(`${what}, in major units of the reporting currency`);
const interval = z.enum(['day', 'week', 'month']).default('month').describe('the length of each period');
const rangeInput = {
  from: dateField('from').describe('first day, YYYY-MM-DD (default: a year before `to`)'),
  to: dateField('to').describe('last day, YYYY-MM-DD (default: today)'),
  interval,
};
const movementTotals = z.object({
  new: z.number(),
  expansion: z.number(),
  contraction: z.number(),
  churn: z.number(),
  reactivation: z.number(),
  net: z.number(),
});

/** A series as /api/metrics/* answers it: its currency and range, and a point per period. */
const series = <Point extends z.ZodObject>(point: Point) =>
  z.object({ currency: z.string(), interval: z.string(), from: z.string(), to: z.string(), points: z.array(point) });

/** get_mrr, get_mrr_history, get_movements, get_churn: the figures of /api/revenue and /api/metrics/*. */
export function registerRevenueTools(server: McpServer, service: RevenueService, logger: ToolLogger): void {
  const currency = service.rates.reportingCurrency;

  registerReadOnlyTool(server, logger, {
    name: 'get_mrr',
    title: 'MRR now, or on a past day',
    description:
      'MRR, ARR and paying customers. Without as_of: the current figures of GET /api/revenue (also total revenue, MRR per currency, freshness). ' +
      'With as_of (YYYY-MM-DD, not after today): MRR at the end of that day (UTC) from the revenue history.',
    input: { as_of: dateField('as_of').describe('a past day, YYYY-MM-DD') },
    output: z.looseObject({
      currency: z.string(),
      mrr: money('monthly recurring revenue'),
      arr: money('annual run rate, 12 × MRR'),
      customers: z.number().describe('paying customers'),
      as_of: z.string().nullable().describe('the day asked for, or when the current figures were last brought up to date'),
      from_history: z.boolean(),
      total_revenue: money('net revenue of all charges').optional(),
      mrr_by_currency: z.record(z.string(), z.number()).optional().describe('MRR in major units of each currency'),
      stale: z.boolean().optional(),
    }),
    async answer({ as_of }) {
      if (as_of === undefined) return { ...revenueBody(service.view(), new Date()), from_history: false };
      const { ledger, now } = service.history();
      if (as_of > formatDate(now)) throw new BadRequestError(`as_of ${as_of} is after today (${formatDate(now)})`);
      const [point] = mrrSeries(ledger, service.rates, { from: as_of, to: as_of, interval: 'day' });
      return { currency, mrr: toMajorUnits(point!.mrr, currency), arr: toMajorUnits(12 * point!.mrr, currency), customers: point!.customers, as_of, from_history: true };
    },
  });

  registerReadOnlyTool(server, logger, {
    name: 'get_mrr_history',
    title: 'MRR over time',
    description: 'MRR and paying customers at the end of each period from `from` to `to` (GET /api/metrics/mrr).',
    input: rangeInput,
    output: series(z.object({ date: z.string().describe('the period’s last day'), mrr: money('MRR'), customers: z.number() })),
    answer: async (args) => mrrHistoryJson(mrrHistory(service, parseQuery(rangeQuery, args))),
  });

  registerReadOnlyTool(server, logger, {
    name: 'get_movements',
    title: 'MRR movements over time',
    description: 'New, expansion, contraction, churn and reactivation MRR, and their net, per period from `from` to `to` (GET /api/metrics/movements).',
    input: rangeInput,
    output: series(movementTotals.extend({ period: z.string() })),
    answer: async (args) => movementsHistoryJson(movementsHistory(service, parseQuery(rangeQuery, args))),
  });

  registerReadOnlyTool(server, logger, {
    name: 'get_churn',
    title: 'Churn in a month',
    description: 'Churned customers and MRR in a month, and the churn rates (fractions: 0.05 is 5%) of GET /api/metrics/summary.',
    input: { period: monthField.optional().describe('the month, YYYY-MM (default: the current one)') },
    output: z.object({
      period: z.string(),
      currency: z.string(),
      mrr_at_start: money('MRR as the month began'),
      paying_customers_at_start: z.number(),
      churned_customers: z.number(),
      churned_mrr: money('MRR lost to churn (negative)'),
      contraction_mrr: money('MRR lost to downgrades (negative)'),
      customer_churn_rate: z.number().nullable(),
      gross_mrr_churn_rate: z.number().nullable(),
      net_mrr_churn_rate: z.number().nullable(),
      reasons: z.record(z.string(), z.string()).describe('why a rate is null'),
    }),
    async answer({ period }) {
      const s = await monthSummaryJson(service, period);
      const reasons = Object.fromEntries(Object.entries(s.reasons).filter(([name]) => name.includes('churn')));
      return {
        period: s.period,
        currency: s.currency,
        mrr_at_start: s.mrr_at_start,
        paying_customers_at_start: s.paying_customers_at_start,
        churned_customers: s.churned_customers,
        churned_mrr: s.movements.churn,
        contraction_mrr: s.movements.contraction,
        customer_churn_rate: s.customer_churn_rate,
        gross_mrr_churn_rate: s.gross_mrr_churn_rate,
        net_mrr_churn_rate: s.net_mrr_churn_rate,
        reasons,
      };
    },
  });
}
