import {
  buildSnapshot,
  chargeNetRevenue,
  subscriptionContribution,
  type Contribution,
  type DiscountPolicy,
  type RatesConfig,
  type Snapshot,
} from '../metrics/index.ts';
import type { ObjectsRepository } from '../store/objects-repository.ts';
import { loadPricingData, scanCharges, scanSubscriptions } from './load-metric-inputs.ts';

export interface MetricsSettings {
  rates: RatesConfig;
  discountPolicy: DiscountPolicy;
}

/** A subscription the engine refused to price (say, a tiered price stored without its tiers). */
export type UnpricedHandler = (subscriptionId: string, reason: string) => void;

/**
 * The figures the API serves, computed from stored data when the data changes and never per request.
 * Contributions are kept per subscription so that later changes can be applied one object at a time.
 */
export class RevenueSnapshot {
  private contributions = new Map<string, Contribution>();
  private revenueByCharge = new Map<string, { currency: string; amount: number }>();
  private customersTotal = 0;
  private snapshot: Snapshot;

  constructor(
    private readonly objects: ObjectsRepository,
    private readonly settings: MetricsSettings,
    private readonly nowSeconds: () => number,
    private readonly onUnpriced: UnpricedHandler = () => undefined,
  ) {
    this.snapshot = this.summarize();
  }

  current(): Snapshot {
    return this.snapshot;
  }

  async rebuild(): Promise<Snapshot> {
    const pricing = await loadPricingData(this.objects);
    const asOf = this.nowSeconds();
    const contributions = new Map<string, Contribution>();
    for await (const batch of scanSubscriptions(this.objects)) {
      for (const sub of batch) {
        try {
          contributions.set(
            sub.id,
            subscriptionContribution(sub, {
              prices: pricing.prices,
              coupons: pricing.coupons,
              customer: pricing.customers.get(sub.customer),
              policy: this.settings.discountPolicy,
              asOf,
            }),
          );
        } catch (error) {
          // One unpriceable subscription must not take every other figure down with it.
          this.onUnpriced(sub.id, (error as Error).message);
        }
      }
    }
    const revenueByCharge = new Map<string, { currency: string; amount: number }>();
    for await (const batch of scanCharges(this.objects)) {
      for (const charge of batch) revenueByCharge.set(charge.id, chargeNetRevenue(charge));
    }
    this.contributions = contributions;
    this.revenueByCharge = revenueByCharge;
    this.customersTotal = await this.objects.count('customer');
    this.snapshot = this.summarize();
    return this.snapshot;
  }

  private summarize(): Snapshot {
    const revenueByCurrency = new Map<string, number>();
    for (const { currency, amount } of this.revenueByCharge.values()) {
      revenueByCurrency.set(currency, (revenueByCurrency.get(currency) ?? 0) + amount);
    }
    return buildSnapshot({
      contributions: this.contributions.values(),
      customersTotal: this.customersTotal,
      revenueByCurrency,
      rates: this.settings.rates,
    });
  }
}
