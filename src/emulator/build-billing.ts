/** Builds charges and invoices. Invoice lines are priced with `pricing.ts` so they match their items. */
import type {
  StripeCharge,
  StripeInvoice,
  StripeInvoiceLineItem,
  StripePrice,
  StripeSubscription,
  StripeSubscriptionItem,
} from '../metrics/stripe-shapes.ts';
import { idOf } from './build-subscription.ts';
import type { ChargeInput, InvoiceInput } from './builder-inputs.ts';
import { periodAmount } from './pricing.ts';
import type { EmulatorState } from './state.ts';

export function buildCharge(state: EmulatorState, input: ChargeInput): StripeCharge {
  const status = input.status ?? 'succeeded';
  const captured = status === 'succeeded' ? input.amount : 0;
  const refunded = Math.min(input.amountRefunded ?? 0, captured);
  const created = input.created ?? state.now();
  const customer = input.customer === null ? null : idOf(input.customer);
  // A refund of an invoice payment is issued as a credit note, as Stripe's dashboard does it.
  if (refunded > 0 && input.invoice && customer !== null) {
    state.add('credit_note', {
      id: state.ids.next('cn'),
      object: 'credit_note',
      created,
      customer,
      currency: input.currency ?? 'usd',
      invoice: input.invoice,
      amount: refunded,
      status: 'issued',
      type: 'post_payment',
      reason: 'product_unsatisfactory',
      refunds: [{ amount_refunded: refunded, refund: state.ids.next('re') }],
      out_of_band_amount: null,
    });
  }
  return state.add('charge', {
    id: state.ids.next('ch'),
    object: 'charge',
    amount: input.amount,
    amount_captured: captured,
    amount_refunded: refunded,
    currency: input.currency ?? 'usd',
    customer,
    created,
    status,
    paid: status === 'succeeded',
    refunded: captured > 0 && refunded === captured,
    invoice: input.invoice ?? null,
  });
}

export interface SubscriptionLineInput {
  subscription: string;
  item: { id: string; price: StripePrice };
  quantity: number;
  currency: string;
  period: { start: number; end: number };
  discountAmounts: StripeInvoiceLineItem['discount_amounts'];
}

/** One subscription item's line on an invoice: the period, the pre-discount amount and its discounts. */
export function buildSubscriptionLine(state: EmulatorState, input: SubscriptionLineInput): StripeInvoiceLineItem {
  const { item } = input;
  return {
    id: state.ids.next('il'),
    object: 'line_item',
    amount: periodAmount(item.price, input.quantity),
    currency: input.currency,
    quantity: input.quantity,
    period: { ...input.period },
    discount_amounts: input.discountAmounts,
    parent: {
      type: 'subscription_item_details',
      subscription_item_details: { subscription: input.subscription, subscription_item: item.id, proration: false },
      invoice_item_details: null,
    },
    pricing: {
      type: 'price_details',
      price_details: { price: item.price.id, product: item.price.product },
      unit_amount_decimal: item.price.unit_amount_decimal,
    },
  };
}

function buildLine(state: EmulatorState, sub: StripeSubscription, item: StripeSubscriptionItem, meteredQuantity: number): StripeInvoiceLineItem {
  return buildSubscriptionLine(state, {
    subscription: sub.id,
    item,
    quantity: item.quantity ?? meteredQuantity,
    currency: sub.currency,
    period: { start: item.current_period_start, end: item.current_period_end },
    discountAmounts: [],
  });
}

/** An invoice for the subscription's current period, one line per item, before discounts. */
export function buildInvoice(state: EmulatorState, input: InvoiceInput): StripeInvoice {
  const sub = input.subscription;
  const id = state.ids.next('in');
  const lines = sub.items.data.map((item) => buildLine(state, sub, item, input.meteredQuantity ?? 0));
  const total = lines.reduce((sum, line) => sum + line.amount, 0);
  const status = input.status ?? 'paid';
  const periodStart = sub.items.data[0]?.current_period_start ?? sub.start_date;
  const periodEnd = sub.items.data[0]?.current_period_end ?? sub.start_date;
  return state.add('invoice', {
    id,
    object: 'invoice',
    customer: sub.customer,
    currency: sub.currency,
    status,
    created: input.created ?? periodStart,
    period_start: periodStart,
    period_end: periodEnd,
    total,
    amount_paid: status === 'paid' ? total : 0,
    lines: { object: 'list', data: lines, has_more: false, total_count: lines.length, url: `/v1/invoices/${id}/lines` },
    parent: { type: 'subscription_details', subscription_details: { subscription: sub.id } },
  });
}
