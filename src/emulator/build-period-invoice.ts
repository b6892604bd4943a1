/**
 * An invoice for one billing period of a subscription as it was configured then (which may differ from
 * its items today): one line per item with the period, the pre-discount amount and the discounts.
 */
import type { InvoiceStatus, StripeInvoice } from '../metrics/stripe-shapes.ts';
import { buildSubscriptionLine } from './build-billing.ts';
import { lineDiscountAmounts } from './invoice-discounts.ts';
import type { PlannedDiscount, PlannedItem } from './mrr-plan.ts';
import { periodAmount } from './pricing.ts';
import type { EmulatorState } from './state.ts';

export interface PeriodInvoiceInput {
  subscription: string;
  customer: string;
  currency: string;
  period: { start: number; end: number };
  items: readonly PlannedItem[];
  discounts: readonly PlannedDiscount[];
  customerDiscount: PlannedDiscount | null;
  status: InvoiceStatus;
  created: number;
  /** Usage billed for metered items. */
  meteredQuantity: number;
}

export function buildPeriodInvoice(state: EmulatorState, input: PeriodInvoiceInput): StripeInvoice {
  const id = state.ids.next('in');
  const drafts = input.items.map((item) => {
    const quantity = item.quantity ?? input.meteredQuantity;
    return { item, quantity, amount: periodAmount(item.price, quantity), licensed: item.quantity !== null, discounts: item.discounts };
  });
  const discounts = lineDiscountAmounts(drafts, input.discounts, input.customerDiscount, input.currency, input.created);
  const lines = drafts.map(({ item, quantity }, i) =>
    buildSubscriptionLine(state, {
      subscription: input.subscription,
      item,
      quantity,
      currency: input.currency,
      period: input.period,
      discountAmounts: discounts[i] ?? [],
    }),
  );
  const total = lines.reduce((sum, line) => sum + line.amount - line.discount_amounts.reduce((s, d) => s + d.amount, 0), 0);
  return state.add('invoice', {
    id,
    object: 'invoice',
    customer: input.customer,
    currency: input.currency,
    status: input.status,
    created: input.created,
    period_start: input.period.start,
    period_end: input.period.end,
    total,
    amount_paid: input.status === 'paid' ? total : 0,
    lines: { object: 'list', data: lines, has_more: false, total_count: lines.length, url: `/v1/invoices/${id}/lines` },
    parent: { type: 'subscription_details', subscription_details: { subscription: input.subscription } },
  });
}
