import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { BadRequestError } from '../http/errors.ts';
import { isoFromUnix } from '../http/json-values.ts';
import { dateField, rangeQuery } from '../http/metrics-query.ts';
import { parseQuery } from '../http/parse-query.ts';
import { formatDate, type MovementKind } from '../metrics/history/index.ts';
import { toMajorUnits } from '../metrics/index.ts';
import { explainMrrChange, MOVEMENT_TYPES } from '../service/explain-mrr-change.ts';
import type { RevenueService } from '../service/revenue-service.ts';
import { registerReadOnlyTool, type ToolLogger } from './read-only-tool.ts';

const LIMIT = 'limit must be a whole number from 1 to 500';

/** explain_change: why MRR moved between two days, customer by customer, to the cent. */
export function registerExplainChangeTool(server: McpServer, service: RevenueService, logger: ToolLogger): void {
  const currency = service.rates.reportingCurrency;
  const major = (minor: number) => toMajorUnits(minor, currency);

  registerReadOnlyTool(server, logger, {
    name: 'explain_change',
    title: 'Why MRR changed',
    description:
      'Attributes the change of MRR from the end of day `from` to the end of day `to` (UTC, as GET /api/metrics/mrr measures) to movement types ' +
      'and to customers, largest first. by_type sums exactly to `change`, and so do the customers listed plus `others`. ' +
      'E.g. "why did MRR drop in September?": from = August 31, to = September 30.',
    input: {
      from: dateField('from').unwrap().describe('the day MRR is measured from, YYYY-MM-DD'),
      to: dateField('to').unwrap().describe('the day MRR is measured at, YYYY-MM-DD, not after today'),
      limit: z.number({ error: LIMIT }).int(LIMIT).min(1, LIMIT).max(500, LIMIT).default(25).describe('how many customers to list'),
    },
    output: z.object({
      currency: z.string(),
      from: z.string(),
      to: z.string(),
      mrr_at_from: z.number(),
      mrr_at_to: z.number(),
      change: z.number().describe('mrr_at_to − mrr_at_from, in major units of the reporting currency'),
      by_type: z.object({ new: z.number(), expansion: z.number(), contraction: z.number(), churn: z.number(), reactivation: z.number() }),
      customers: z.array(
        z.object({
          customer_id: z.string(),
          name: z.string().nullable(),
          email: z.string().nullable(),
          change: z.number(),
          movements: z.array(z.object({ type: z.string(), amount: z.number(), at: z.string() })),
        }),
      ),
      others: z.object({ customers: z.number(), change: z.number() }).describe('the customers not listed, past `limit`'),
    }),
    async answer({ from, to, limit }) {
      parseQuery(rangeQuery, { from, to });
      const history = service.history();
      const today = formatDate(history.now);
      if (to > today) throw new BadRequestError(`to ${to} is after today (${today})`);
      const explained = await explainMrrChange(service, history, from, to);
      const listed = explained.customers.slice(0, limit);
      const rest = explained.customers.slice(limit);
      return {
        currency,
        from,
        to,
        mrr_at_from: major(explained.mrrAtFrom),
        mrr_at_to: major(explained.mrrAtTo),
        change: major(explained.change),
        by_type: Object.fromEntries(MOVEMENT_TYPES.map((kind) => [kind, major(explained.byType[kind])])) as Record<MovementKind, number>,
        customers: listed.map((c) => ({
          customer_id: c.customerId,
          name: c.name,
          email: c.email,
          change: major(c.change),
          movements: c.movements.map((m) => ({ type: m.kind, amount: major(m.amount), at: isoFromUnix(m.at) })),
        })),
        others: { customers: rest.length, change: major(rest.reduce((sum, c) => sum + c.change, 0)) },
      };
    },
  });
}
