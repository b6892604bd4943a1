import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { convertTotal, toMajorUnits, type RatesConfig } from '../../metrics/index.ts';
import { convertedSum, formatDate, formatMonth, mrrAtInstants, periodsBetween, reportingFactor } from '../../metrics/history/index.ts';
import type { RevenueService } from '../../service/revenue-service.ts';
import type { CustomerSubscriptionRow } from '../../store/customer-detail-repository.ts';
import { errorBody } from '../errors.ts';
import { isoFromUnix, majorByCurrency } from '../json-values.ts';
import { parseQuery } from '../parse-query.ts';
import { storedText } from '../stored-text.ts';

const LIMIT = 'limit must be a whole number from 1 to 200';
const OFFSET = 'offset must be a whole number from 0';
const listQuery = z.object({
  search: storedText('search must be at most 200 characters', { min: 0, max: 200 }).optional(),
  limit: z.coerce.number({ error: LIMIT }).int(LIMIT).min(1, LIMIT).max(200, LIMIT).default(50),
  offset: z.coerce.number({ error: OFFSET }).int(OFFSET).min(0, OFFSET).max(1_000_000_000, OFFSET).default(0),
});
const ID = 'the customer id must be 1 to 255 characters';
const customerParams = z.object({ id: storedText(ID, { min: 1, max: 255 }) });
const HISTORY_MONTHS = 24;


/** Reporting minor units per minor unit of each currency with a rate, for the SQL that orders customers by MRR. */
function reportingFactors(rates: RatesConfig): Record<string, string> {
  const currencies = [rates.reportingCurrency.toLowerCase(), ...rates.rates.keys()];
  return Object.fromEntries(currencies.map((c) => [c, reportingFactor(c, rates)!.toFixed()]));
}

interface StoredSubscription {
  status?: string;
  currency?: string;
  start_date?: number;
  ended_at?: number | null;
  cancel_at_period_end?: boolean;
  items?: { data?: Array<{ price?: { id?: string; nickname?: string | null; product?: string | { name?: string } } }> };
}

/** What the subscription is for: the price's nickname, else its product's name when expanded, else the price id. */
function planOf(data: StoredSubscription | null): string | null {
  const price = data?.items?.data?.[0]?.price;
  if (price === undefined) return null;
  const product = typeof price.product === 'object' ? price.product.name : undefined;
  return price.nickname || product || price.id || null;
}

function subscriptionJson(row: CustomerSubscriptionRow) {
  const data = row.data as StoredSubscription | null;
  const currency = row.currency ?? data?.currency?.toLowerCase() ?? null;
  return {
    id: row.id,
    status: data?.status ?? null,
    currency,
    mrr: row.mrr === null || currency === null ? null : toMajorUnits(row.mrr, currency),
    plan: planOf(data),
    started_at: isoFromUnix(row.startDate ?? data?.start_date),
    ended_at: isoFromUnix(row.endedAt ?? data?.ended_at),
    cancel_at_period_end: data?.cancel_at_period_end ?? false,
  };
}

/** Customers by MRR, searchable and paged in SQL; one customer's subscriptions, movements and MRR history. */
export function customerRoutes(app: FastifyInstance, service: RevenueService): void {
  const { rates } = service;
  const currency = rates.reportingCurrency;
  const factors = reportingFactors(rates);

  app.get('/api/customers', async (request) => {
    const { search, limit, offset } = parseQuery(listQuery, request.query);
    const page = await service.reads.customerList.page({ search, limit, offset, factors, now: service.history().now });
    return {
      currency,
      total: page.total,
      limit,
      offset,
      customers: page.customers.map((c) => ({
        id: c.id,
        name: c.name,
        email: c.email,
        mrr: toMajorUnits(c.reportingMrr, currency),
        mrr_by_currency: majorByCurrency(c.mrrByCurrency),
        subscriptions: c.liveSubscriptions,
        paying: c.paying,
      })),
    };
  });

  app.get('/api/customers/:id', async (request, reply) => {
    const { id } = parseQuery(customerParams, request.params);
    const reads = service.reads.customerDetail;
    const [customer, subscriptions, movements, intervals] = await Promise.all([reads.customer(id), reads.subscriptions(id), reads.movements(id), reads.intervals(id)]);
    if (customer === undefined && subscriptions.length === 0 && movements.length === 0) {
      return reply.code(404).send(errorBody('not_found', 'no customer with this id'));
    }
    const mrrByCurrency: Record<string, number> = {};
    for (const s of subscriptions) if (s.currency !== null && s.mrr !== null && s.mrr > 0) mrrByCurrency[s.currency] = (mrrByCurrency[s.currency] ?? 0) + s.mrr;
    const { now } = service.history();
    const months = periodsBetween({ from: `${formatMonth(monthsBack(now, HISTORY_MONTHS - 1))}-01`, to: formatDate(now), interval: 'month' });
    const history = mrrAtInstants(intervals, months.map((p) => p.end - 1), rates);
    return {
      id,
      name: customer?.name ?? null,
      email: customer?.email ?? null,
      created: isoFromUnix(customer?.created),
      currency,
      mrr: toMajorUnits(convertedSum(new Map(Object.entries(mrrByCurrency)), rates), currency),
      mrr_by_currency: majorByCurrency(mrrByCurrency),
      subscriptions: subscriptions.map(subscriptionJson),
      movements: movements.map((m) => {
        const converted = convertTotal(m.amount, m.currency, rates);
        return {
          at: isoFromUnix(m.at),
          type: m.kind,
          amount: converted === undefined ? null : toMajorUnits(converted, currency),
          currency: m.currency,
          amount_in_currency: toMajorUnits(m.amount, m.currency),
        };
      }),
      mrr_history: months.map((p, k) => ({ date: p.lastDay, mrr: toMajorUnits(history[k]!, currency) })),
    };
  });
}

/** The first day of the month `count` months before the one holding `now`, in unix seconds. */
function monthsBack(now: number, count: number): number {
  const date = new Date(now * 1000);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - count, 1) / 1000;
}
