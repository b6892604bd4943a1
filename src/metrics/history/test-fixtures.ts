// Stripe-shaped invoices for the history tables: each case states its subscription's billing periods
// and amounts; everything else is a plain paid USD invoice.
import type { Contribution, RatesConfig } from '../index.ts';
import type { StripeInvoice, StripeInvoiceLineItem, StripePrice, StripeSubscription, StripeSubscriptionItem } from '../stripe-shapes.ts';
import { subscription } from '../test-fixtures.ts';
import { buildIntervals, type IntervalInput } from './build-intervals.ts';
import { nextPeriodStart, parseDate, parseMonth } from './calendar.ts';
import type { MrrInterval } from './mrr-interval.ts';

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

/** buildIntervals with the cases' defaults: no current state, default policy, NOW. */
export function intervalsOf(o: Omit<Partial<IntervalInput>, 'prices'> & { invoices: StripeInvoice[]; prices: StripePrice[] }): MrrInterval[] {
  return buildIntervals({
    subscriptions: [],
    currentContributions: new Map(),
    coupons: new Map(),
    policy: 'forever',
    now: NOW,
    ...o,
    prices: new Map(o.prices.map((p) => [p.id, p])),
  });
}
