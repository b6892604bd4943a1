import { majorByCurrency } from './json-values.ts';
import { toMajorUnits, type Snapshot } from '../metrics/index.ts';
import type { RevenueView } from '../service/revenue-service.ts';

/** The figures of a snapshot as the API writes them, amounts in major units. */
export function figuresBody(s: Snapshot) {
  const major = (minor: number) => toMajorUnits(minor, s.currency);
  return {
    mrr: major(s.mrr),
    arr: major(s.arr),
    customers: s.payingCustomers,
    total_revenue: major(s.totalRevenue),
    currency: s.currency,
    customers_total: s.customersTotal,
    mrr_by_currency: majorByCurrency(s.mrrByCurrency),
    total_revenue_by_currency: majorByCurrency(s.totalRevenueByCurrency),
    unconverted_currencies: s.unconvertedCurrencies,
    exchange_rates: s.ratesUsed,
    scheduled_churn_mrr: major(s.scheduledChurnMrr),
    unpriced_subscriptions: s.unpricedSubscriptions,
  };
}

const isoOrNull = (date: Date | null) => date?.toISOString() ?? null;

function pendingAgeSeconds(oldest: Date | null, now: Date): number | null {
  return oldest === null ? null : Math.max(0, Math.round((now.getTime() - oldest.getTime()) / 1000));
}

/** The seed's `/api/revenue` fields, then ours. Amounts leave minor units only here. */
export function revenueBody(view: RevenueView, now: Date) {
  const { freshness } = view;
  return {
    ...figuresBody(view.snapshot),
    configured: view.configured,
    timestamp: now.toISOString(),
    source: view.source,
    as_of: freshness.asOf?.toISOString() ?? null,
    stale: freshness.stale,
    last_error: freshness.lastError,
    pending_events: freshness.backlog.pendingEvents,
    oldest_pending_age_seconds: pendingAgeSeconds(freshness.backlog.oldestPendingAt, now),
    dead_events: freshness.backlog.deadEvents,
    livemode: view.status.livemode,
    last_sync: { at: isoOrNull(view.status.lastSync.at), result: view.status.lastSync.result, error: view.status.lastSync.error },
    last_webhook_at: isoOrNull(view.status.lastWebhookAt),
    ...(view.notice ? { message: view.notice } : {}),
  };
}

/** The body's JSON around its timestamp, kept until the figures or their freshness change. */
interface RenderedView {
  snapshot: Snapshot;
  freshness: RevenueView['freshness'];
  status: RevenueView['status'];
  before: string;
  after: string;
}

const TIMESTAMP_MARK = '@timestamp@';

/**
 * `revenueBody` as JSON, for the hot routes: the figures are rendered once per change, and only the
 * response's own timestamp is written per request.
 */
export function revenueJsonRenderer(): (view: RevenueView, now: Date) => string {
  let rendered: RenderedView | undefined;
  return (view, now) => {
    // A backlog's age grows by the second, so while there is one the body is written anew.
    if (rendered?.snapshot !== view.snapshot || rendered.freshness !== view.freshness || rendered.status !== view.status || view.freshness.backlog.pendingEvents > 0) {
      const json = JSON.stringify({ ...revenueBody(view, now), timestamp: TIMESTAMP_MARK });
      const [before, after] = json.split(`"${TIMESTAMP_MARK}"`) as [string, string];
      rendered = { snapshot: view.snapshot, freshness: view.freshness, status: view.status, before, after };
    }
    return `${rendered.before}"${now.toISOString()}"${rendered.after}`;
  };
}
