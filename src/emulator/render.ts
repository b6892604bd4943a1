/**
 * Turns stored objects into what Stripe sends for the pinned API version: discount references stay
 * ids unless expanded, price tiers only when expanded, embedded lists cut to their first page, deleted
 * customers as stubs. `expand` holds paths relative to the object being rendered.
 */
import type {
  StripeCustomer,
  StripeDiscount,
  StripeInvoice,
  StripeInvoiceLineItem,
  StripeList,
  StripePrice,
  StripeSubscription,
  StripeSubscriptionItem,
} from '../metrics/stripe-shapes.ts';
import type { AccountLookup } from './stored-types.ts';

export type Expand = ReadonlySet<string>;

const NO_EXPAND: Expand = new Set();
/** Stripe embeds this many children in subscription.items and invoice.lines. */
export const EMBEDDED_LIST_LIMIT = 10;

/** A rendered discount carries its coupon in full, so consumers need no extra request per coupon. */
export function renderDiscount(state: AccountLookup, discount: StripeDiscount): StripeDiscount {
  const ref = discount.source.coupon;
  const coupon = typeof ref === 'string' ? (state.get('coupon', ref) ?? ref) : ref;
  return { ...discount, source: { type: 'coupon', coupon } };
}

function renderDiscountRefs(
  state: AccountLookup,
  refs: ReadonlyArray<string | StripeDiscount>,
  expanded: boolean,
): Array<string | StripeDiscount> {
  return refs.map((ref) => {
    const id = typeof ref === 'string' ? ref : ref.id;
    if (!expanded) return id;
    const discount = typeof ref === 'string' ? state.discounts.get(ref) : ref;
    return discount ? renderDiscount(state, discount) : id;
  });
}

export function renderPrice(price: StripePrice, expand: Expand = NO_EXPAND): StripePrice {
  if (expand.has('tiers') || price.tiers === undefined) return price;
  const { tiers: _hidden, ...rest } = price;
  return rest;
}

export function renderSubscriptionItem(
  state: AccountLookup,
  item: StripeSubscriptionItem,
  expand: Expand = NO_EXPAND,
): StripeSubscriptionItem {
  // The item shows the price as it is now, not as it was when the item was built.
  const price = state.get('price', item.price.id) ?? item.price;
  return {
    ...item,
    price: renderPrice(price),
    discounts: renderDiscountRefs(state, item.discounts, expand.has('discounts')),
  };
}

function firstPage<T>(all: readonly T[], url: string, render: (child: T) => T): StripeList<T> {
  return {
    object: 'list',
    data: all.slice(0, EMBEDDED_LIST_LIMIT).map(render),
    has_more: all.length > EMBEDDED_LIST_LIMIT,
    total_count: all.length,
    url,
  };
}

export function renderSubscription(
  state: AccountLookup,
  sub: StripeSubscription,
  expand: Expand = NO_EXPAND,
): StripeSubscription {
  const itemExpand: Expand = expand.has('items.data.discounts') ? new Set(['discounts']) : NO_EXPAND;
  return {
    ...sub,
    discounts: renderDiscountRefs(state, sub.discounts, expand.has('discounts')),
    items: firstPage(sub.items.data, `/v1/subscription_items?subscription=${sub.id}`, (item) =>
      renderSubscriptionItem(state, item, itemExpand),
    ),
  };
}

export type RenderedCustomer = StripeCustomer | { id: string; object: 'customer'; deleted: true };

function fullCustomer(state: AccountLookup, customer: StripeCustomer): StripeCustomer {
  return { ...customer, discount: customer.discount ? renderDiscount(state, customer.discount) : null };
}

export function renderCustomer(state: AccountLookup, customer: StripeCustomer): RenderedCustomer {
  if (customer.deleted) return { id: customer.id, object: 'customer', deleted: true };
  return fullCustomer(state, customer);
}

const discountIdsOf = (line: StripeInvoiceLineItem): string[] => [
  ...new Set(line.discount_amounts.map(({ discount }) => (typeof discount === 'string' ? discount : discount.id))),
];

/** A line names the discounts behind its `discount_amounts`, as Stripe's lines do. */
export function renderInvoiceLine(state: AccountLookup, line: StripeInvoiceLineItem, expand: Expand = NO_EXPAND): StripeInvoiceLineItem {
  return { ...line, discounts: renderDiscountRefs(state, discountIdsOf(line), expand.has('discounts')) };
}

export function renderInvoice(state: AccountLookup, invoice: StripeInvoice, expand: Expand = NO_EXPAND): StripeInvoice {
  const lineExpand: Expand = expand.has('lines.data.discounts') ? new Set(['discounts']) : NO_EXPAND;
  const discounts = [...new Set(invoice.lines.data.flatMap(discountIdsOf))];
  return {
    ...invoice,
    discounts: renderDiscountRefs(state, discounts, expand.has('discounts')),
    lines: firstPage(invoice.lines.data, `/v1/invoices/${invoice.id}/lines`, (line) => renderInvoiceLine(state, line, lineExpand)),
  };
}

/** The unexpanded API form of any stored object, used for event snapshots. */
export function renderForEvent(state: AccountLookup, obj: { id: string; object: string }): unknown {
  switch (obj.object) {
    case 'subscription':
      return renderSubscription(state, obj as StripeSubscription);
    case 'subscription_item':
      return renderSubscriptionItem(state, obj as StripeSubscriptionItem);
    case 'price':
      return renderPrice(obj as StripePrice);
    case 'invoice':
      return renderInvoice(state, obj as StripeInvoice);
    case 'customer':
      // Events carry the whole customer even when it is deleted (customer.deleted).
      return fullCustomer(state, obj as StripeCustomer);
    case 'discount':
      return renderDiscount(state, obj as StripeDiscount);
    default:
      return obj;
  }
}
