// Test fixtures: older API versions' shapes, made from current ones the way Stripe renders them for an
// endpoint created on an older version.
import type { StripeDiscount, StripeInvoice, StripePrice, StripeSubscription } from '../stripe-shapes.ts';

/** Before 2025-09-30: the coupon sits on the discount itself. */
export function olderDiscount({ source, ...rest }: StripeDiscount) {
  return { ...rest, coupon: source.coupon };
}

/** Before 2020-08-27 an item named a plan. */
function planOf(price: StripePrice) {
  const { unit_amount, unit_amount_decimal, recurring, transform_quantity, type: _type, tax_behavior: _tax, ...rest } = price;
  return { ...rest, object: 'plan', amount: unit_amount, amount_decimal: unit_amount_decimal, transform_usage: transform_quantity, ...recurring };
}

/** Before 2025-03-31: the billing period on the subscription, and one `discount`; before 2020-08-27, plans. */
export function olderSubscription(sub: StripeSubscription) {
  const { discounts, items, ...rest } = sub;
  const first = items.data[0]!;
  return {
    ...rest,
    discount: discounts[0] && typeof discounts[0] === 'object' ? olderDiscount(discounts[0]) : null,
    current_period_start: first.current_period_start,
    current_period_end: first.current_period_end,
    items: {
      ...items,
      data: items.data.map(({ price, current_period_start: _s, current_period_end: _e, discounts: _d, ...i }) => ({ ...i, plan: planOf(price) })),
    },
  };
}

/** Before 2025-03-31: `invoice.subscription`, and each line's own type, subscription, proration and price. */
export function olderInvoice(invoice: StripeInvoice) {
  const { parent, discounts: _discounts, lines, ...rest } = invoice;
  return {
    ...rest,
    subscription: parent?.subscription_details?.subscription ?? null,
    discount: null,
    lines: {
      ...lines,
      data: lines.data.map(({ parent: lineParent, pricing, ...line }) => {
        const details = lineParent?.subscription_item_details;
        return {
          ...line,
          type: details ? 'subscription' : 'invoiceitem',
          subscription: details?.subscription ?? null,
          subscription_item: details?.subscription_item ?? null,
          proration: details?.proration ?? false,
          price: pricing?.price_details ? { id: pricing.price_details.price, object: 'price', product: pricing.price_details.product } : null,
        };
      }),
    },
  };
}
