import { convertTotal, toMajorUnits } from '../../metrics/index.ts';
import { convertedSum, formatDate, formatMonth, mrrAtInstants, periodsBetween } from '../../metrics/history/index.ts';
import type { RevenueService } from '../../service/revenue-service.ts';
import type { CustomerSubscriptionRow } from '../../store/customer-detail-repository.ts';
import { isoFromUnix, majorByCurrency } from '../json-values.ts';

const HISTORY_MONTHS = 24;

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

/** GET /api/customers/{id}: one customer's subscriptions, MRR, movements and MRR history; undefined when unknown. */
export async function customerDetailJson(service: RevenueService, id: string) {
  const { rates } = service;
  const currency = rates.reportingCurrency;
  const reads = service.reads.customerDetail;
  const [customer, subscriptions, movements, intervals] = await Promise.all([reads.customer(id), reads.subscriptions(id), reads.movements(id), reads.intervals(id)]);
  if (customer === undefined && subscriptions.length === 0 && movements.length === 0) return undefined;
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
}

/** The first day of the month `count` months before the one holding `now`, in unix seconds. */
function monthsBack(now: number, count: number): number {
  const date = new Date(now * 1000);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - count, 1) / 1000;
}
