// Stripe-shaped invoices for the history tables: each case states its subscription's billing periods
// and amounts; everything else is a plain paid USD invoice.
import type { Contribution, DiscountPolicy, RatesConfig } from '../index.ts';
import type { StripeCoupon, StripeInvoice, StripeInvoiceLineItem, StripePrice, StripeSubscription, StripeSubscriptionItem } from '../stripe-shapes.ts';
import { subscription } from '../test-fixtures.ts';
import { buildIntervals } from './build-intervals.ts';
import { nextPeriodStart, parseDate, parseMonth } from './calendar.ts';
import { countedLines } from './counted-lines.ts';
import { customerChanges } from './customer-changes.ts';
import { lineCouponDuration } from './line-coupons.ts';
import { monthBounds } from './month-summary.ts';
import type { MrrInterval } from './mrr-interval.ts';
import { RevenueLedger } from './revenue-ledger.ts';
import { subscriptionState, type SubscriptionState } from './subscription-state.ts';
import { trialOutcome, type TrialConversion } from './trial-conversion.ts';

export { every, unitPrice } from '../test-fixtures.ts';

/** Mid-July 2025: the cases' invoices run from January. */
export const NOW = parseDate('2025-07-15') + 12 * 3600;
export const at = (date: string): number => parseDate(date);
export const USD: RatesConfig = { reportingCurrency: 'usd', rates: new Map() };
export const ratesOf = (rates: Record<string, string>): RatesConfig => ({ reportingCurrency: 'usd', rates: new Map(Object.entries(rates)) });

let counter = 0;

export function line(o: {
  sub: string | null;
  amount: number;
  start: number;
  end: number;
  price: StripePrice;
  discounts?: StripeInvoiceLineItem['discount_amounts'];
  proration?: boolean;
}): StripeInvoiceLineItem {
  return {
    id: `il_${++counter}`,
    object: 'line_item',
    amount: o.amount,
    currency: o.price.currency,
    quantity: 1,
    period: { start: o.start, end: o.end },
    discount_amounts: o.discounts ?? [],
    parent:
      o.sub === null
        ? { type: 'invoice_item_details', subscription_item_details: null, invoice_item_details: { invoice_item: `ii_${counter}`, subscription: null } }
        : { type: 'subscription_item_details', subscription_item_details: { subscription: o.sub, subscription_item: `si_${counter}`, proration: o.proration ?? false }, invoice_item_details: null },
    pricing: { type: 'price_details', price_details: { price: o.price.id, product: o.price.product }, unit_amount_decimal: null },
  };
}

export function invoice(customer: string, lines: StripeInvoiceLineItem[], o: { status?: StripeInvoice['status']; created?: number } = {}): StripeInvoice {
  const start = Math.min(...lines.map((l) => l.period.start));
  return {
    id: `in_${++counter}`,
    object: 'invoice',
    customer,
    currency: lines[0]?.currency ?? 'usd',
    status: o.status ?? 'paid',
    created: o.created ?? start,
    period_start: start,
    period_end: start,
    total: lines.reduce((sum, l) => sum + l.amount, 0),
    amount_paid: 0,
    lines: { object: 'list', data: lines, has_more: false, url: '/v1/invoices/lines' },
    parent: null,
  };
}

/**
 * One paid invoice per calendar month from `first`, billing the month: amounts[i] for month i, null
 * for a month without an invoice.
 */
export function monthly(o: { sub: string; customer: string; price: StripePrice; first: string; amounts: Array<number | null>; status?: StripeInvoice['status'] }): StripeInvoice[] {
  const invoices: StripeInvoice[] = [];
  let start = parseMonth(o.first);
  for (const amount of o.amounts) {
    const end = nextPeriodStart(start, 'month');
    if (amount !== null) invoices.push(invoice(o.customer, [line({ sub: o.sub, amount, start, end, price: o.price })], { status: o.status }));
    start = end;
  }
  return invoices;
}

export const contribution = (subscriptionId: string, customerId: string, mrr: number, currency = 'usd'): Contribution =>
  ({ subscriptionId, customerId, currency, mrr, scheduledChurn: false });

export const sub = (id: string, customer: string, overrides: Partial<StripeSubscription> = {}, items: StripeSubscriptionItem[] = []): StripeSubscription =>
  subscription(items, { id, customer, ...overrides });

export interface IntervalCase {
  invoices: StripeInvoice[];
  prices: StripePrice[];
  subscriptions?: StripeSubscription[];
  /** Current contributions; one without a subscription stands for a subscription first seen now. */
  currentContributions?: ReadonlyMap<string, Contribution>;
  /** Discount id → coupon, for lines whose discounts the invoice names by id only. */
  coupons?: ReadonlyMap<string, StripeCoupon>;
  policy?: DiscountPolicy;
  now?: number;
}

function statesOf(o: IntervalCase, now: number): SubscriptionState[] {
  const current = o.currentContributions ?? new Map<string, Contribution>();
  const states = (o.subscriptions ?? []).map((s) => subscriptionState(s, current.get(s.id)?.mrr ?? null));
  for (const c of current.values()) {
    if (states.some((s) => s.subscriptionId === c.subscriptionId)) continue;
    states.push({ subscriptionId: c.subscriptionId, customerId: c.customerId, currency: c.currency, startDate: now, currentPeriodStart: null, endedAt: null, trialStart: null, trialEnd: null, mrr: c.mrr });
  }
  return states;
}

/** The intervals of the cases' invoices and subscriptions: default policy, NOW, no current state. */
export function intervalsOf(o: IntervalCase): MrrInterval[] {
  const now = o.now ?? NOW;
  return buildIntervals({
    lines: o.invoices.flatMap(countedLines),
    subscriptions: statesOf(o, now),
    lineContext: { prices: new Map(o.prices.map((p) => [p.id, p])), couponDuration: lineCouponDuration(new Map(), o.coupons), policy: o.policy ?? 'forever' },
    now,
  }).intervals;
}

/** The ledger of intervals of any number of customers, as the store keeps it customer by customer. */
export function ledgerOf(intervals: readonly MrrInterval[], rates: RatesConfig): RevenueLedger {
  const byCustomer = new Map<string, MrrInterval[]>();
  for (const interval of intervals) byCustomer.set(interval.customerId, [...(byCustomer.get(interval.customerId) ?? []), interval]);
  const ledger = new RevenueLedger();
  for (const own of byCustomer.values()) ledger.record(customerChanges(own, rates), 1);
  return ledger;
}

/** A month's trial conversion over the cases' subscriptions, as the store counts it. */
export function trialsOf(subscriptions: readonly StripeSubscription[], intervals: readonly MrrInterval[], month: string, now = NOW): TrialConversion {
  const { start, end } = monthBounds(month);
  const outcomes = subscriptions.map((s) => trialOutcome(subscriptionState(s, null), intervals.filter((i) => i.subscriptionId === s.id), now));
  const ended = outcomes.filter((o) => o.endedAt !== null && o.endedAt >= start && o.endedAt < end && o.endedAt <= now);
  return { trialsEnded: ended.length, converted: ended.filter((o) => o.converted).length };
}
