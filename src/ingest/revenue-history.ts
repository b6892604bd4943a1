import { buildIntervals, couponResolver, type MrrInterval } from '../metrics/history/index.ts';
import type { StripeCoupon, StripeDiscount, StripeInvoice, StripeSubscription } from '../metrics/stripe-shapes.ts';
import type { ObjectsRepository } from '../store/objects-repository.ts';
import type { MetricsSettings, RevenueSnapshot } from './revenue-snapshot.ts';

export interface HistoryInputs {
  intervals: MrrInterval[];
  subscriptions: StripeSubscription[];
  now: number;
}

/**
 * The MRR intervals behind every history figure, built from stored invoices and the current
 * contributions, so that today's point is the headline. Built when first asked for after a change,
 * and shared by the requests that wait for it.
 */
export class RevenueHistory {
  private built: Promise<HistoryInputs> | undefined;

  constructor(
    private readonly objects: ObjectsRepository,
    private readonly snapshot: RevenueSnapshot,
    private readonly settings: MetricsSettings,
    private readonly nowSeconds: () => number,
  ) {
    snapshot.subscribe(() => (this.built = undefined));
  }

  inputs(): Promise<HistoryInputs> {
    this.built ??= this.build().catch((error: unknown) => {
      this.built = undefined;
      throw error;
    });
    return this.built;
  }

  private async build(): Promise<HistoryInputs> {
    const now = this.nowSeconds();
    const contributions = new Map(this.snapshot.contributions());
    const pricing = this.snapshot.pricingData();
    const subscriptions: StripeSubscription[] = [];
    const couponsByDiscount = new Map<string, StripeCoupon>();
    const remember = (discount: string | StripeDiscount) => {
      if (typeof discount === 'string') return;
      const coupon = discount.source.coupon;
      const resolved = typeof coupon === 'string' ? pricing.coupons.get(coupon) : coupon;
      if (resolved) couponsByDiscount.set(discount.id, resolved);
    };
    for await (const batch of this.objects.scan<StripeSubscription>('subscription')) {
      for (const { data } of batch) {
        subscriptions.push(data);
        data.discounts.forEach(remember);
        for (const item of data.items.data) item.discounts.forEach(remember);
      }
    }
    for (const customer of pricing.customers.values()) if (customer.discount) remember(customer.discount);
    const invoices: StripeInvoice[] = [];
    for await (const batch of this.objects.scan<StripeInvoice>('invoice')) {
      for (const { data } of batch) {
        invoices.push(data);
        data.discounts?.forEach(remember);
        for (const line of data.lines.data) line.discounts?.forEach(remember);
      }
    }
    const intervals = buildIntervals({
      invoices,
      subscriptions,
      currentContributions: contributions,
      prices: pricing.prices,
      coupons: couponResolver(couponsByDiscount, pricing.coupons),
      policy: this.settings.discountPolicy,
      now,
    });
    return { intervals, subscriptions, now };
  }
}
