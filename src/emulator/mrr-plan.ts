/**
 * The generator's own record of what each subscription paid: one span per stretch of time in which a
 * subscription counted toward MRR with one configuration (items, quantities, discounts). The generator
 * and the live activity write it as they decide; `expected-mrr.ts` reads it. It is never derived from
 * the invoices or subscriptions it describes, so tests can hold those (and the service) against it.
 */
import type { StripeCoupon, StripeDiscount, StripePrice } from '../metrics/stripe-shapes.ts';
import type { AccountLookup } from './stored-types.ts';

export interface PlannedDiscount {
  id: string;
  coupon: StripeCoupon;
  /** Unix seconds the discount stops applying; null for ever. */
  end: number | null;
}

export interface PlannedItem {
  id: string;
  /** Carries its tiers. */
  price: StripePrice;
  /** null for metered items. */
  quantity: number | null;
  discounts: PlannedDiscount[];
}

export interface MrrSpan {
  subscription: string;
  customer: string;
  currency: string;
  /** Inclusive, unix seconds. */
  from: number;
  /** Exclusive; null while it still counts. */
  to: number | null;
  items: PlannedItem[];
  /** The subscription's own discounts. */
  discounts: PlannedDiscount[];
  /** Applies only while none of the subscription's own discounts runs. */
  customerDiscount: PlannedDiscount | null;
}

export class MrrPlan {
  readonly spans: MrrSpan[] = [];
  private readonly open = new Map<string, MrrSpan>();

  /** Starts a span at `span.from`, ending the subscription's open one there. */
  begin(span: Omit<MrrSpan, 'to'>): MrrSpan {
    this.end(span.subscription, span.from);
    const opened: MrrSpan = { ...span, to: null };
    this.spans.push(opened);
    this.open.set(span.subscription, opened);
    return opened;
  }

  /** Adds a span that has already ended. */
  record(span: MrrSpan): void {
    if (span.to !== null && span.to <= span.from) return;
    this.spans.push(span);
    if (span.to === null) this.open.set(span.subscription, span);
  }

  /** Stops the subscription counting at `at`; a no-op when it does not count now. */
  end(subscription: string, at: number): void {
    const span = this.open.get(subscription);
    if (!span) return;
    span.to = at;
    this.open.delete(subscription);
  }

  openSpan(subscription: string): MrrSpan | undefined {
    return this.open.get(subscription);
  }
}

export function plannedDiscount(state: AccountLookup, ref: string | StripeDiscount): PlannedDiscount | null {
  const discount = typeof ref === 'string' ? state.discounts.get(ref) : ref;
  const couponRef = discount?.source.coupon;
  const coupon = typeof couponRef === 'string' ? state.get('coupon', couponRef) : couponRef;
  if (!discount || !coupon) return null;
  return { id: discount.id, coupon, end: discount.end };
}

export function plannedDiscounts(state: AccountLookup, refs: ReadonlyArray<string | StripeDiscount>): PlannedDiscount[] {
  return refs.map((ref) => plannedDiscount(state, ref)).filter((d): d is PlannedDiscount => d !== null);
}
