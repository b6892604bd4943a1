import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { DAY_SECONDS } from '../metrics/history/index.ts';
import { toMajorUnits } from '../metrics/index.ts';
import { isoFromUnix } from '../http/json-values.ts';
import type { RevenueService } from '../service/revenue-service.ts';
import { registerReadOnlyTool, type ToolLogger } from './read-only-tool.ts';

const DAYS = 'days must be a whole number from 1 to 366';
const days = (what: string) => ({ days: z.number({ error: DAYS }).int(DAYS).min(1, DAYS).max(366, DAYS).describe(what) });
const who = { customer_id: z.string().nullable(), name: z.string().nullable(), email: z.string().nullable() };

/** list_failed_payments and list_trials_ending: what someone may want to act on soon. */
export function registerAttentionTools(server: McpServer, service: RevenueService, logger: ToolLogger): void {
  const attention = service.reads.attention;

  registerReadOnlyTool(server, logger, {
    name: 'list_failed_payments',
    title: 'Failed payments',
    description: 'Charges that failed in the last `days` days, newest first, and invoices whose payment was attempted and failed without a charge.',
    input: days('how many days back'),
    output: z.object({
      since: z.string(),
      payments: z.array(
        z.object({
          kind: z.enum(['charge', 'invoice']),
          id: z.string(),
          ...who,
          at: z.string(),
          amount: z.number().nullable().describe('in major units of `currency`'),
          currency: z.string().nullable(),
          invoice_id: z.string().nullable(),
          reason: z.string().nullable(),
        }),
      ),
    }),
    async answer({ days }) {
      const { now } = service.history();
      const since = now - days * DAY_SECONDS;
      const rows = await attention.failedPayments(since, now);
      return {
        since: isoFromUnix(since),
        payments: rows.map((row) => ({
          kind: row.kind,
          id: row.id,
          customer_id: row.customerId,
          name: row.name,
          email: row.email,
          at: isoFromUnix(row.created),
          amount: row.amount === null || row.currency === null ? null : toMajorUnits(Number(row.amount), row.currency),
          currency: row.currency,
          invoice_id: row.invoiceId,
          reason: row.reason,
        })),
      };
    },
  });

  registerReadOnlyTool(server, logger, {
    name: 'list_trials_ending',
    title: 'Trials ending soon',
    description: 'Subscriptions still in their trial whose trial ends within the next `days` days, soonest first.',
    input: days('how many days ahead'),
    output: z.object({
      until: z.string(),
      trials: z.array(z.object({ subscription_id: z.string(), ...who, trial_end: z.string(), cancel_at_period_end: z.boolean() })),
    }),
    async answer({ days }) {
      const { now } = service.history();
      const until = now + days * DAY_SECONDS;
      const rows = await attention.trialsEnding(now, until);
      return {
        until: isoFromUnix(until),
        trials: rows.map((row) => ({
          subscription_id: row.subscriptionId,
          customer_id: row.customerId,
          name: row.name,
          email: row.email,
          trial_end: isoFromUnix(Number(row.trialEnd)),
          cancel_at_period_end: row.cancelAtPeriodEnd,
        })),
      };
    },
  });
}
