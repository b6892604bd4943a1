import type { InvoiceSpan } from './invoice-spans.ts';
import { mergeAdjacent, type MrrInterval } from './mrr-interval.ts';
import type { SubscriptionState } from './subscription-state.ts';

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
function currentPeriodStart(state: SubscriptionState, now: number): number {
  const start = state.currentPeriodStart ?? Infinity;
  return start <= now ? start : Math.min(state.startDate, now);
}

/**
 * The current state holds from the start of the invoiced period covering `now` (so today's value is
 * exactly the current contribution), else from the end of the last invoiced period (a current period
 * not invoiced yet is no churn), else from the current billing period's start. An ended subscription
 * is 0 from `ended_at` (rule 11), whatever its invoices covered.
 */
function takeover(spans: readonly InvoiceSpan[], state: SubscriptionState | undefined, now: number): Takeover | undefined {
  if (state === undefined) return undefined;
  if (state.endedAt !== null && state.endedAt <= now) return { at: state.endedAt, mrr: 0, customerId: state.customerId, currency: state.currency };
  if (state.mrr === null) return undefined;
  const current = { mrr: state.mrr, customerId: state.customerId, currency: state.currency };
  let latest: InvoiceSpan | undefined;
  for (const span of spans) if (span.start <= now) latest = span;
  if (latest === undefined) return { at: currentPeriodStart(state, now), ...current };
  return { at: latest.end > now ? latest.start : latest.end, ...current };
}

/**
 * The first instant after `now` at which time alone changes the subscription's intervals (an invoiced
 * period starting or ending, a future start or end): until then they stay as derived.
 */
function nextChange(spans: readonly InvoiceSpan[], state: SubscriptionState | undefined, now: number): number | null {
  let next = Infinity;
  const consider = (t: number | null) => {
    if (t !== null && t > now && t < next) next = t;
  };
  for (const span of spans) {
    consider(span.start);
    consider(span.end);
  }
  if (state !== undefined) {
    consider(state.endedAt);
    consider(state.currentPeriodStart);
    consider(state.startDate);
  }
  return next === Infinity ? null : next;
}

/** One subscription's MRR intervals: its invoiced periods, then its current state from the takeover on. */
export function subscriptionIntervals(
  subscriptionId: string,
  spans: readonly InvoiceSpan[],
  state: SubscriptionState | undefined,
  now: number,
): { intervals: MrrInterval[]; nextChange: number | null } {
  const resolved = resolveOverlaps(spans);
  const from = takeover(resolved, state, now);
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
  return { intervals: mergeAdjacent(intervals), nextChange: nextChange(resolved, state, now) };
}
