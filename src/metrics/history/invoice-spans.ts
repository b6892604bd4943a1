import type { CountedLine } from './counted-lines.ts';
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

/**
 * Sums each invoice's lines per subscription (and per billing period, in the rare case one invoice
 * bills one subscription for two periods), then rounds once.
 */
export function invoiceSpans(lines: Iterable<CountedLine>, ctx: LineContext): Map<string, InvoiceSpan[]> {
  const sums = new Map<string, { line: CountedLine; monthly: Rational }>();
  for (const line of lines) {
    const monthly = lineMonthlyAmount(line, ctx);
    if (monthly === undefined) continue;
    const key = `${line.invoiceId}\u0000${line.subscriptionId}\u0000${line.start}\u0000${line.end}`;
    const sum = sums.get(key);
    if (sum === undefined) sums.set(key, { line, monthly });
    else sum.monthly = addRational(sum.monthly, monthly);
  }
  const bySubscription = new Map<string, InvoiceSpan[]>();
  for (const { line, monthly } of sums.values()) {
    const span: InvoiceSpan = {
      subscriptionId: line.subscriptionId,
      customerId: line.customerId,
      currency: line.currency,
      start: line.start,
      end: line.end,
      // Rule 3: discounts never take an amount below zero.
      mrr: Math.max(0, roundRational(monthly)),
      invoiceCreated: line.invoiceCreated,
      invoiceId: line.invoiceId,
    };
    const list = bySubscription.get(line.subscriptionId);
    if (list === undefined) bySubscription.set(line.subscriptionId, [span]);
    else list.push(span);
  }
  return bySubscription;
}
