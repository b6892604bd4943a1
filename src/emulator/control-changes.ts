/**
 * One realistic change of a named kind, on demand, at the emulator's clock: what the benchmark needs to
 * send the service real events (the service re-fetches every event's object, so a made-up event would
 * not do). Targets are chosen once per account and then taken in turn, so a change costs the same at
 * 300 customers as at 20,000: nothing here walks the whole account per change.
 */
import type { StripeCoupon, StripeDiscount, StripeEvent, StripePrice, StripeSubscription } from '../metrics/stripe-shapes.ts';
import { buildCharge } from './build-billing.ts';
import { invoiceCurrentPeriod, syncPlan } from './live-billing.ts';
import { createRng, type Rng } from './prng.ts';
import { renderSubscription } from './render.ts';
import type { EmulatorState } from './state.ts';

export const CONTROL_CHANGE_TYPES = [
  'customer.subscription.updated',
  'customer.updated',
  'charge.succeeded',
  'invoice.paid',
  'price.updated',
  'coupon.updated',
] as const;
export type ControlChangeType = (typeof CONTROL_CHANGE_TYPES)[number];

/** Stripe objects carry a nickname and metadata that our shapes leave out; the changes touch only those. */
type Annotated = { name?: string | null; nickname?: string | null; metadata?: Record<string, string> };

const isChangeable = (sub: StripeSubscription | undefined): sub is StripeSubscription =>
  sub !== undefined && sub.status === 'active' && !sub.pause_collection && !sub.cancel_at_period_end && seatIndex(sub) >= 0;

const seatIndex = (sub: StripeSubscription) =>
  sub.items.data.findIndex((item) => item.price.recurring?.usage_type === 'licensed' && item.quantity !== null);

/** The id that occurs most often; ties go to the first seen, so the choice is stable. */
function mostCommon(ids: Iterable<string>): string | undefined {
  const counts = new Map<string, number>();
  let best: string | undefined;
  for (const id of ids) {
    const n = (counts.get(id) ?? 0) + 1;
    counts.set(id, n);
    if (best === undefined || n > (counts.get(best) ?? 0)) best = id;
  }
  return best;
}

export class ControlChanges {
  private readonly rng: Rng = createRng(7);
  private subscriptions: string[] | undefined;
  private turn = 0;
  private revision = 0;
  private busiestPrice: string | undefined;
  private busiestCoupon: string | undefined;

  constructor(private readonly state: EmulatorState) {}

  /**
   * Makes the change and returns its event; undefined when the account has nothing to change. A
   * subscription change goes to `subscription` when it names a changeable one.
   */
  make(type: ControlChangeType, subscription?: string): StripeEvent | undefined {
    this.revision += 1;
    switch (type) {
      case 'customer.subscription.updated':
        return this.changeQuantity(subscription);
      case 'customer.updated':
        return this.renameCustomer();
      case 'charge.succeeded':
        return this.newCharge();
      case 'invoice.paid':
        return this.payCurrentPeriod();
      case 'price.updated':
        return this.annotatePrice();
      case 'coupon.updated':
        return this.annotateCoupon();
    }
  }

  /** The next active subscription with a seat-like item, in turn; ones changed since the list was made are skipped. */
  private nextSubscription(): StripeSubscription | undefined {
    this.subscriptions ??= [...this.state.collection('subscription').values()].filter(isChangeable).map((s) => s.id);
    for (let tries = 0; tries < this.subscriptions.length; tries++) {
      const id = this.subscriptions[this.turn++ % this.subscriptions.length] as string;
      const sub = this.state.get('subscription', id);
      if (isChangeable(sub)) return sub;
    }
    return undefined;
  }

  private changeQuantity(id: string | undefined): StripeEvent | undefined {
    const named = id === undefined ? undefined : this.state.get('subscription', id);
    const sub = id === undefined ? this.nextSubscription() : isChangeable(named) ? named : undefined;
    if (!sub) return undefined;
    const index = seatIndex(sub);
    const before = renderSubscription(this.state, sub).items;
    // Up and down in turn, so repeated runs keep quantities where the generator put them.
    const data = sub.items.data.map((item, k) =>
      k === index ? { ...item, quantity: Math.max(1, (item.quantity ?? 1) + (this.revision % 2 === 0 && (item.quantity ?? 1) > 1 ? -1 : 1)) } : item,
    );
    const updated = this.state.replace('subscription', { ...sub, items: { ...sub.items, data } });
    syncPlan(this.state, updated, this.state.now());
    return this.state.recordEvent('customer.subscription.updated', updated, { items: before });
  }

  private renameCustomer(): StripeEvent | undefined {
    const sub = this.nextSubscription();
    const customer = sub && this.state.get('customer', sub.customer);
    if (!customer || customer.deleted) return undefined;
    const renamed = this.state.replace('customer', { ...customer, name: `${(customer.name ?? 'Customer').replace(/ \(rev \d+\)$/, '')} (rev ${this.revision})` });
    return this.state.recordEvent('customer.updated', renamed, { name: customer.name });
  }

  private newCharge(): StripeEvent | undefined {
    const sub = this.nextSubscription();
    if (!sub) return undefined;
    const charge = buildCharge(this.state, { customer: sub.customer, amount: 1000 + this.rng.int(0, 9000), currency: sub.currency, status: 'succeeded' });
    return this.state.recordEvent('charge.succeeded', charge);
  }

  /** Stripe sends invoice.created, charge.succeeded and invoice.payment_succeeded too; the caller gets invoice.paid. */
  private payCurrentPeriod(): StripeEvent | undefined {
    const sub = this.nextSubscription();
    if (!sub) return undefined;
    return invoiceCurrentPeriod(this.state, this.rng, sub, true).events.find((e) => e.type === 'invoice.paid');
  }

  /** The price most subscriptions use: the realistic worst case for a service that re-prices its users. */
  private annotatePrice(): StripeEvent | undefined {
    this.busiestPrice ??= mostCommon(this.liveSubscriptions().flatMap((s) => s.items.data.map((i) => i.price.id)));
    const price = this.busiestPrice === undefined ? undefined : this.state.get('price', this.busiestPrice);
    if (!price) return undefined;
    const old = price as StripePrice & Annotated;
    const annotated: StripePrice & Annotated = { ...price, nickname: `Plan rev ${this.revision}`, metadata: { ...old.metadata, revision: String(this.revision) } };
    this.state.replace('price', annotated);
    return this.state.recordEvent('price.updated', annotated, { nickname: old.nickname ?? null, metadata: old.metadata ?? {} });
  }

  private annotateCoupon(): StripeEvent | undefined {
    this.busiestCoupon ??= mostCommon(this.liveSubscriptions().flatMap((s) => this.couponsOf(s)));
    this.busiestCoupon ??= this.state.collection('coupon').values().next().value?.id;
    const coupon = this.busiestCoupon === undefined ? undefined : this.state.get('coupon', this.busiestCoupon);
    if (!coupon) return undefined;
    const old = coupon as StripeCoupon & Annotated;
    const annotated: StripeCoupon & Annotated = { ...coupon, name: `Offer rev ${this.revision}`, metadata: { ...old.metadata, revision: String(this.revision) } };
    this.state.replace('coupon', annotated);
    return this.state.recordEvent('coupon.updated', annotated, { name: old.name ?? null, metadata: old.metadata ?? {} });
  }

  private liveSubscriptions(): StripeSubscription[] {
    return [...this.state.collection('subscription').values()].filter((s) => s.status === 'active' || s.status === 'past_due');
  }

  /** Coupons a subscription pays with: its own discounts, its items', and its customer's. */
  private couponsOf(sub: StripeSubscription): string[] {
    const customerDiscount = this.state.get('customer', sub.customer)?.discount ?? null;
    const refs: Array<string | StripeDiscount | null> = [...sub.discounts, ...sub.items.data.flatMap((i) => i.discounts), customerDiscount];
    return refs.flatMap((ref) => {
      const discount = typeof ref === 'string' ? this.state.discounts.get(ref) : ref;
      const coupon = discount?.source.coupon;
      return coupon === null || coupon === undefined ? [] : [typeof coupon === 'string' ? coupon : coupon.id];
    });
  }
}
