import type { CouponDuration, StripeCoupon, StripeDiscount, StripeInvoice, StripeInvoiceLineItem } from '../stripe-shapes.ts';

/** One discount taken off a counted line, with its coupon as far as the invoice itself names it. */
export interface LineDiscount {
  amount: number;
  discountId: string;
  /** The coupon's id, when the invoice's expanded discounts name it. */
  couponId: string | null;
  /** The coupon's duration when the invoice embeds the coupon itself; a stored coupon wins over it. */
  embeddedDuration: CouponDuration | null;
}

/**
 * A subscription line of a paid or open invoice (rule 10), cut down to what history reads, so that
 * history never has to read invoices again. Prorations and one-off items carry no MRR.
 */
export interface CountedLine {
  invoiceId: string;
  invoiceCreated: number;
  customerId: string;
  /** Lower-case ISO code. */
  currency: string;
  subscriptionId: string;
  start: number;
  end: number;
  amount: number;
  priceId: string | null;
  discounts: LineDiscount[];
}

// Drafts can still change, and void/uncollectible invoices were never revenue (rule 10).
const COUNTED: ReadonlySet<string> = new Set(['paid', 'open']);

/** Discounts the invoice expands, by id: how an id in `discount_amounts` finds its coupon. */
function expandedDiscounts(invoice: StripeInvoice): Map<string, StripeDiscount> {
  const byId = new Map<string, StripeDiscount>();
  const remember = (discount: string | StripeDiscount) => {
    if (typeof discount !== 'string') byId.set(discount.id, discount);
  };
  invoice.discounts?.forEach(remember);
  for (const line of invoice.lines.data) line.discounts?.forEach(remember);
  return byId;
}

function lineDiscount(entry: StripeInvoiceLineItem['discount_amounts'][number], expanded: ReadonlyMap<string, StripeDiscount>): LineDiscount {
  const discountId = typeof entry.discount === 'string' ? entry.discount : entry.discount.id;
  const discount = typeof entry.discount === 'string' ? expanded.get(entry.discount) : entry.discount;
  const coupon: string | StripeCoupon | null | undefined = discount?.source?.coupon;
  return {
    amount: entry.amount,
    discountId,
    couponId: coupon === null || coupon === undefined ? null : typeof coupon === 'string' ? coupon : coupon.id,
    embeddedDuration: typeof coupon === 'object' && coupon !== null ? coupon.duration : null,
  };
}

/** Expects every line in `lines.data` (the sync and re-fetches complete them). */
export function countedLines(invoice: StripeInvoice): CountedLine[] {
  if (!COUNTED.has(invoice.status)) return [];
  const expanded = expandedDiscounts(invoice);
  const lines: CountedLine[] = [];
  for (const line of invoice.lines.data) {
    const details = line.parent?.subscription_item_details;
    if (details === null || details === undefined || details.subscription === null || details.proration) continue;
    lines.push({
      invoiceId: invoice.id,
      invoiceCreated: invoice.created,
      customerId: invoice.customer,
      currency: invoice.currency.toLowerCase(),
      subscriptionId: details.subscription,
      start: line.period.start,
      end: line.period.end,
      amount: line.amount,
      priceId: line.pricing?.price_details?.price ?? null,
      discounts: line.discount_amounts.map((entry) => lineDiscount(entry, expanded)),
    });
  }
  return lines;
}
