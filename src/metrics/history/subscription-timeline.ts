import type { Contribution } from '../index.ts';
import type { StripeSubscription } from '../stripe-shapes.ts';
import type { InvoiceSpan } from './invoice-spans.ts';
import { mergeAdjacent, type MrrInterval } from './mrr-interval.ts';

/** Where the subscription's current state takes over from its invoices, and the amount it gives. */
interface Takeover {
  at: number;
  mrr: number;
  customerId: string;
  currency: string;
}

// A newer invoice's period overrides an older one from its start (a plan change that resets the billing
// anchor), so each span holds until the next span starts or its own period ends.
function resolveOverlaps(spans: readonly InvoiceSpan[]): InvoiceSpan[] {
  const sorted = [...spans].sort(
    (a, b) => a.start - b.start || a.invoiceCreated - b.invoiceCreated || (a.invoiceId < b.invoiceId ? -1 : a.invoiceId > b.invoiceId ? 1 : 0),
  );
  const resolved: InvoiceSpan[] = [];
  for (const span of sorted) {
    const last = resolved[resolved.length - 1];
    if (last !== undefined && last.start === span.start) resolved.pop();
    else if (last !== undefined && last.end > span.start) resolved[resolved.length - 1] = { ...last, end: span.start };
    resolved.push(span);
  }
  return resolved;
}

// With no invoice yet (e.g. just synced), the current billing period is the best-known start.
function currentPeriodStart(sub: StripeSubscription | undefined, now: number): number {
  if (sub === undefined) return now;
  let start = Infinity;
  for (const item of sub.items.data) start = Math.min(start, item.current_period_start);
  return start <= now ? start : Math.min(sub.start_date, now);
}

/**
 * The current state holds from the start of the invoiced period covering `now` (so today's value is
 * exactly the current contribution), else from the end of the last invoiced period (a current period
 * not invoiced yet is no churn), else from the current billing period's start. An ended subscription
 * is 0 from `ended_at` (rule 11), whatever its invoices covered.
 */
function takeover(
  spans: readonly InvoiceSpan[],
  sub: StripeSubscription | undefined,
  current: Contribution | undefined,
  now: number,
): Takeover | undefined {
  if (sub?.ended_at !== null && sub?.ended_at !== undefined && sub.ended_at <= now) {
    return { at: sub.ended_at, mrr: 0, customerId: sub.customer, currency: sub.currency.toLowerCase() };
  }
  if (current === undefined) return undefined;
  const state = { mrr: current.mrr, customerId: current.customerId, currency: current.currency.toLowerCase() };
  let latest: InvoiceSpan | undefined;
  for (const span of spans) if (span.start <= now) latest = span;
  if (latest === undefined) return { at: currentPeriodStart(sub, now), ...state };
  return { at: latest.end > now ? latest.start : latest.end, ...state };
}

/** One subscription's MRR intervals: its invoiced periods, then its current state from the takeover on. */
export function subscriptionIntervals(
  subscriptionId: string,
  spans: readonly InvoiceSpan[],
  sub: StripeSubscription | undefined,
  current: Contribution | undefined,
  now: number,
): MrrInterval[] {
  const resolved = resolveOverlaps(spans);
  const from = takeover(resolved, sub, current, now);
  const cutoff = from?.at ?? Infinity;
  const intervals: MrrInterval[] = [];
  for (const span of resolved) {
    if (span.start >= cutoff) break;
    intervals.push({
      subscriptionId,
      customerId: span.customerId,
      currency: span.currency,
      start: span.start,
      end: Math.min(span.end, cutoff),
      mrr: span.mrr,
    });
  }
  if (from !== undefined) {
    intervals.push({ subscriptionId, customerId: from.customerId, currency: from.currency, start: from.at, end: null, mrr: from.mrr });
  }
  return mergeAdjacent(intervals);
}
