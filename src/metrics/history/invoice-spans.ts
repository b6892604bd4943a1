import type { StripeInvoice } from '../stripe-shapes.ts';
import { lineMonthlyAmount, type LineContext } from './line-monthly-amount.ts';
import { addRational, roundRational, type Rational } from './rational.ts';

/** What one invoice says about one subscription for one billing period. */
export interface InvoiceSpan {
  subscriptionId: string;
  customerId: string;
  currency: string;
  start: number;
  end: number;
  /** Integer minor units, ≥ 0. */
  mrr: number;
  /** Orders spans that start together: the later invoice is the newer word. */
  invoiceCreated: number;
  invoiceId: string;
}

// Drafts can still change, and void/uncollectible invoices were never revenue (rule 10).
const COUNTED: ReadonlySet<string> = new Set(['paid', 'open']);

/**
 * Sums each invoice's lines per subscription (and per billing period, in the rare case one invoice
 * bills one subscription for two periods), then rounds once. Expects every line in `lines.data`.
 */
export function invoiceSpans(invoices: Iterable<StripeInvoice>, ctx: LineContext): Map<string, InvoiceSpan[]> {
  const bySubscription = new Map<string, InvoiceSpan[]>();
  for (const invoice of invoices) {
    if (!COUNTED.has(invoice.status)) continue;
    // An invoice has a handful of lines: a linear search beats a Map allocated per invoice.
    const sums: Array<{ subscriptionId: string; start: number; end: number; monthly: Rational }> = [];
    for (const line of invoice.lines.data) {
      const part = lineMonthlyAmount(line, ctx);
      if (part === undefined) continue;
      const { start, end } = line.period;
      const sum = sums.find((s) => s.subscriptionId === part.subscriptionId && s.start === start && s.end === end);
      if (sum === undefined) sums.push({ subscriptionId: part.subscriptionId, start, end, monthly: part.monthly });
      else sum.monthly = addRational(sum.monthly, part.monthly);
    }
    for (const sum of sums) {
      const span: InvoiceSpan = {
        subscriptionId: sum.subscriptionId,
        customerId: invoice.customer,
        currency: invoice.currency.toLowerCase(),
        start: sum.start,
        end: sum.end,
        // Rule 3: discounts never take an amount below zero.
        mrr: Math.max(0, roundRational(sum.monthly)),
        invoiceCreated: invoice.created,
        invoiceId: invoice.id,
      };
      const list = bySubscription.get(sum.subscriptionId);
      if (list === undefined) bySubscription.set(sum.subscriptionId, [span]);
      else list.push(span);
    }
  }
  return bySubscription;
}
